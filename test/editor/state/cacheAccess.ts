// The registry's part the cache uses, for tests against the simulator: a client per call, to the
// address configured now, with the secret stored then.
import { KantegaClient } from '../../../src/core/api/client';
import type { InstanceConfig } from '../../../src/core/instanceConfig';
import type { InstanceAccess } from '../../../src/editor/state/instanceData';

export type TestAccess = InstanceAccess & { close(): Promise<void>; refusals: { instance: string; kind: unknown }[] };

/** `configured`: the instances as configured now, by name (the registry reads them from settings). */
export function cacheAccess(configured: ReadonlyMap<string, InstanceConfig>, secrets: Map<string, string>): TestAccess {
  const clients: KantegaClient[] = [];
  const refusals: { instance: string; kind: unknown }[] = [];
  return {
    refusals,
    get: (name) => configured.get(name),
    async run(instance, operation) {
      const secret = secrets.get(instance.name);
      if (!secret) throw new Error('missing');
      const credential = { kind: instance.auth, username: instance.username, secret };
      const client = new KantegaClient({ baseUrl: instance.baseUrl, credential });
      clients.push(client);
      return operation(client);
    },
    createDetachedClient: (instance) => new KantegaClient({ baseUrl: instance.baseUrl }),
    tokenApiVersion: () => clients.at(-1)?.tokenApiVersion,
    isCredentialMissing: (e) => e instanceof Error && e.message === 'missing',
    consentNeeded: () => undefined,
    credentialRejection: () => undefined,
    noteRefusal: async (instance, error) =>
      void refusals.push({ instance: instance.name, kind: (error as { kind?: unknown }).kind }),
    close: async () => {
      await Promise.all(clients.map((client) => client.close()));
    },
  };
}
