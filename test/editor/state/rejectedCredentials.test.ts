// Credentials a server refused are remembered by where they were sent, so that nothing sends them again
// by itself; against the simulator's real refusals (401 for a wrong password, 403 for a missing right).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { KantegaClient } from '../../../src/core/api/client';
import type { InstanceConfig } from '../../../src/core/instanceConfig';
import type { StateStore } from '../../../src/editor/state/credentialGuard';
import { RejectedCredentials, rejectionIn } from '../../../src/editor/state/rejectedCredentials';
import { startSimulator, type Simulator } from '../../simulator/index';

function memoryState(): StateStore & { values: Map<string, unknown> } {
  const values = new Map<string, unknown>();
  return {
    values,
    get: <T>(key: string) => structuredClone(values.get(key)) as T | undefined,
    update: async (key, value) => void values.set(key, structuredClone(value)),
  };
}

async function refusal(client: KantegaClient, call: (client: KantegaClient) => Promise<unknown>): Promise<unknown> {
  try {
    await call(client);
  } catch (e) {
    return e;
  } finally {
    await client.close();
  }
  assert.fail('the server accepted what it should have refused');
}

describe('RejectedCredentials', () => {
  let sim: Simulator;
  let jira: InstanceConfig;

  before(async () => {
    sim = await startSimulator();
    jira = { name: 'Jira Prod', baseUrl: sim.baseUrl, username: 'admin', auth: 'password' };
  });
  after(() => sim.close());

  it('holds back a password the server refused, for any entry sending it to the same server and user', async () => {
    const wrong = new KantegaClient({
      baseUrl: sim.baseUrl,
      credential: { kind: 'password', username: 'admin', secret: 'stale-password' },
    });
    const e = await refusal(wrong, (client) => client.listMyTokens());
    const rejection = rejectionIn(e, 1_700_000_000_000);
    assert.ok(rejection, 'a 401 for a wrong password is a refusal of the credential');
    assert.equal(rejection.reason, 'unauthorized');
    assert.equal(rejection.at, 1_700_000_000_000);
    assert.match(rejection.message, /did not accept the credentials/);
    assert.doesNotMatch(rejection.message, /stale-password/);

    const state = memoryState();
    const rejected = new RejectedCredentials(state);
    await rejected.note(jira, rejection);
    // Another window reads the same globalState: a new instance of the store finds it.
    const elsewhere = new RejectedCredentials(state);
    const renamed = { ...jira, name: 'Jira (renamed)', baseUrl: `${sim.baseUrl}/`, username: 'ADMIN' };
    assert.deepEqual(elsewhere.find(renamed), rejection);
    assert.equal(elsewhere.find({ ...jira, username: 'john.doe' }), undefined, 'another user is not held back');
    assert.equal(elsewhere.find({ ...jira, auth: 'pat' }), undefined, 'another kind of sign-in is not held back');
    assert.doesNotMatch(JSON.stringify([...state.values]), /stale-password/, 'the secret is never in state');

    assert.equal(await elsewhere.clear(renamed), true);
    assert.equal(rejected.find(jira), undefined);
    assert.equal(await rejected.clear(jira), false, 'nothing left to clear');
  });

  it('does not hold back a credential the server accepted but lacks a right (403), nor other failures', async () => {
    const john = new KantegaClient({
      baseUrl: sim.baseUrl,
      credential: { kind: 'password', username: 'john.doe', secret: 'john' },
    });
    const forbidden = await refusal(john, (client) => client.takeSnapshot('not allowed'));
    assert.equal((forbidden as { kind?: string }).kind, 'forbidden');
    assert.equal(rejectionIn(forbidden, Date.now()), undefined);
    assert.equal(rejectionIn(new Error('socket hang up'), Date.now()), undefined);
    assert.equal(rejectionIn(undefined, Date.now()), undefined);
  });

  it('reads whatever is in state as a refusal or nothing, never throws', () => {
    fc.assert(
      fc.property(fc.anything(), (stored) => {
        const state = memoryState();
        state.values.set('kantegaSso.rejectedCredentials', stored);
        const found = new RejectedCredentials(state).find(jira);
        if (found === undefined) return;
        assert.ok(found.reason === 'unauthorized' || found.reason === 'captcha');
        assert.equal(typeof found.message, 'string');
        assert.ok(Number.isFinite(found.at));
      }),
    );
  });
});
