// Trusting what the editor trusts: the operating system's store (while http.systemCertificates is
// on) and NODE_EXTRA_CA_CERTS, besides Node's roots and kantegaSso.caCertificates. Real https
// simulators whose private CA is only in the store a process is pointed at; the readers of each
// platform with the programs' output stood in for where this machine has no such program.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { pemBlocks } from '../../../src/core/transport/caCertificates';
import {
  CertificateStore,
  type CertificateSources,
  type RunProgram,
} from '../../../src/core/transport/systemCertificates';
import { trustFor } from '../../../src/core/transport/trust';
import { startSimulator, type Simulator } from '../../simulator';
import { generateSelfSignedCertificate } from '../../simulator/tls';
import type { ProbeAnswer, ProbeCase } from './trustProbe';

const PROBE = path.join(__dirname, 'trustProbe.ts');
/** The server's issuer is not trusted (OpenSSL's code depends on whether it sent its chain). */
const UNKNOWN_ISSUER = /^UNABLE_TO_(VERIFY_LEAF_SIGNATURE|GET_ISSUER_CERT_LOCALLY)$/;

/** Pings from a fresh process whose environment is `env` (and no proxy, no other certificate variables). */
function probe(env: Record<string, string>, cases: ProbeCase[]): Promise<ProbeAnswer> {
  const inherited = { ...process.env };
  for (const name of ['SSL_CERT_FILE', 'SSL_CERT_DIR', 'NODE_EXTRA_CA_CERTS', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY'])
    delete inherited[name];
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', PROBE, JSON.stringify(cases)],
      { env: { ...inherited, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`probe failed: ${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as ProbeAnswer);
      },
    );
  });
}

/** Connects with this trust to a simulator: whether the handshake verified its certificate. */
function handshake(sim: Simulator, options: tls.ConnectionOptions): Promise<string | undefined> {
  const { hostname, port } = new URL(sim.baseUrl);
  return new Promise((resolve) => {
    const socket = tls.connect({ host: hostname, port: Number(port), ...options }, () => {
      socket.end();
      resolve(undefined);
    });
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
}

let dir: string;
let internal: Simulator;
let other: Simulator;
let unrelatedPem: string;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ksso-system-certificates-'));
  [internal, other] = await Promise.all([startSimulator({ tls: 'internalCa' }), startSimulator({ tls: 'internalCa' })]);
  unrelatedPem = (await generateSelfSignedCertificate()).certPem;
});

after(async () => {
  await Promise.all([internal?.close(), other?.close()]);
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, text: string): Promise<string> {
  const full = path.join(dir, name);
  await writeFile(full, text);
  return full;
}

describe('a client in a process pointed at a certificate store (real https simulators)', () => {
  it('trusts a CA only in the OS store while http.systemCertificates is on; says it is off when off', async () => {
    // A distribution bundle: the public roots and the company's internal CA, as update-ca-certificates writes it.
    const bundle = await file(
      'bundle.crt',
      `${tls.rootCertificates.slice(0, 5).join('\n')}\n${internal.caCertificate}`,
    );
    const answer = await probe({ SSL_CERT_FILE: bundle }, [
      { baseUrl: internal.baseUrl, systemCertificates: true },
      { baseUrl: internal.baseUrl, systemCertificates: false },
      { baseUrl: other.baseUrl, systemCertificates: true },
      { baseUrl: other.baseUrl, systemCertificates: true, caCertificates: [other.caCertificate as string] },
    ]);
    const [on, off, elsewhere, configured] = answer.outcomes;
    assert.deepEqual(on, { ok: true });
    assert.equal(off.ok, false);
    assert.equal(!off.ok && off.kind, 'tls');
    assert.match(
      !off.ok ? off.message : '',
      /unknown certificate authority \(an internal CA\?\)\. The setting http\.systemCertificates is off, so the operating system's certificate store is not consulted\. To trust it, turn http\.systemCertificates on if that CA's certificate is installed there, or add it to the setting kantegaSso\.caCertificates \(a PEM file\)\./,
    );
    assert.equal(!elsewhere.ok && elsewhere.kind, 'tls');
    assert.match(
      !elsewhere.ok ? elsewhere.message : '',
      /That CA is neither in the operating system's certificate store nor in kantegaSso\.caCertificates\. To trust it, install that CA's certificate in the operating system's certificate store and reload the window, or add it to the setting kantegaSso\.caCertificates/,
    );
    assert.deepEqual(configured, { ok: true }, 'the store and the configured files together');
    assert.deepEqual(answer.problems, []);
  });

  it('adds NODE_EXTRA_CA_CERTS to its own list of CAs; an unreadable store falls back, told once', async () => {
    const garbage = await file('garbage.crt', 'this is not a certificate bundle\n');
    const extra = internal.caCertificatePath as string;
    const answer = await probe({ SSL_CERT_FILE: garbage, NODE_EXTRA_CA_CERTS: extra }, [
      { baseUrl: internal.baseUrl, systemCertificates: true },
      // With a CA of its own the client builds its list: Node would leave NODE_EXTRA_CA_CERTS out of it.
      { baseUrl: internal.baseUrl, systemCertificates: false, caCertificates: [unrelatedPem] },
      { baseUrl: other.baseUrl, systemCertificates: true },
      { baseUrl: other.baseUrl, systemCertificates: true, caCertificates: [other.caCertificate as string] },
    ]);
    const [onUnreadable, extraKept, unknown, configured] = answer.outcomes;
    assert.deepEqual(onUnreadable, { ok: true });
    assert.deepEqual(extraKept, { ok: true });
    assert.equal(!unknown.ok && unknown.kind, 'tls');
    assert.match(
      !unknown.ok ? unknown.message : '',
      /The operating system's certificate store could not be read \(the Kantega SSO log says why\)\. To trust it, export that CA's certificate and add it to the setting kantegaSso\.caCertificates/,
    );
    assert.deepEqual(configured, { ok: true });
    assert.deepEqual(answer.problems, [`SSL_CERT_FILE names ${garbage}, which holds no PEM certificate`]);
  });
});

describe('reading the store on Linux and other Unix (OpenSSL conventions)', () => {
  const linux = (env: NodeJS.ProcessEnv, more: Partial<CertificateSources> = {}) =>
    new CertificateStore({ platform: 'linux', env, ...more });

  it('SSL_CERT_FILE, and every file of each SSL_CERT_DIR, duplicates and non-certificates aside', async () => {
    const certDir = path.join(dir, 'certs');
    await mkdir(certDir, { recursive: true });
    await writeFile(path.join(certDir, 'internal.pem'), internal.caCertificate as string);
    await symlink(path.join(certDir, 'internal.pem'), path.join(certDir, 'abcdef01.0'));
    await writeFile(path.join(certDir, 'README'), 'not a certificate');
    await mkdir(path.join(certDir, 'sub'), { recursive: true });
    const other = await file('other.pem', unrelatedPem.replace(/\n/g, '\r\n'));
    const read = await linux({
      SSL_CERT_FILE: other,
      SSL_CERT_DIR: `${certDir}:${path.join(dir, 'missing')}`,
    }).systemCertificates();
    assert.deepEqual(
      new Set(read.pems),
      new Set([...pemBlocks(unrelatedPem), ...pemBlocks(internal.caCertificate as string)]),
    );
    assert.equal(read.pems.length, 3, 'the hash link read again: a duplicate the trust list drops');
    assert.match(read.problem ?? '', /^SSL_CERT_DIR names .*missing, which could not be read \(ENOENT\)$/);
  });

  it('else the first distribution bundle that exists', async () => {
    const second = await file('second.crt', internal.caCertificate as string);
    const third = await file('third.crt', unrelatedPem);
    const read = await linux({}, { bundles: [path.join(dir, 'absent.crt'), second, third] }).systemCertificates();
    assert.deepEqual(read, { pems: pemBlocks(internal.caCertificate as string) });
  });

  it('no bundle, or an unreadable SSL_CERT_FILE: no certificates, the reason told once, nothing thrown', async () => {
    const told: string[] = [];
    const none = linux({}, { bundles: [path.join(dir, 'absent-1.crt'), path.join(dir, 'absent-2.crt')] });
    for (let i = 0; i < 3; i++) assert.deepEqual((await none.systemCertificates((p) => told.push(p))).pems, []);
    assert.equal(told.length, 1);
    assert.match(told[0], /^no certificate bundle was found \(looked for .*absent-1\.crt, .*absent-2\.crt\)$/);
    const unreadable = await linux({ SSL_CERT_FILE: dir }).systemCertificates();
    assert.deepEqual(unreadable.pems, []);
    assert.match(unreadable.problem ?? '', /^SSL_CERT_FILE names .*, which could not be read \(EISDIR\)$/);
  });

  it("prefers Node's own reader where there is one; reads as older Nodes do where it finds nothing", async () => {
    const fromNode = linux({}, { nodeCertificates: () => [unrelatedPem], bundles: [] });
    assert.deepEqual((await fromNode.systemCertificates()).pems, pemBlocks(unrelatedPem));
    const bundle = await file('fallback.crt', internal.caCertificate as string);
    for (const nodeCertificates of [() => [], () => assert.fail('no system store in this build')]) {
      const read = await linux({}, { nodeCertificates, bundles: [bundle] }).systemCertificates();
      assert.deepEqual(read.pems, pemBlocks(internal.caCertificate as string));
    }
  });

  it('NODE_EXTRA_CA_CERTS: its certificates, or why not', async () => {
    const extra = await linux({ NODE_EXTRA_CA_CERTS: internal.caCertificatePath }).extraCertificates();
    assert.deepEqual(extra, { pems: pemBlocks(internal.caCertificate as string) });
    assert.deepEqual(await linux({}).extraCertificates(), { pems: [] });
    const missing = path.join(dir, 'no-such-extra.pem');
    assert.deepEqual(await linux({ NODE_EXTRA_CA_CERTS: missing }).extraCertificates(), {
      pems: [],
      problem: `NODE_EXTRA_CA_CERTS names ${missing}, which could not be read (ENOENT)`,
    });
  });
});

describe('reading the store on macOS and Windows (their programs stood in for)', () => {
  function recording(answer: (file: string, args: readonly string[]) => string): {
    run: RunProgram;
    calls: string[][];
  } {
    const calls: string[][] = [];
    return {
      calls,
      run: (file, args) => {
        calls.push([file, ...args]);
        return Promise.resolve().then(() => answer(file, args));
      },
    };
  }

  it("macOS: the user's keychains and the system roots, through /usr/bin/security", async () => {
    const { run, calls } = recording((_file, args) =>
      args.length > 3 ? `${unrelatedPem}\n` : `${internal.caCertificate}\n${unrelatedPem}`,
    );
    const read = await new CertificateStore({ platform: 'darwin', env: {}, run }).systemCertificates();
    assert.deepEqual(calls, [
      ['/usr/bin/security', 'find-certificate', '-a', '-p'],
      [
        '/usr/bin/security',
        'find-certificate',
        '-a',
        '-p',
        '/System/Library/Keychains/SystemRootCertificates.keychain',
      ],
    ]);
    assert.equal(read.pems.length, 3);
    assert.equal(read.problem, undefined);
  });

  it('macOS: a failing security program is a reason, not a throw', async () => {
    const { run } = recording(() => {
      throw Object.assign(new Error('security: SecKeychainSearchCopyNext'), { code: 44 });
    });
    const read = await new CertificateStore({ platform: 'darwin', env: {}, run }).systemCertificates();
    assert.deepEqual(read.pems, []);
    assert.match(read.problem ?? '', /"security find-certificate" failed \(exit code 44\).*held no certificate/);
  });

  it('Windows: the Root stores of the machine and the user, through PowerShell by its full path', async () => {
    const der = (pem: string) => pem.replace(/-----[A-Z ]+-----|\s/g, '');
    const { run, calls } = recording(() =>
      [der(internal.caCertificate as string), 'WARNING: not base64 at all', '', der(unrelatedPem), ''].join('\r\n'),
    );
    const read = await new CertificateStore({
      platform: 'win32',
      env: { SystemRoot: 'D:\\Win' },
      run,
    }).systemCertificates();
    assert.equal(calls[0][0], 'D:\\Win\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
    assert.match(calls[0].at(-1) as string, /Cert:\\LocalMachine\\Root, Cert:\\CurrentUser\\Root/);
    assert.equal(read.pems.length, 2);
    // Each is the certificate it stood for: a context built from them trusts the simulator.
    const context = tls.createSecureContext({ ca: [...read.pems] });
    assert.equal(await handshake(internal, { secureContext: context }), undefined);
  });
});

describe('the trust a connection is given', () => {
  it("Node's roots, the store and the configured CAs in one context, built once per combination", async () => {
    const bundle = await file('trust.crt', internal.caCertificate as string);
    const store = new CertificateStore({ platform: 'linux', env: { SSL_CERT_FILE: bundle } });
    const on = await trustFor({ systemCertificates: true }, store);
    assert.equal(on.systemStore, 'used');
    assert.equal(await handshake(internal, on.tls), undefined);
    assert.match((await handshake(other, on.tls)) ?? 'verified', UNKNOWN_ISSUER);
    assert.equal(await trustFor({ systemCertificates: true }, store), on, 'the same context, not built again');

    const both = await trustFor({ systemCertificates: true, caCertificates: [other.caCertificate as string] }, store);
    assert.equal(await handshake(internal, both.tls), undefined);
    assert.equal(await handshake(other, both.tls), undefined);

    const off = await trustFor({ systemCertificates: false }, store);
    assert.deepEqual(off, { tls: { rejectUnauthorized: true }, systemStore: 'off' }, "Node's default trust");
    assert.match((await handshake(internal, off.tls)) ?? 'verified', UNKNOWN_ISSUER);

    assert.deepEqual(await trustFor({ strictTls: false }, store), { tls: { rejectUnauthorized: false } });
  });
});
