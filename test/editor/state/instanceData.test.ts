// The editor's cache of what each instance answered, against the simulator over real HTTP: a stale
// answer never overwrites a refresh, and commands look snapshots and tokens up again by id.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { KantegaClient } from '../../../src/core/api/client';
import type { InstanceConfig } from '../../../src/core/instanceConfig';
import { InstanceDataCache, type InstanceAccess } from '../../../src/editor/state/instanceData';
import { startSimulator, type Simulator } from '../../simulator/index';

/** The instances as configured now, by name (the registry reads them from settings). */
const configured = new Map<string, InstanceConfig>();

/** The registry's part the cache uses: a client per call, to the configured address, with the secret stored then. */
function access(
  secrets: Map<string, string>,
): InstanceAccess & { close(): Promise<void>; refusals: { instance: string; kind: unknown }[] } {
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

describe('InstanceDataCache', () => {
  let sim: Simulator;
  const jira: InstanceConfig = { name: 'Jira', baseUrl: '', username: 'admin', auth: 'password' };

  before(async () => {
    sim = await startSimulator();
    Object.assign(jira, { baseUrl: sim.baseUrl });
    configured.set('Jira', jira);
  });
  after(() => sim.close());

  it('answers a caller still waiting on a superseded status check with the new check', async () => {
    const secrets = new Map([['Jira', 'wrong-password']]);
    const registry = access(secrets);
    const cache = new InstanceDataCache(registry);
    try {
      sim.inject({ type: 'latency', ms: 300 }, { pathIncludes: '/ping' });
      const stale = cache.status(jira);
      await new Promise((resolve) => setTimeout(resolve, 50)); // the slow ping is on its way
      secrets.set('Jira', 'admin');
      cache.invalidate('Jira');
      const fresh = await cache.status(jira);
      assert.equal(fresh.kind, 'online');
      assert.equal((await stale).kind, 'online', 'the tree row that asked first does not draw the old password');
      assert.equal(cache.peekStatus(jira)?.kind, 'online', 'the stale answer did not overwrite the refresh');
      assert.equal(sim.requests.filter((r) => r.path.endsWith('/ping')).length >= 2, true, 'checked twice');
      assert.deepEqual(registry.refusals, [], 'the superseded check does not hold back the new password');
    } finally {
      await registry.close();
    }
  });

  it('has a refused credential held back, and shows it refused', async () => {
    const registry = access(new Map([['Jira', 'wrong-password']]));
    const cache = new InstanceDataCache(registry);
    try {
      const status = await cache.status(jira);
      assert.equal(status.kind, 'credentialRejected');
      assert.ok(status.kind === 'credentialRejected' && !status.captcha);
      assert.deepEqual(registry.refusals, [{ instance: 'Jira', kind: 'unauthorized' }]);
    } finally {
      await registry.close();
    }
  });

  it('answers a caller still waiting on a superseded content load with the new load', async () => {
    const secrets = new Map([['Jira', 'wrong-password']]);
    const registry = access(secrets);
    const cache = new InstanceDataCache(registry);
    try {
      sim.inject({ type: 'latency', ms: 300 }, { pathIncludes: '/tokens' });
      const stale = cache.content(jira);
      await new Promise((resolve) => setTimeout(resolve, 50)); // the slow lists are on their way
      secrets.set('Jira', 'admin');
      cache.invalidate('Jira');
      const waited = await stale;
      assert.equal(waited.myTokens.ok, true, 'not the old password\'s "could not load"');
      assert.ok(waited.myTokens.ok && waited.myTokens.value.some((token) => token.name === 'Old build server'));
      assert.equal(cache.peekContent(jira), waited);
    } finally {
      await registry.close();
    }
  });

  it('asks a superseded load again of the instance as configured now, not as it was', async () => {
    const moved = await startSimulator();
    const registry = access(new Map([['Jira', 'admin']]));
    const cache = new InstanceDataCache(registry);
    try {
      sim.inject({ type: 'latency', ms: 300 }, { pathIncludes: '/tokens' });
      const waiting = cache.content(jira);
      await new Promise((resolve) => setTimeout(resolve, 50));
      // The entry now points at another server (settings changed), and the cache forgets the old one.
      configured.set('Jira', { ...jira, baseUrl: moved.baseUrl });
      cache.invalidate('Jira');
      const oldServerAsked = sim.requests.length;
      const content = await waiting;
      assert.equal(content.myTokens.ok, true);
      assert.ok(
        moved.requests.some((r) => r.path.includes('/tokens')),
        'the new address was asked',
      );
      assert.equal(sim.requests.length, oldServerAsked, 'the old address was not asked again');
    } finally {
      configured.set('Jira', jira);
      await registry.close();
      await moved.close();
    }
  });

  it('tells a status check that is running from one not started or finished', async () => {
    const registry = access(new Map([['Jira', 'admin']]));
    const cache = new InstanceDataCache(registry);
    try {
      assert.equal(cache.isChecking(jira), false, 'not started');
      const status = cache.status(jira);
      assert.equal(cache.isChecking(jira), true, 'running');
      await status;
      assert.equal(cache.isChecking(jira), false, 'finished');
    } finally {
      await registry.close();
    }
  });

  it('says credential missing when the server answers but no secret is stored', async () => {
    const registry = access(new Map());
    const cache = new InstanceDataCache(registry);
    assert.equal((await cache.status(jira)).kind, 'credentialMissing');
    await registry.close();
  });

  it('looks a token up by id as the server lists it, whatever name the caller believed it had', async () => {
    const registry = access(new Map([['Jira', 'admin']]));
    const cache = new InstanceDataCache(registry);
    try {
      const own = await cache.lookupToken(jira, 129);
      assert.equal(own?.token.name, 'Old build server');
      assert.equal(own?.isOwn, true);
      const other = await cache.lookupToken(jira, 97);
      assert.equal(other?.token.name, 'User token 1');
      assert.equal(other?.isOwn, false, "john.doe's token is not the admin's own");
      assert.equal(await cache.lookupToken(jira, 4242), undefined);
    } finally {
      await registry.close();
    }
  });

  it('looks a snapshot up again by id, and finds none for an id the server does not list', async () => {
    const registry = access(new Map([['Jira', 'admin']]));
    const cache = new InstanceDataCache(registry);
    try {
      const id = sim.state.snapshots[0].id;
      assert.equal((await cache.lookupSnapshot(jira, id))?.id, id);
      assert.equal(await cache.lookupSnapshot(jira, 'no-such-snapshot'), undefined);
    } finally {
      await registry.close();
    }
  });
  it('tells its listeners what it forgot: one instance by name, or everything', async () => {
    const registry = access(new Map([['Jira', 'admin']]));
    const cache = new InstanceDataCache(registry);
    const heard: Array<string | undefined> = [];
    const subscription = cache.onDidInvalidate((name) => heard.push(name));
    try {
      await cache.status(jira);
      cache.invalidate('Jira');
      cache.invalidate();
      subscription.dispose();
      cache.invalidate('Jira');
      assert.deepEqual(heard, ['Jira', undefined], 'heard twice, nothing after dispose');
      assert.equal(cache.peekStatus(jira), undefined, 'the status was forgotten');
    } finally {
      await registry.close();
    }
  });
});
