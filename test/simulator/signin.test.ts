// Jira's sign-in as tests see it: which credential each request signed in with (never the secret),
// which were refused, and (below) the CAPTCHA rule and the SSO gateway in front of /rest.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  JIRA_CAPTCHA_AFTER_FAILURES,
  startCluster,
  startSimulator,
  type RecordedRequest,
  type Simulator,
} from './index';
import { ADMIN, JANE, JOHN, PING, SNAPSHOTS, TOKENS_3, asRecord, basic, call, startCli } from './testkit';

/** The sign-in fields of a recorded request. */
const signInOf = ({ signedInAs, authFailed }: RecordedRequest): Pick<RecordedRequest, 'signedInAs' | 'authFailed'> => ({
  ...(signedInAs ? { signedInAs } : {}),
  ...(authFailed ? { authFailed } : {}),
});

/** The sign-in fields of the last recorded request. */
const lastSignIn = (sim: Simulator) => signInOf(sim.requests.at(-1)!);

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

  it('tells two tokens of one user apart, request by request: each id, none for a password, refused ones', async () => {
    const a = sim.issueToken('jane.roe', { name: 'A' });
    const b = sim.issueToken('jane.roe', { name: 'B' });
    const from = sim.requests.length;
    for (const auth of [basic('jane.roe', a.secret), basic('jane.roe', b.secret), basic('jane.roe', a.secret), JANE])
      assert.equal((await call(sim, 'GET', `${TOKENS_3}/user/tokens`, { auth })).status, 200);
    await call(sim, 'DELETE', `${TOKENS_3}/user/delete/${a.id}`, { auth: basic('jane.roe', b.secret) });
    assert.equal((await call(sim, 'GET', PING, { auth: basic('jane.roe', a.secret) })).status, 401, 'A is gone');
    const jane = (kind: 'apiToken' | 'password', tokenId?: number) => ({
      signedInAs: { username: 'jane.roe', kind, ...(tokenId !== undefined ? { tokenId } : {}) },
    });
    assert.deepEqual(sim.requests.slice(from).map(signInOf), [
      jane('apiToken', a.id),
      jane('apiToken', b.id),
      jane('apiToken', a.id),
      jane('password'),
      jane('apiToken', b.id),
      { authFailed: true },
    ]);
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

describe('simulator CAPTCHA after failed sign-ins', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ captchaAfterFailures: JIRA_CAPTCHA_AFTER_FAILURES });
  });
  after(() => sim.close());

  const MINE = `${TOKENS_3}/user/tokens`;
  const WRONG = basic('jane.roe', 'not-her-password');
  const status = async (auth: string, path = MINE) => (await call(sim, 'GET', path, { auth })).status;
  const wrongTimes = async (n: number, auth = WRONG) => {
    for (let i = 0; i < n; i++) assert.equal(await status(auth), 401);
  };

  it('wrong passwords: 401 AUTHENTICATED_FAILED; a good sign-in before the third resets the count', async () => {
    const wrong = await call(sim, 'GET', MINE, { auth: WRONG });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.headers.get('x-seraph-loginreason'), 'AUTHENTICATED_FAILED');
    await wrongTimes(1);
    assert.equal(await status(JANE), 200, 'two failures are not yet enough');
    await wrongTimes(2);
    assert.equal(sim.captchaRequired('jane.roe'), false, 'the good sign-in reset the count');
    assert.equal(await status(JANE), 200);
    assert.equal(sim.failedSignIns('jane.roe'), 4, 'the running total is never reset');
    sim.clearCaptcha();
  });

  it('after 3 in a row even the right password gets 403 CAPTCHA_CHALLENGE and the login URL, any path', async () => {
    await wrongTimes(3);
    assert.equal(sim.captchaRequired('jane.roe'), true);
    const refused = await call(sim, 'GET', MINE, { auth: JANE });
    assert.equal(refused.status, 403);
    assert.equal(refused.headers.get('x-seraph-loginreason'), 'AUTHENTICATION_DENIED');
    assert.equal(
      refused.headers.get('x-authentication-denied-reason'),
      `CAPTCHA_CHALLENGE; login-url=${sim.baseUrl}/login.jsp`,
    );
    assert.match(refused.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(refused.text, /Basic Authentication Failure - Reason : AUTHENTICATION_DENIED/);
    assert.equal(refused.headers.get('x-ausername'), 'anonymous');
    assert.deepEqual(lastSignIn(sim), { authFailed: 'captcha' });
    assert.equal(await status(JANE, PING), 403, 'the ping too');
    assert.equal(await status(WRONG), 403, 'a wrong password no longer gets 401');
  });

  it('counts in the total, leaves other users and PATs alone, and applies to API tokens', async () => {
    const total = sim.failedSignIns('jane.roe');
    assert.equal(await status(JANE), 403);
    assert.equal(sim.failedSignIns('jane.roe'), total + 1, 'a refused sign-in is a failed one');
    assert.equal(await status(JOHN), 200);
    assert.equal(await status(ADMIN), 200);
    assert.equal(await status('Bearer john-pat-0001'), 200);
    const { secret } = sim.issueToken('jane.roe');
    assert.equal(await status(basic('jane.roe', secret)), 403, 'every Basic request of the user');
  });

  it('POST .../captcha/clear?username= stands for a browser sign-in: lifted, totals kept', async () => {
    const total = sim.failedSignIns('jane.roe');
    const cleared = await call(sim, 'POST', '/rest/ksso-simulator/1.0/captcha/clear?username=jane.roe');
    assert.equal(cleared.status, 200);
    const jane = (asRecord(cleared.json).users as unknown[]).map(asRecord).find((u) => u.username === 'jane.roe');
    assert.deepEqual(jane, {
      username: 'jane.roe',
      consecutiveFailures: 0,
      failedSignIns: total,
      captchaRequired: false,
    });
    assert.equal(await status(JANE), 200);
    assert.equal(sim.failedSignIns('jane.roe'), total);
    const unknown = await call(sim, 'POST', '/rest/ksso-simulator/1.0/captcha/clear?username=ghost');
    assert.equal(unknown.status, 404);
    assert.throws(() => sim.clearCaptcha('ghost'), /No simulator user ghost/);
  });

  it('wrong API tokens count; unknown user names and wrong PATs do not', async () => {
    for (let i = 0; i < 5; i++) {
      assert.equal(await status(basic('ghost', 'x')), 401);
      assert.equal(await status('Bearer not-a-pat'), 401);
    }
    assert.equal(sim.failedSignIns('ghost'), 0);
    const { secret } = sim.issueToken('john.doe');
    await wrongTimes(3, basic('john.doe', `${secret.slice(0, -1)}X`));
    assert.equal(await status(basic('john.doe', secret)), 403);
    const state = await call(sim, 'GET', '/rest/ksso-simulator/1.0/captcha');
    assert.equal(asRecord(state.json).captchaAfterFailures, 3);
    await call(sim, 'POST', '/rest/ksso-simulator/1.0/captcha/clear');
    assert.equal(await status(JOHN), 200, 'clear without a name clears everyone');
  });

  it('sim.state.captchaAfterFailures changes the threshold at run time; 0 is off', async () => {
    sim.state.captchaAfterFailures = 0;
    try {
      await wrongTimes(5);
      assert.equal(await status(JANE), 200);
    } finally {
      sim.state.captchaAfterFailures = JIRA_CAPTCHA_AFTER_FAILURES;
    }
  });
});

describe('simulator CAPTCHA defaults and clusters', () => {
  it('is off by default: wrong passwords stay 401 however many', async () => {
    const sim = await startSimulator();
    try {
      for (let i = 0; i < 6; i++)
        assert.equal((await call(sim, 'GET', PING, { auth: basic('admin', 'x') })).status, 401);
      assert.equal((await call(sim, 'GET', PING, { auth: ADMIN })).status, 200);
      assert.equal(sim.failedSignIns('admin'), 6, 'still counted');
    } finally {
      await sim.close();
    }
  });

  it('cluster nodes share the counts (one database): failures on either node add up', async () => {
    const cluster = await startCluster({ nodes: 2, captchaAfterFailures: 2 });
    try {
      const get = (auth: string) =>
        fetch(`${cluster.baseUrl}${PING}`, { headers: { authorization: auth } }).then((r) => r.status);
      assert.deepEqual([await get(basic('admin', 'x')), await get(basic('admin', 'y'))], [401, 401]);
      assert.deepEqual(new Set(cluster.requests.slice(-2).map((r) => r.nodeName)), new Set(['node1', 'node2']));
      assert.deepEqual([await get(ADMIN), await get(ADMIN)], [403, 403], 'both nodes ask for the CAPTCHA');
      assert.equal(cluster.nodes[1].failedSignIns('admin'), 4);
      cluster.nodes[0].clearCaptcha('admin');
      assert.deepEqual([await get(ADMIN), await get(ADMIN)], [200, 200]);
    } finally {
      await cluster.close();
    }
  });
});

describe('simulator CLI CAPTCHA flag', () => {
  it('the CLI asks for the CAPTCHA after 3 failures by default, like Jira; --captcha-after changes it', async () => {
    const byDefault = await startCli(['--port', '0']);
    try {
      assert.match(byDefault.output, /CAPTCHA after 3 failed sign-ins in a row/);
      // A request first: the CLI installs its SIGTERM handler just after printing.
      assert.equal((await fetch(`${byDefault.baseUrl}${PING}`)).status, 200);
    } finally {
      assert.equal(await byDefault.stop(), 0);
    }
    const cli = await startCli(['--port', '0', '--captcha-after', '1']);
    try {
      const get = (auth: string) =>
        fetch(`${cli.baseUrl}${PING}`, { headers: { authorization: auth } }).then((r) => r.status);
      assert.deepEqual([await get(basic('admin', 'x')), await get(ADMIN)], [401, 403]);
    } finally {
      assert.equal(await cli.stop(), 0);
    }
  });
});
