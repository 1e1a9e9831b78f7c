// Which secret may be sent where: a secret follows its server, user and kind, not the entry's name.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { InstanceConfig } from '../../../src/core/instanceConfig';
import {
  CredentialGuard,
  bindingKey,
  bindingOf,
  sendsElsewhere,
  type SecretStore,
  type StateStore,
} from '../../../src/editor/state/credentialGuard';

function memory(): { secrets: SecretStore & { map: Map<string, string> }; state: StateStore } {
  const map = new Map<string, string>();
  const values = new Map<string, unknown>();
  return {
    secrets: {
      map,
      get: async (key) => map.get(key),
      store: async (key, value) => void map.set(key, value),
      delete: async (key) => void map.delete(key),
    },
    state: {
      get: <T>(key: string) => structuredClone(values.get(key)) as T | undefined,
      update: async (key, value) => void values.set(key, structuredClone(value)),
    },
  };
}

const jira: InstanceConfig = {
  name: 'Jira',
  baseUrl: 'https://jira.example.com/jira',
  username: 'admin',
  auth: 'password',
};

describe('CredentialGuard', () => {
  it('keeps the secret when an entry is renamed: it belongs to the server, not the name', async () => {
    const { secrets, state } = memory();
    const guard = new CredentialGuard(secrets, state);
    await guard.store(jira, 'S3cret');
    assert.deepEqual(await guard.access({ ...jira, name: 'Jira Production' }), { kind: 'ready', secret: 'S3cret' });
  });

  it('holds the secret back when the base URL was changed by hand, and sends it only once allowed', async () => {
    const { secrets, state } = memory();
    const guard = new CredentialGuard(secrets, state);
    await guard.store(jira, 'S3cret');
    assert.equal((await guard.access(jira)).kind, 'ready');
    const moved = { ...jira, baseUrl: 'https://attacker.example.net/jira' };
    const access = await guard.access(moved);
    assert.equal(access.kind, 'moved');
    assert.ok(access.kind === 'moved' && access.from.baseUrl === 'https://jira.example.com/jira');
    await guard.allow(moved);
    assert.deepEqual(await guard.access(moved), { kind: 'ready', secret: 'S3cret' });
  });

  it('asks again when the user name or kind of credential changes', async () => {
    const { secrets, state } = memory();
    const guard = new CredentialGuard(secrets, state);
    await guard.store(jira, 'S3cret');
    await guard.access(jira);
    assert.equal((await guard.access({ ...jira, username: 'root' })).kind, 'moved');
    assert.equal((await guard.access({ ...jira, auth: 'pat' })).kind, 'moved');
  });

  it('does not hand an old secret to a new entry that reuses a removed name for another server', async () => {
    const { secrets, state } = memory();
    const guard = new CredentialGuard(secrets, state);
    await guard.store(jira, 'S3cret');
    await guard.forget(jira, []);
    const other = { ...jira, baseUrl: 'https://other.example.org' };
    assert.equal((await guard.access(other)).kind, 'missing');
    assert.equal(secrets.map.size, 0, 'the removed entry took its secret with it');
  });

  it('asks once before a secret goes over plain http, unless the person typed it for that address', async () => {
    const { secrets, state } = memory();
    const guard = new CredentialGuard(secrets, state);
    const plain = { ...jira, baseUrl: 'http://jira.example.com/jira' };
    await secrets.store(bindingKey(bindingOf(plain)), 'S3cret'); // e.g. migrated or written elsewhere
    assert.equal((await guard.access(plain)).kind, 'insecure');
    await guard.allow(plain);
    assert.equal((await guard.access(plain)).kind, 'ready');
    const typed = { ...plain, baseUrl: 'http://localhost:2990/jira' };
    await guard.store(typed, 'typed');
    assert.equal((await guard.access(typed)).kind, 'ready');
  });

  it('prunes secrets no entry uses, but keeps one a moved entry still has to be asked about', async () => {
    const { secrets, state } = memory();
    const guard = new CredentialGuard(secrets, state);
    const confluence = { ...jira, name: 'Confluence', baseUrl: 'https://confluence.example.com' };
    await guard.store(jira, 'one');
    await guard.store(confluence, 'two');
    const moved = { ...jira, baseUrl: 'https://jira2.example.com' };
    await guard.prune([moved]);
    assert.equal((await guard.access(moved)).kind, 'moved', "Jira's old secret is kept for the question");
    assert.deepEqual([...secrets.map.values()], ['one'], "Confluence's secret went with its entry");
  });

  it('moves a secret kept by instance name (before bindings) to the entry of that name, once', async () => {
    const { secrets, state } = memory();
    const guard = new CredentialGuard(secrets, state);
    await secrets.store('kantegaSso.credential:jira', 'legacy');
    await guard.migrateLegacy([jira]);
    assert.deepEqual(await guard.access(jira), { kind: 'ready', secret: 'legacy' });
    assert.equal(secrets.map.has('kantegaSso.credential:jira'), false);
  });
  it('keptSecret: what an edit that keeps the secret sends, and the binding it was stored for', async () => {
    const { secrets, state } = memory();
    const guard = new CredentialGuard(secrets, state);
    assert.equal(await guard.keptSecret(jira), undefined, 'nothing stored');
    await guard.store(jira, 'S3cret');
    assert.deepEqual(await guard.keptSecret(jira), { secret: 'S3cret', storedFor: bindingOf(jira) });
    // An entry moved by hand: the secret is the one stored for where it was, and says so.
    const moved = { ...jira, baseUrl: 'https://elsewhere.example.net' };
    assert.deepEqual(await guard.keptSecret(moved), { secret: 'S3cret', storedFor: bindingOf(jira) });
    assert.equal(await guard.currentOrPrevious(moved), 'S3cret');
    // Plain http not allowed yet is still the entry's own binding.
    const plain = { ...jira, name: 'Plain', baseUrl: 'http://plain.example.com' };
    await secrets.store(bindingKey(bindingOf(plain)), 'P');
    assert.deepEqual(await guard.keptSecret(plain), { secret: 'P', storedFor: bindingOf(plain) });
  });
});

describe('sendsElsewhere', () => {
  const from = bindingOf(jira);
  const at = (fields: Partial<InstanceConfig>) => bindingOf({ ...jira, ...fields });

  it('another host, port or scheme, another user, another kind: elsewhere', () => {
    for (const baseUrl of [
      'https://jira.example.org/jira',
      'https://jira.example.com:8443/jira',
      'http://jira.example.com/jira',
    ])
      assert.equal(sendsElsewhere(from, at({ baseUrl })), true, baseUrl);
    assert.equal(
      sendsElsewhere(
        bindingOf({ ...jira, baseUrl: 'http://127.0.0.1:8080' }),
        at({ baseUrl: 'http://localhost:8080' }),
      ),
      true,
    );
    assert.equal(sendsElsewhere(from, at({ username: 'root' })), true);
    assert.equal(sendsElsewhere(from, at({ auth: 'apiToken' })), true);
  });

  it('the same server under another context path, or spelled differently, or the user in other case: not', () => {
    assert.equal(sendsElsewhere(from, at({ baseUrl: 'https://jira.example.com/jira2' })), false);
    assert.equal(sendsElsewhere(from, at({ baseUrl: 'HTTPS://Jira.Example.com/jira/' })), false);
    assert.equal(sendsElsewhere(from, at({ username: 'Admin' })), false);
    assert.equal(sendsElsewhere(from, at({ name: 'Renamed', environment: 'production' })), false);
  });
});
