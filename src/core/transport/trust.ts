// Which certificate authorities a connection trusts: Node's roots, the operating system's store
// (while http.systemCertificates is on), NODE_EXTRA_CA_CERTS and the files of
// kantegaSso.caCertificates. Joined into one TLS context per combination and process: building
// one from a few hundred CAs takes tens of milliseconds, which every new connection would pay again
// if it were given the list itself.
import type { SecureContext } from 'node:tls';
import type { NetworkOptions } from '../model';
import { processCertificateStore, type CertificateStore } from './systemCertificates';

/** Whether the operating system's store took part, for the advice of a TLS error. */
export type SystemStoreUse = 'used' | 'off' | 'unreadable';

export interface Trust {
  /** For undici's connector (and a proxy's): undefined context = Node's default trust. */
  readonly tls: { readonly rejectUnauthorized: boolean; readonly secureContext?: SecureContext };
  /** Undefined when certificates are not checked at all. */
  readonly systemStore?: SystemStoreUse;
}

/** Settings change rarely; tests and a person trying CA files make a few combinations at most. */
const MAX_CONTEXTS = 8;
const contextsByStore = new WeakMap<CertificateStore, Map<string, Promise<Trust>>>();

/** The trust for these settings, read and built on first use (a request to an https host), then kept. */
export function trustFor(network: NetworkOptions, store: CertificateStore = processCertificateStore): Promise<Trust> {
  if (network.strictTls === false) {
    // Nothing is checked, so nothing is read.
    return Promise.resolve({ tls: { rejectUnauthorized: false } });
  }
  const system = network.systemCertificates !== false;
  const configured = network.caCertificates ?? [];
  const key = `${system}\n${configured.join('\n')}`;
  let contexts = contextsByStore.get(store);
  if (!contexts) contextsByStore.set(store, (contexts = new Map()));
  let trust = contexts.get(key);
  if (!trust) {
    trust = buildTrust(system, configured, store, network.onCertificateProblem);
    if (contexts.size >= MAX_CONTEXTS) contexts.delete(contexts.keys().next().value as string);
    contexts.set(key, trust);
  }
  return trust;
}

async function buildTrust(
  system: boolean,
  configured: readonly string[],
  store: CertificateStore,
  report: ((problem: string) => void) | undefined,
): Promise<Trust> {
  const fromSystem = system ? await store.systemCertificates(report) : undefined;
  const systemStore: SystemStoreUse = !fromSystem ? 'off' : fromSystem.pems.length ? 'used' : 'unreadable';
  // Node's default trust already holds its roots and NODE_EXTRA_CA_CERTS: nothing to add, nothing to build.
  if (!fromSystem?.pems.length && !configured.length) return { tls: { rejectUnauthorized: true }, systemStore };
  const tls = process.getBuiltinModule('node:tls');
  const extra = await store.extraCertificates(report);
  const ca = new Set<string>();
  for (const pem of [...tls.rootCertificates, ...(fromSystem?.pems ?? []), ...extra.pems, ...configured]) {
    ca.add(pem.replace(/\r\n?/g, '\n').trim());
  }
  return { tls: { rejectUnauthorized: true, secureContext: tls.createSecureContext({ ca: [...ca] }) }, systemStore };
}
