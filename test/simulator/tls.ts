// A fresh certificate per simulator: self-signed, like a test instance nobody bought a cert for,
// or issued by a fresh internal CA, like most corporate instances.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface SelfSignedCertificate {
  readonly dir: string;
  readonly certPath: string;
  readonly keyPem: string;
  readonly certPem: string;
}

/** Generates an EC key and a self-signed cert for CN 127.0.0.1 with SANs 127.0.0.1 and localhost. */
export async function generateSelfSignedCertificate(): Promise<SelfSignedCertificate> {
  const dir = await mkdtemp(join(tmpdir(), 'ksso-simulator-tls-'));
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'ca.pem');
  await run('/usr/bin/openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    keyPath,
    '-out',
    certPath,
    '-days',
    '7',
    '-subj',
    '/O=Kantega SSO simulator/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1,DNS:localhost',
  ]);
  const [keyPem, certPem] = await Promise.all([readFile(keyPath, 'utf8'), readFile(certPath, 'utf8')]);
  return { dir, certPath, keyPem, certPem };
}

/**
 * Generates an internal CA and a server certificate it issued (SANs 127.0.0.1 and localhost).
 * `certPem` is the server's; the CA's PEM is at `certPath`, as a user would add it to their trust.
 */
export async function generateCaSignedCertificate(): Promise<SelfSignedCertificate & { readonly caPem: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'ksso-simulator-tls-'));
  const file = (name: string) => join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await run('/usr/bin/openssl', [
    'req',
    '-x509',
    ...ec,
    '-keyout',
    file('ca-key.pem'),
    '-out',
    file('ca.pem'),
    '-days',
    '7',
    '-subj',
    '/O=Kantega SSO simulator/CN=Simulated internal CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  await run('/usr/bin/openssl', [
    'req',
    '-new',
    ...ec,
    '-keyout',
    file('key.pem'),
    '-out',
    file('server.csr'),
    '-subj',
    '/O=Kantega SSO simulator/CN=127.0.0.1',
  ]);
  await writeFile(file('ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  await run('/usr/bin/openssl', [
    'x509',
    '-req',
    '-in',
    file('server.csr'),
    '-CA',
    file('ca.pem'),
    '-CAkey',
    file('ca-key.pem'),
    '-CAcreateserial',
    '-out',
    file('server.pem'),
    '-days',
    '7',
    '-extfile',
    file('ext.cnf'),
  ]);
  const [keyPem, certPem, caPem] = await Promise.all(
    [file('key.pem'), file('server.pem'), file('ca.pem')].map((f) => readFile(f, 'utf8')),
  );
  return { dir, certPath: file('ca.pem'), keyPem, certPem, caPem };
}
