// Hostile data for the extension's security tests: the hostile option and seedHostile(sim) serve
// markdown command links, bidi overrides, huge/blank/control names, path-like snapshot ids and
// command links in error messages; the rawBody fault answers exact JSON text (ids beyond 2^53).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HOSTILE, HOSTILE_TOKEN_NAMES, seedHostile, startSimulator, type Simulator } from './index';
import { ADMIN, JOHN, PING, SNAPSHOTS, TOKENS_2, TOKENS_3, asArray, asRecord, basic, call } from './testkit';

describe('simulator hostile option', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ hostile: true });
  });
  after(() => sim.close());

  it('lists every hostile token name verbatim in the admin list (3.0 and 2.0)', async () => {
    const all = asArray(
      asRecord((await call(sim, 'GET', `${TOKENS_3}/admin/tokens`, { auth: ADMIN })).json).allApiTokens,
    );
    const names = all.map((t) => t.tokenName);
    for (const name of HOSTILE_TOKEN_NAMES) assert.ok(names.includes(name), JSON.stringify(name.slice(0, 40)));
    assert.ok(names.includes(HOSTILE.commandLinkName));
    assert.ok(names.some((n) => typeof n === 'string' && n.includes('\u202E')));
    assert.ok(names.some((n) => typeof n === 'string' && n.length === 10_000));
    assert.ok(names.includes('') && names.includes(' \t\u00a0 '));
    assert.ok(names.some((n) => typeof n === 'string' && n.includes('\u0000') && n.includes('\u001b')));
    assert.ok(names.some((n) => typeof n === 'string' && n.includes('\n')));
    assert.ok(
      all.some((t) => t.username === HOSTILE.username),
      'a user named like a command link',
    );

    const legacy = asArray(
      asRecord((await call(sim, 'GET', `${TOKENS_2}/admin/tokens`, { auth: ADMIN })).json).allApiTokens,
    );
    assert.ok(
      legacy.some((t) => t.description === HOSTILE.commandLinkName),
      '2.0 carries the name in description',
    );
  });

  it("a plain user's own list carries hostile names too", async () => {
    const mine = asArray((await call(sim, 'GET', `${TOKENS_3}/user/tokens`, { auth: JOHN })).json);
    assert.ok(mine.some((t) => t.tokenName === HOSTILE.rtlName));
    assert.ok(mine.some((t) => t.tokenName === HOSTILE.controlName));
  });

  it('lists a snapshot described with a command link and snapshots with ids .. and .', async () => {
    const list = asArray((await call(sim, 'GET', SNAPSHOTS, { auth: ADMIN })).json);
    assert.ok(list.some((s) => String(s.description).endsWith(' [Details](command:workbench.action.quit)')));
    const ids = list.map((s) => s.id);
    for (const id of ['..', '.', '../secure', '%2E%2E']) assert.ok(ids.includes(id), id);
  });

  it('restores the snapshot with id %2E%2E when it is encoded once more', async () => {
    const answer = await call(sim, 'POST', `${SNAPSHOTS}restore/${encodeURIComponent('%2E%2E')}`, { auth: ADMIN });
    assert.equal(answer.status, 200);
    assert.equal(asRecord(answer.json).id, '%2E%2E');
  });

  it('appends a markdown command link to JSON and text error messages, not to successes', async () => {
    const forbidden = await call(sim, 'GET', `${TOKENS_3}/admin/tokens`, { auth: JOHN });
    assert.equal(forbidden.status, 403);
    assert.match(String(asRecord(forbidden.json).message), /\]\(command:workbench\.action\.terminal\.sendSequence/);
    const unauthenticated = await call(sim, 'GET', `${TOKENS_3}/user/tokens`, { auth: basic('john.doe', 'wrong') });
    assert.ok(String(asRecord(unauthenticated.json).message).endsWith(HOSTILE.errorSuffix));
    const missing = await call(sim, 'DELETE', `${TOKENS_3}/user/delete/999999`, { auth: JOHN });
    assert.equal(missing.status, 404);
    assert.ok(missing.text.endsWith(HOSTILE.errorSuffix), missing.text);
    const pong = await call(sim, 'GET', PING);
    assert.ok(!pong.text.includes('command:'));
  });
});

describe('simulator seedHostile and rawBody', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());

  it('seedHostile(sim) adds the hostile records to a running simulator', async () => {
    seedHostile(sim);
    assert.ok(sim.state.tokens.some((t) => t.name === HOSTILE.commandLinkName));
    assert.equal(sim.state.errorSuffix, HOSTILE.errorSuffix);
    sim.state.errorSuffix = undefined;
    const forbidden = await call(sim, 'GET', `${TOKENS_3}/admin/tokens`, { auth: JOHN });
    assert.ok(!forbidden.text.includes('command:'), 'error suffix can be turned off');
  });

  it('answers exactly the JSON text given: ids beyond 2^53 and 1e21 stay literal', async () => {
    const body = '{"allApiTokens":[{"id": 9007199254740993, "createdAtMillis": 1e21, "tokenName": "big"}]}';
    sim.inject({ type: 'rawBody', body }, { pathIncludes: '/admin/tokens' });
    const answer = await call(sim, 'GET', `${TOKENS_3}/admin/tokens`, { auth: ADMIN });
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(answer.text, body);
  });

  it('rawBody takes a status, content type and headers, and does not run the endpoint', async () => {
    const count = sim.state.tokens.length;
    sim.inject({
      type: 'rawBody',
      status: 502,
      contentType: 'text/plain',
      body: 'Bad gateway [Retry](command:workbench.action.reloadWindow)',
      headers: { 'x-proxy': 'edge' },
    });
    const answer = await call(sim, 'POST', `${TOKENS_3}/user/tokens`, { auth: JOHN, body: '{}' });
    assert.deepEqual(
      [answer.status, answer.text, answer.headers.get('x-proxy')],
      [502, 'Bad gateway [Retry](command:workbench.action.reloadWindow)', 'edge'],
    );
    assert.equal(sim.state.tokens.length, count);
  });
});
