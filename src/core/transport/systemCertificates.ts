// The certificate authorities the operating system trusts, which VS Code trusts too while
// http.systemCertificates is on (corporate and internal CAs are installed there), and those of
// NODE_EXTRA_CA_CERTS. Read once per process on the first request that needs TLS, never on
// activation; never fatal: a store that cannot be read leaves Node's own roots and says why once.
//
// Where the extension host's Node has tls.getCACertificates('system') (Node >= 22.15, VS Code on
// Electron 35 and later), Node reads the store itself, with the trust settings of Keychain and of
// the Windows store. Older Nodes (VS Code 1.100 runs Node 20) get what @vscode/proxy-agent does for
// VS Code itself, without its native module for Windows (a per-platform binary in a universal
// package): the distribution's bundle on Linux, `security` on macOS, PowerShell on Windows.
import * as l10n from '@vscode/l10n';
import type { ExecFileOptions } from 'node:child_process';
import { quantity } from '../text/format';
import { pemBlocks } from './caCertificates';

/** What was read: PEM certificates, and why some or all could not be (for the log). */
export interface CertificateRead {
  readonly pems: readonly string[];
  readonly problem?: string;
}

/** Runs a program and gives what it printed; rejects when it fails, runs too long or prints too much. */
export type RunProgram = (file: string, args: readonly string[], options: ExecFileOptions) => Promise<string>;

/** Where certificates are read from: this process, or a test's stand-ins. */
export interface CertificateSources {
  readonly platform: NodeJS.Platform;
  readonly env: NodeJS.ProcessEnv;
  /** tls.getCACertificates where this Node has it. */
  readonly nodeCertificates?: (type: 'system' | 'extra') => string[];
  /** The bundle files tried in order on Linux and other Unix when SSL_CERT_FILE is not set. */
  readonly bundles?: readonly string[];
  readonly run?: RunProgram;
}

/** Where distributions keep their bundle of trusted CAs, as OpenSSL-based tools look for it. */
export const DISTRIBUTION_BUNDLES: readonly string[] = [
  '/etc/ssl/certs/ca-certificates.crt', // Debian, Ubuntu, Alpine, Arch, Gentoo
  '/etc/pki/tls/certs/ca-bundle.crt', // Fedora, RHEL, CentOS
  '/etc/ssl/ca-bundle.pem', // openSUSE, SLES
  '/etc/pki/tls/cacert.pem', // OpenELEC
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem', // Fedora, RHEL (the extracted trust)
  '/etc/ssl/cert.pem', // Alpine, FreeBSD, OpenBSD
  '/usr/local/share/certs/ca-root-nss.crt', // FreeBSD
];

const MAC_KEYCHAINS: readonly (readonly string[])[] = [
  // The user's search list (login and System keychains: where MDM and admins install CAs), as VS Code reads it.
  [],
  ['/System/Library/Keychains/SystemRootCertificates.keychain'],
];
const WINDOWS_ROOT_STORES =
  'Get-ChildItem -Path Cert:\\LocalMachine\\Root, Cert:\\CurrentUser\\Root | ' +
  'ForEach-Object { [Convert]::ToBase64String($_.RawData) }';
/** PowerShell can take seconds to start on a machine with a virus scanner; the first request waits for it. */
const PROGRAM_TIMEOUT_MS = 15_000;
/** A few hundred CAs are under 1 MiB; far more is not a certificate store. */
const MAX_OUTPUT_BYTES = 32 * 1024 * 1024;
const MAX_DIRECTORY_FILES = 4000;

/** PowerShell's output, one base64 DER certificate a line, as PEM certificates; other lines are skipped. */
export function pemsFromBase64Lines(text: string): string[] {
  const pems: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(line)) continue;
    const body = line.match(/.{1,64}/g) as string[];
    pems.push(['-----BEGIN CERTIFICATE-----', ...body, '-----END CERTIFICATE-----'].join('\n'));
  }
  return pems;
}

/** Reads, once per store and process: the first request waits for it, later ones use it as it is. */
export class CertificateStore {
  private system: Promise<CertificateRead> | undefined;
  private extra: Promise<CertificateRead> | undefined;
  private readonly told = new Set<string>();

  constructor(private readonly sources: CertificateSources = processSources()) {}

  /** The operating system's trusted CAs; a problem reading them is told to `report` once. */
  async systemCertificates(report?: (problem: string) => void): Promise<CertificateRead> {
    return this.tellOnce(await (this.system ??= settle(() => readSystemCertificates(this.sources))), report);
  }

  /**
   * NODE_EXTRA_CA_CERTS: Node adds it only to its default trust, which a connection given its own
   * list of CAs does not use, so it is added to that list here.
   */
  async extraCertificates(report?: (problem: string) => void): Promise<CertificateRead> {
    return this.tellOnce(await (this.extra ??= settle(() => readExtraCertificates(this.sources))), report);
  }

  private tellOnce(read: CertificateRead, report: ((problem: string) => void) | undefined): CertificateRead {
    if (read.problem && report && !this.told.has(read.problem)) {
      this.told.add(read.problem);
      report(read.problem);
    }
    return read;
  }
}

/** The process's store, shared by every client. */
export const processCertificateStore = new CertificateStore();

function processSources(): CertificateSources {
  return {
    platform: process.platform,
    env: process.env,
    get nodeCertificates() {
      const tls = process.getBuiltinModule('node:tls') as { getCACertificates?: (type: string) => string[] };
      return typeof tls.getCACertificates === 'function' ? tls.getCACertificates.bind(tls) : undefined;
    },
    run: runProgram,
  };
}

/** A read that throws (it should not) still ends in Node's roots, with the reason for the log. */
async function settle(read: () => Promise<CertificateRead>): Promise<CertificateRead> {
  try {
    return await read();
  } catch (e) {
    return { pems: [], problem: reasonOf(e) };
  }
}

async function readSystemCertificates(sources: CertificateSources): Promise<CertificateRead> {
  const fromNode = sources.nodeCertificates;
  if (fromNode) {
    try {
      const pems = fromNode('system').flatMap(pemBlocks);
      if (pems.length) return { pems };
    } catch {
      // This Node cannot read the store here (an Electron build without it): read it as older Nodes do.
    }
  }
  if (sources.platform === 'darwin') return readMacKeychains(sources);
  if (sources.platform === 'win32') return readWindowsStores(sources);
  return readUnixBundles(sources);
}

async function readExtraCertificates(sources: CertificateSources): Promise<CertificateRead> {
  const file = sources.env.NODE_EXTRA_CA_CERTS;
  if (!file) return { pems: [] };
  if (sources.nodeCertificates) {
    try {
      return { pems: sources.nodeCertificates('extra').flatMap(pemBlocks) };
    } catch {
      // Read the file as older Nodes do.
    }
  }
  const read = await readPemFile('NODE_EXTRA_CA_CERTS', file);
  return typeof read === 'string' ? { pems: [], problem: read } : { pems: read };
}

/** OpenSSL's conventions: SSL_CERT_FILE, else the distribution's bundle; and the files of SSL_CERT_DIR. */
async function readUnixBundles(sources: CertificateSources): Promise<CertificateRead> {
  const { env } = sources;
  const pems: string[] = [];
  const problems: string[] = [];
  if (env.SSL_CERT_FILE) {
    const read = await readPemFile('SSL_CERT_FILE', env.SSL_CERT_FILE);
    if (typeof read === 'string') problems.push(read);
    else pems.push(...read);
  } else {
    const bundles = sources.bundles ?? DISTRIBUTION_BUNDLES;
    const found = await firstBundle(bundles);
    if (typeof found === 'string') problems.push(found);
    else pems.push(...found);
  }
  for (const dir of (env.SSL_CERT_DIR ?? '').split(':').filter(Boolean)) {
    const read = await readPemDirectory('SSL_CERT_DIR', dir);
    if (typeof read === 'string') problems.push(read);
    else pems.push(...read);
  }
  return problems.length ? { pems, problem: problems.join('; ') } : { pems };
}

async function firstBundle(bundles: readonly string[]): Promise<string[] | string> {
  const { readFile } = process.getBuiltinModule('node:fs/promises');
  for (const file of bundles) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      continue;
    }
    const pems = pemBlocks(text);
    return pems.length ? pems : l10n.t('the certificate bundle {0} holds no PEM certificate', file);
  }
  return l10n.t('no certificate bundle was found (looked for {0})', bundles.join(', '));
}

/**
 * The certificates of the file the environment `variable` names, or why there are none
 * ("SSL_CERT_FILE names /x.pem, which could not be read (ENOENT)").
 */
async function readPemFile(variable: string, file: string): Promise<string[] | string> {
  const { readFile, stat } = process.getBuiltinModule('node:fs/promises');
  try {
    if ((await stat(file)).size > MAX_OUTPUT_BYTES) {
      return l10n.t('{0} names {1}, which is far too large to be a certificate bundle', variable, file);
    }
    const pems = pemBlocks(await readFile(file, 'utf8'));
    return pems.length ? pems : l10n.t('{0} names {1}, which holds no PEM certificate', variable, file);
  } catch (e) {
    return unreadable(variable, file, e);
  }
}

function unreadable(variable: string, path: string, e: unknown): string {
  return l10n.t('{0} names {1}, which could not be read ({2})', variable, path, reasonOf(e));
}

async function readPemDirectory(variable: string, dir: string): Promise<string[] | string> {
  const { readdir, readFile } = process.getBuiltinModule('node:fs/promises');
  const { join } = process.getBuiltinModule('node:path');
  let names: string[];
  try {
    names = (await readdir(dir)).slice(0, MAX_DIRECTORY_FILES);
  } catch (e) {
    return unreadable(variable, dir, e);
  }
  const pems: string[] = [];
  for (const name of names) {
    // Hash links, keys, subfolders: whatever is not a readable PEM file is not a certificate here.
    const text = await readFile(join(dir, name), 'utf8').catch(() => '');
    pems.push(...pemBlocks(text));
  }
  return pems;
}

async function readMacKeychains(sources: CertificateSources): Promise<CertificateRead> {
  const run = sources.run ?? runProgram;
  const pems: string[] = [];
  const problems: string[] = [];
  for (const keychains of MAC_KEYCHAINS) {
    try {
      pems.push(...pemBlocks(await run('/usr/bin/security', ['find-certificate', '-a', '-p', ...keychains], {})));
    } catch (e) {
      problems.push(l10n.t('"{0}" failed ({1})', 'security find-certificate', reasonOf(e)));
    }
  }
  if (!pems.length) problems.push(l10n.t('the keychains held no certificate'));
  return problems.length ? { pems, problem: problems.join('; ') } : { pems };
}

async function readWindowsStores(sources: CertificateSources): Promise<CertificateRead> {
  const run = sources.run ?? runProgram;
  // By its full path: a powershell.exe earlier on PATH is not the one to trust with this.
  const systemRoot = sources.env.SystemRoot ?? sources.env.SYSTEMROOT ?? 'C:\\Windows';
  const powershell = `${systemRoot}\\System32\\WindowsPowerShell\\v1.0\\powershell.exe`;
  try {
    const output = await run(
      powershell,
      ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', WINDOWS_ROOT_STORES],
      { windowsHide: true },
    );
    const pems = pemsFromBase64Lines(output);
    return pems.length
      ? { pems }
      : { pems, problem: l10n.t('the Windows root certificate stores listed no certificate') };
  } catch (e) {
    return {
      pems: [],
      problem: l10n.t('PowerShell could not list the Windows root certificate stores ({0})', reasonOf(e)),
    };
  }
}

function runProgram(file: string, args: readonly string[], options: ExecFileOptions): Promise<string> {
  const { execFile } = process.getBuiltinModule('node:child_process');
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { ...options, encoding: 'utf8', timeout: PROGRAM_TIMEOUT_MS, maxBuffer: MAX_OUTPUT_BYTES },
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    );
  });
}

/** A short reason from an error: its code where it has one, else its first line. */
function reasonOf(e: unknown): string {
  const error = e as { code?: unknown; killed?: unknown; message?: unknown };
  if (error?.killed) return l10n.t('no answer within {0}', quantity(PROGRAM_TIMEOUT_MS / 1000, 'second'));
  if (typeof error?.code === 'string') return error.code;
  if (typeof error?.code === 'number') return l10n.t('exit code {0}', error.code);
  const message = typeof error?.message === 'string' ? error.message.split('\n')[0] : '';
  return message || l10n.t('unknown error');
}
