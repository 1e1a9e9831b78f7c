// The editor's cache of what each instance answered, against the simulator over real HTTP: a stale
// answer never overwrites a refresh, commands look snapshots, tokens and identity providers up again
// by id, and managed groups load only when asked for, a lack of rights or an old version as states.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isKantegaError } from '../../../src/core/errors';
import type { InstanceConfig } from '../../../src/core/instanceConfig';
import { InstanceDataCache } from '../../../src/editor/state/instanceData';
import { cacheAccess } from './cacheAccess';
import { SEEDED_IDPS, startSimulator, type Simulator } from '../../simulator/index';

/** The instances as configured now, by name (the registry reads them from settings). */
const configured = new Map<string, InstanceConfig>();

const access = (secrets: Map<string, string>) => cacheAccess(configured, secrets);

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

  describe('identity providers and managed groups', () => {
    const [adfs, okta] = SEEDED_IDPS;
    const groupRequests = (server: Simulator, idpId: string) =>
      server.requests.filter((r) => r.path.includes(`/managedgroups/${idpId}/groups`)).length;

    it('loads the IdPs with the content, and managed groups only when asked, once per refresh', async () => {
      const registry = access(new Map([['Jira', 'admin']]));
      const cache = new InstanceDataCache(registry);
      const groupsBefore = sim.requests.filter((r) => r.path.includes('/managedgroups/')).length;
      try {
        const content = await cache.content(jira);
        assert.deepEqual(content.identityProviders, {
          ok: true,
          value: [
            { id: adfs.id, name: adfs.name },
            { id: okta.id, name: okta.name },
          ],
        });
        assert.equal(
          sim.requests.filter((r) => r.path.includes('/managedgroups/')).length,
          groupsBefore,
          'no identity provider was expanded: no group was asked for',
        );
        assert.equal(cache.peekManagedGroups(jira, adfs.id), undefined);

        const asked = groupRequests(sim, adfs.id);
        const groups = await cache.managedGroups(jira, adfs.id);
        assert.deepEqual(groups, { ok: true, value: [...adfs.managedGroups].sort() });
        assert.deepEqual(await cache.managedGroups(jira, adfs.id), groups, 'the same answer again');
        assert.equal(groupRequests(sim, adfs.id), asked + 1, 'asked the server once');
        assert.equal(groupRequests(sim, okta.id), 0, 'and not for the identity provider nobody expanded');
        assert.deepEqual(cache.peekManagedGroups(jira, adfs.id), groups);

        cache.invalidate('Jira');
        assert.equal(cache.peekManagedGroups(jira, adfs.id), undefined, 'forgotten with the instance');
        await cache.managedGroups(jira, adfs.id);
        assert.equal(groupRequests(sim, adfs.id), asked + 2, 'asked again after the refresh');
      } finally {
        await registry.close();
      }
    });

    it("shows a plain user's lack of rights as a state, and holds nothing against the credential", async () => {
      const john: InstanceConfig = {
        name: 'Jira as John',
        baseUrl: sim.baseUrl,
        username: 'john.doe',
        auth: 'password',
      };
      configured.set(john.name, john);
      const registry = access(new Map([[john.name, 'john']]));
      const cache = new InstanceDataCache(registry);
      try {
        const content = await cache.content(john);
        assert.deepEqual(content.identityProviders, { ok: false, state: 'forbidden' });
        assert.equal(content.myTokens.ok, true, 'the rest of the instance loads as before');
        assert.deepEqual(await cache.managedGroups(john, adfs.id), { ok: false, state: 'forbidden' });
        assert.equal((await cache.status(john)).kind, 'online', 'the credential was not taken for refused');
        assert.deepEqual(registry.refusals, []);
      } finally {
        configured.delete(john.name);
        await registry.close();
      }
    });

    it('shows a Kantega SSO version without the API as "not offered", and tells a command so', async () => {
      for (const options of [{ version: '5.7.0' as const }, { idpApi: false }]) {
        const old = await startSimulator(options);
        const instance: InstanceConfig = {
          name: 'Old Jira',
          baseUrl: old.baseUrl,
          username: 'admin',
          auth: 'password',
        };
        configured.set(instance.name, instance);
        const registry = access(new Map([[instance.name, 'admin']]));
        const cache = new InstanceDataCache(registry);
        try {
          const content = await cache.content(instance);
          assert.deepEqual(content.identityProviders, { ok: false, state: 'notOffered' }, JSON.stringify(options));
          assert.equal(content.snapshots.ok, true, 'the rest of the instance loads as before');
          // A command looking an IdP up meets the kind, to say so rather than fail.
          await assert.rejects(
            cache.lookupIdentityProvider(instance, adfs.id),
            (e: unknown) => isKantegaError(e) && e.kind === 'notOffered',
          );
        } finally {
          configured.delete(instance.name);
          await registry.close();
          await old.close();
        }
      }
    });

    it('says why a group list failed otherwise, with the server words inert for the tree to show', async () => {
      const registry = access(new Map([['Jira', 'admin']]));
      const cache = new InstanceDataCache(registry);
      try {
        const groups = await cache.managedGroups(jira, 'no-such-idp');
        assert.equal(groups.ok, false);
        assert.ok(!groups.ok && groups.state === 'failed' && groups.message.length > 0, JSON.stringify(groups));
      } finally {
        await registry.close();
      }
    });

    it('lists each managed group once, sorted, whatever order and repeats the server sends', async () => {
      const registry = access(new Map([['Jira', 'admin']]));
      const cache = new InstanceDataCache(registry);
      const before = sim.idps().find((idp) => idp.id === okta.id)?.managedGroups ?? [];
      try {
        // One tree row per name: a repeat would give two rows the same id.
        sim.setManagedGroups(okta.id, ['jira-users', 'Jira-Admins', 'confluence-users', 'jira-users']);
        assert.deepEqual(await cache.managedGroups(jira, okta.id), {
          ok: true,
          value: ['Jira-Admins', 'confluence-users', 'jira-users'],
        });
      } finally {
        sim.setManagedGroups(okta.id, before);
        await registry.close();
      }
    });

    it('answers a caller still waiting on a superseded group load with the new load', async () => {
      const registry = access(new Map([['Jira', 'admin']]));
      const cache = new InstanceDataCache(registry);
      const before = sim.idps().find((idp) => idp.id === okta.id)?.managedGroups ?? [];
      try {
        sim.inject({ type: 'latency', ms: 300 }, { pathIncludes: '/managedgroups/' });
        const waiting = cache.managedGroups(jira, okta.id);
        await new Promise((resolve) => setTimeout(resolve, 50)); // the slow list is on its way
        sim.setManagedGroups(okta.id, [...before, 'added-meanwhile']);
        cache.invalidate('Jira');
        const groups = await waiting;
        assert.ok(groups.ok && groups.value.includes('added-meanwhile'), JSON.stringify(groups));
        assert.deepEqual(cache.peekManagedGroups(jira, okta.id), groups, 'the stale answer was not kept');
      } finally {
        sim.clearFaults();
        sim.setManagedGroups(okta.id, before);
        await registry.close();
      }
    });

    it('looks an identity provider up by id: from the list loaded, or fresh before a change', async () => {
      const registry = access(new Map([['Jira', 'admin']]));
      const cache = new InstanceDataCache(registry);
      const record = (sim.state.config.idps as Array<{ id: string; name: string }>).find((r) => r.id === adfs.id);
      assert.ok(record, 'the seeded AD FS');
      try {
        await cache.content(jira);
        record.name = 'AD FS (renamed)';
        assert.equal((await cache.lookupIdentityProvider(jira, adfs.id))?.name, 'AD FS', 'as listed in the tree');
        assert.equal(
          (await cache.lookupIdentityProvider(jira, adfs.id, { fresh: true }))?.name,
          'AD FS (renamed)',
          'as the server lists it now',
        );
        assert.equal(await cache.lookupIdentityProvider(jira, 'no-such-idp'), undefined);
      } finally {
        record.name = adfs.name;
        await registry.close();
      }
    });
  });
});
