// A fresh self-signed certificate per simulator, like a test instance nobody bought a cert for.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
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
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', keyPath, '-out', certPath, '-days', '7',
    '-subj', '/O=Kantega SSO simulator/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
  ]);
  const [keyPem, certPem] = await Promise.all([readFile(keyPath, 'utf8'), readFile(certPath, 'utf8')]);
  return { dir, certPath, keyPem, certPem };
}
