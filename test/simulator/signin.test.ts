// Jira's sign-in as tests see it: which credential each request signed in with (never the secret),
// which were refused, and (below) the CAPTCHA rule and the SSO gateway in front of /rest.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type RecordedRequest, type Simulator } from './index';
import { JOHN, PING, SNAPSHOTS, TOKENS_3, basic, call } from './testkit';

/** The sign-in fields of the last recorded request. */
const lastSignIn = (sim: Simulator): Pick<RecordedRequest, 'signedInAs' | 'authFailed'> => {
  const { signedInAs, authFailed } = sim.requests.at(-1)!;
  return { ...(signedInAs ? { signedInAs } : {}), ...(authFailed ? { authFailed } : {}) };
};

describe('simulator records which credential signed in', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());

  it('a password, an API token (with its id) and a PAT, and X-AUSERNAME names the user', async () => {
    const answer = await call(sim, 'GET', `${TOKENS_3}/user/tokens`, { auth: JOHN });
    assert.equal(answer.headers.get('x-ausername'), 'john.doe');
    assert.deepEqual(lastSignIn(sim), { signedInAs: { username: 'john.doe', kind: 'password' } });

    const { id, secret } = sim.issueToken('john.doe', { name: 'ci' });
    await call(sim, 'GET', `${TOKENS_3}/user/tokens`, { auth: basic('john.doe', secret) });
    assert.deepEqual(lastSignIn(sim), { signedInAs: { username: 'john.doe', kind: 'apiToken', tokenId: id } });

    await call(sim, 'GET', PING, { auth: 'Bearer admin-pat-0001' });
    assert.deepEqual(lastSignIn(sim), { signedInAs: { username: 'admin', kind: 'pat' } });
  });

  it('signed in even when a later check refuses (a plain user on a sysadmin resource)', async () => {
    assert.equal((await call(sim, 'GET', SNAPSHOTS, { auth: JOHN })).status, 403);
    assert.deepEqual(lastSignIn(sim), { signedInAs: { username: 'john.doe', kind: 'password' } });
  });

  it('refused credentials are authFailed: wrong password, unknown user, wrong PAT, other scheme', async () => {
    for (const auth of [basic('john.doe', 'nope'), basic('ghost', 'x'), 'Bearer not-a-pat', 'Negotiate abc']) {
      const answer = await call(sim, 'GET', PING, { auth });
      assert.equal(answer.status, 401, auth);
      assert.equal(answer.headers.get('x-ausername'), 'anonymous');
      assert.deepEqual(lastSignIn(sim), { authFailed: true }, auth);
    }
  });

  it('neither for anonymous requests, nor for answers a fault gave before the sign-in', async () => {
    await call(sim, 'GET', PING);
    assert.deepEqual(lastSignIn(sim), {});
    sim.inject({ type: 'status', status: 503 });
    assert.equal((await call(sim, 'GET', PING, { auth: JOHN })).status, 503);
    assert.deepEqual(lastSignIn(sim), {});
    sim.inject({ type: 'latency', ms: 10 });
    await call(sim, 'GET', PING, { auth: JOHN });
    assert.deepEqual(lastSignIn(sim), { signedInAs: { username: 'john.doe', kind: 'password' } }, 'latency runs it');
  });

  it('never records a secret', async () => {
    const { secret } = sim.issueToken('admin');
    await call(sim, 'GET', PING, { auth: basic('admin', secret) });
    const recorded = JSON.stringify(sim.requests);
    for (const value of [secret, 'admin-pat-0001', JOHN.split(' ')[1], 'john.doe:john']) {
      assert.ok(!recorded.includes(value), value);
    }
  });
});
