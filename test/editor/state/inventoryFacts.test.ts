// The inventory's facts, gathered through the tree's cache from simulators over real HTTP: what the
// tree loaded is not asked again, a plain user's and an old version's gaps are named as such, and an
// instance that is down has every value unknown.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { InstanceConfig } from '../../../src/core/instanceConfig';
import { InstanceDataCache } from '../../../src/editor/state/instanceData';
import { knownInstanceFacts, loadInstanceFacts } from '../../../src/editor/state/inventoryFacts';
import { DEFAULT_USERS, startSimulator, type Simulator } from '../../simulator/index';
import { cacheAccess } from './cacheAccess';

const DAY = 86_400_000;

describe('inventory facts', () => {
  let jira: Simulator;
  let old: Simulator;
  const configured = new Map<string, InstanceConfig>();
  const secrets = new Map<string, string>();
  const options = () => ({ now: Date.now(), warningDays: 14 });
  /** The id of the token "Jira" signs in with, as the registry remembers it when the extension stored it. */
  let signInTokenId: number | undefined;

  before(async () => {
    [jira, old] = await Promise.all([
      startSimulator({ pluginVersion: '7.3.0', applicationVersion: '9.12.2' }),
      startSimulator({ version: '5.7.0', applicationName: 'Confluence', contextPath: '/confluence' }),
    ]);
    const signIn = jira.issueToken('admin', { name: 'VS Code', validForDays: 30, createdAt: Date.now() - 25 * DAY });
    const entries: InstanceConfig[] = [
      { name: 'Jira', baseUrl: jira.baseUrl, username: 'admin', auth: 'apiToken', environment: 'production' },
      { name: 'Jira as John', baseUrl: jira.baseUrl, username: 'john.doe', auth: 'password' },
      { name: 'Wiki', baseUrl: old.baseUrl, username: 'admin', auth: 'password' },
      { name: 'Down', baseUrl: 'http://127.0.0.1:9/jira', username: 'admin', auth: 'password' },
    ];
    for (const entry of entries) configured.set(entry.name, entry);
    secrets.set('Jira', signIn.secret);
    signInTokenId = signIn.id;
    secrets.set('Jira as John', DEFAULT_USERS[1].password);
    secrets.set('Wiki', 'admin');
    secrets.set('Down', 'admin');
  });
  after(() => Promise.all([jira.close(), old.close()]));

  it('gathers versions, tokens, the sign-in token and each IdP’s groups; a second look asks nothing', async () => {
    const access = cacheAccess(configured, secrets);
    const data = new InstanceDataCache(access);
    const source = { data, signInTokenId: () => signInTokenId };
    const instance = configured.get('Jira')!;
    try {
      assert.equal(knownInstanceFacts(source, instance, options()).status, 'checking', 'nothing loaded: nothing known');
      const facts = await loadInstanceFacts(source, instance, options());
      assert.equal(facts.status, 'online');
      assert.ok(facts.snapshots.known && facts.snapshots.value.newest);
      assert.equal(facts.snapshots.value.newest.pluginVersion, '7.3.0');
      assert.equal(facts.snapshots.value.newest.applicationVersion, '9.12.2');
      assert.equal(facts.snapshots.value.newest.baseUrl, jira.baseUrl);
      assert.match(facts.snapshots.value.upgradeBackup?.to ?? '', /^7\.3\.0$/);
      assert.ok(facts.tokens.known);
      assert.equal(facts.tokens.value.scope, 'everyone');
      assert.equal(facts.tokens.value.signsInWithApiToken, true);
      assert.equal(facts.tokens.value.signInToken?.name, 'VS Code');
      assert.equal(facts.tokens.value.signInToken?.urgency, 'soon');
      assert.ok(facts.identityProviders.known);
      const idps = facts.identityProviders.value.map((idp) => [idp.name, idp.groups.known && idp.groups.value.length]);
      assert.deepEqual(
        idps,
        jira.idps().map((idp) => [idp.name, new Set(idp.managedGroups).size]),
      );
      assert.ok(typeof facts.clockSkewMs === 'number' && Math.abs(facts.clockSkewMs) < 5_000);

      const asked = jira.requests.length;
      const again = await loadInstanceFacts(source, instance, options());
      assert.equal(jira.requests.length, asked, 'what the cache holds is not asked again');
      assert.deepEqual(again, knownInstanceFacts(source, instance, options()));
    } finally {
      await access.close();
    }
  });

  it('names what a plain user and an old Kantega SSO cannot show, and knows nothing of one that is down', async () => {
    const access = cacheAccess(configured, secrets);
    const data = new InstanceDataCache(access);
    const source = { data, signInTokenId: () => undefined };
    try {
      const [john, wiki, down] = await Promise.all(
        ['Jira as John', 'Wiki', 'Down'].map((name) => loadInstanceFacts(source, configured.get(name)!, options())),
      );
      assert.equal(john.status, 'online');
      assert.deepEqual(john.snapshots, {
        known: false,
        reason: 'forbidden',
        message: (john.snapshots as { message?: string }).message,
      });
      assert.deepEqual(john.identityProviders, { known: false, reason: 'forbidden' });
      assert.ok(john.tokens.known && john.tokens.value.scope === 'own');
      assert.deepEqual(wiki.identityProviders, { known: false, reason: 'notOffered' });
      assert.ok(wiki.snapshots.known && wiki.snapshots.value.newest?.applicationName === 'Confluence');
      assert.equal(down.status, 'unreachable');
      assert.match(down.statusMessage ?? '', /127\.0\.0\.1:9/);
      for (const fact of [down.snapshots, down.tokens, down.identityProviders])
        assert.deepEqual(fact, { known: false, reason: 'offline' });
    } finally {
      await access.close();
    }
  });
});
