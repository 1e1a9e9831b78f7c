// The simulator's own tests, part 1: it answers exactly what the vendor pages document (replayed
// field by field in the vendor's time zone), and enforces auth, XSRF, sysadmin and ownership rules.
// Driven with Node's global fetch: the simulator is the server under test here.
process.env.TZ = 'Europe/Oslo'; // the vendor's examples are Oslo local time

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator, type SimulatorToken } from './index';
import {
  PURPOSE,
  documentedAdminTokens20,
  documentedCreated,
  documentedExpiry,
  documentedPing,
  documentedSnapshots,
  documentedUserTokens20,
} from '../core/answers';
import { ADMIN, JANE, JOHN, PING, SNAPSHOTS, TOKENS_2, TOKENS_3, asArray, asRecord, basic, call } from './testkit';

const SECRET_FORMAT = /^[A-Z2-7]{128}$/;

/** A stored token whose answer at `now` reproduces a documented record (expiry from its timeUntilExpiryMillis). */
function tokenAt(
  now: number,
  id: number,
  username: string,
  name: string,
  description: string,
  createdAt: number,
  timeUntilExpiryMillis?: number,
): SimulatorToken {
  return {
    id,
    username,
    name,
    description,
    secret: 'X'.repeat(128),
    createdAt,
    ...(timeUntilExpiryMillis === undefined ? {} : { expiresAt: now + timeUntilExpiryMillis }),
  };
}

describe('simulator replays the vendor examples', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ seed: false, version: '5.7.0' });
  });
  after(() => sim.close());

  it('ping answers the documented pong, with the server clock', async () => {
    sim.state.now = () => 1649473806160;
    const answer = await call(sim, 'GET', PING);
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.json, documentedPing);
  });

  it('5.7.0 GET 2.0 user/tokens: bare array, NAME in `description`, no tokenName (the documented bug)', async () => {
    const now = 1641373804002;
    sim.state.now = () => now;
    sim.state.tokens = [
      tokenAt(now, 97, 'john.doe', 'User token 1', PURPOSE, 1641315620320, 2533816318),
      tokenAt(now, 98, 'john.doe', 'Google drive service', PURPOSE, 1641315642318, 15493838324),
      tokenAt(now, 130, 'admin', 'non-expiring', PURPOSE, 1641368491561),
    ];
    const answer = await call(sim, 'GET', `${TOKENS_2}/user/tokens`, { auth: JOHN });
    assert.equal(answer.status, 200);
    const documented = documentedUserTokens20;
    assert.deepEqual(answer.json, documented);
    assert.deepEqual(asArray(answer.json).map(Object.keys), documented.map(Object.keys), 'field order as documented');
  });

  it('5.7.0 GET 2.0 admin/tokens: allApiTokens of every user; never-expiring: no timeUntil* fields', async () => {
    const now = 1641374442600;
    sim.state.now = () => now;
    sim.state.tokens = [
      tokenAt(now, 97, 'john.doe', 'User token 1', '', 1641315620320, 2533177720),
      tokenAt(now, 98, 'john.doe', 'Google drive service', '', 1641315642318, 15493199718),
      tokenAt(now, 129, 'admin', 'non-expiring', PURPOSE, 1641368462114, 2586019515),
      tokenAt(now, 130, 'admin', 'non-expiring', PURPOSE, 1641368491561),
    ];
    const answer = await call(sim, 'GET', `${TOKENS_2}/admin/tokens`, { auth: ADMIN });
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.json, documentedAdminTokens20);
  });

  it('5.7.0 expiry status: `apiTokenDescription` holds the name', async () => {
    const expiresAt = Date.UTC(2022, 6, 3, 13, 22, 10);
    const now = expiresAt - 15541408230;
    sim.state.now = () => now;
    sim.state.tokens = [tokenAt(now, 65, 'john.doe', 'Token name', 'the real description', now - 1000, 15541408230)];
    const answer = await call(sim, 'GET', `${TOKENS_2}/user/expiry/status?id=65`, { auth: JOHN });
    assert.equal(answer.status, 200);
    const documented = documentedExpiry;
    assert.deepEqual(answer.json, documented);
    assert.deepEqual(Object.keys(asRecord(answer.json)), Object.keys(documented));
  });

  it('create answers are the documented 201s, correct even in 5.7.0 (custom, defaults from {}, forever)', async () => {
    sim.state.tokens = [tokenAt(0, 66, 'jane.roe', 'older', '', 0)];

    sim.state.now = () => 1641313644754;
    const custom = await call(sim, 'POST', `${TOKENS_2}/user/tokens`, {
      auth: ADMIN,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tokenName: 'Example name', description: PURPOSE, validForDays: '180' }),
    });
    assert.equal(custom.status, 201);
    const customJson = asRecord(custom.json);
    assert.match(String(customJson.apiToken), SECRET_FORMAT);
    const documentedCustom = { ...documentedCreated.custom, apiToken: customJson.apiToken };
    assert.deepEqual(customJson, documentedCustom);
    assert.deepEqual(Object.keys(customJson), Object.keys(documentedCustom));

    sim.state.now = () => 1641313742042;
    const defaults = await call(sim, 'POST', `${TOKENS_2}/user/tokens`, {
      auth: ADMIN,
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(defaults.status, 201);
    const defaultsJson = asRecord(defaults.json);
    assert.match(String(defaultsJson.apiToken), SECRET_FORMAT);
    const documentedDefaults = { ...documentedCreated.defaults, apiToken: defaultsJson.apiToken };
    assert.deepEqual(defaultsJson, documentedDefaults);
    assert.deepEqual(Object.keys(defaultsJson), Object.keys(documentedDefaults));

    sim.state.tokens.push(tokenAt(0, 129, 'jane.roe', 'older', '', 0));
    const forever = await call(sim, 'POST', `${TOKENS_2}/user/tokens`, {
      auth: ADMIN,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tokenName: 'Example name', description: PURPOSE, isValidForever: true }),
    });
    assert.equal(forever.status, 201);
    const foreverJson = asRecord(forever.json);
    const documentedForever = { ...documentedCreated.forever, apiToken: foreverJson.apiToken };
    assert.deepEqual(foreverJson, documentedForever);
    assert.deepEqual(Object.keys(foreverJson), Object.keys(documentedForever));
    assert.match(String(foreverJson.apiToken), SECRET_FORMAT);
    assert.notEqual(foreverJson.apiToken, customJson.apiToken);

    // ...and GET loses the description again (the bug), showing the name in its place.
    const listed = asArray((await call(sim, 'GET', `${TOKENS_2}/user/tokens`, { auth: ADMIN })).json);
    const example = listed.find((t) => t.id === 67);
    assert.deepEqual(example && { description: example.description, tokenName: example.tokenName }, {
      description: 'Example name',
      tokenName: undefined,
    });
  });

  it('5.7.0 has no token API 3.0: its paths answer 404', async () => {
    for (const path of [
      `${TOKENS_3}/user/tokens`,
      `${TOKENS_3}/admin/tokens`,
      `${TOKENS_3}/user/expiry/status?id=67`,
    ]) {
      const answer = await call(sim, 'GET', path, { auth: ADMIN });
      assert.equal(answer.status, 404, path);
    }
  });

  it('snapshot list has the documented fields and order, newest first', async () => {
    const local = await startSimulator({ seed: false, applicationVersion: '8.16.1', pluginVersion: '5.2.1-SNAPSHOT' });
    try {
      local.state.now = () => 1641224273947;
      const backup = documentedSnapshots[1].description;
      assert.equal(
        (await call(local, 'POST', `${SNAPSHOTS}?description=${encodeURIComponent(backup)}`, { auth: ADMIN })).status,
        200,
      );
      local.state.now = () => 1641298624000;
      assert.equal((await call(local, 'POST', `${SNAPSHOTS}?description=test`, { auth: ADMIN })).status, 200);

      const answer = await call(local, 'GET', SNAPSHOTS, { auth: ADMIN });
      assert.equal(answer.status, 200);
      // The page's newest snapshot says 1641298623998 but is named after 13:17:04 local time: the
      // simulator names it after its own clock, so it is taken at 1641298624000.
      const [newest, older] = documentedSnapshots;
      const documented = [
        { ...newest, baseUrl: local.baseUrl, timeMillis: 1641298624000 },
        { ...older, baseUrl: local.baseUrl },
      ];
      assert.deepEqual(answer.json, documented);
      assert.deepEqual(asArray(answer.json).map(Object.keys), documented.map(Object.keys));
    } finally {
      await local.close();
    }
  });
});

describe('simulator latest mode: token API 3.0 with correct shapes, 2.0 still buggy', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());

  it('3.0 user/tokens: tokenName and the real description, documented field order', async () => {
    const answer = await call(sim, 'GET', `${TOKENS_3}/user/tokens`, { auth: JOHN });
    assert.equal(answer.status, 200);
    const tokens = asArray(answer.json);
    assert.deepEqual(
      tokens.map((t) => [t.id, t.tokenName, t.description]),
      [
        [98, 'Google drive service', 'Syncs Jira attachments to the shared drive'],
        [97, 'User token 1', ''],
      ],
    );
    assert.deepEqual(Object.keys(tokens[0]), [
      'timeUntilExpiryDays',
      'createdAt',
      'createdAtMillis',
      'timeUntilExpiryMillis',
      'tokenName',
      'description',
      'id',
      'expiresAt',
      'username',
    ]);
    assert.match(String(tokens[0].createdAt), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    assert.match(String(tokens[0].expiresAt), /^\d{4}-\d\d-\d\dT\d\d:\d\d$/);
    assert.equal(typeof tokens[0].timeUntilExpiryDays, 'string');
  });

  it('2.0 in latest mode still carries the name in `description`', async () => {
    const tokens = asArray((await call(sim, 'GET', `${TOKENS_2}/user/tokens`, { auth: JOHN })).json);
    assert.deepEqual(
      tokens.map((t) => [t.description, 'tokenName' in t]),
      [
        ['Google drive service', false],
        ['User token 1', false],
      ],
    );
  });

  it('seeds an expiry spread: expired, ~5 days, ~170 days, never', async () => {
    const all = asArray(
      asRecord((await call(sim, 'GET', `${TOKENS_3}/admin/tokens`, { auth: ADMIN })).json).allApiTokens,
    );
    assert.deepEqual(
      all.map((t) => [t.id, t.username, t.timeUntilExpiryDays, t.expiresAt === 'Never']),
      [
        [130, 'admin', undefined, true],
        [129, 'admin', '-4', false],
        [98, 'john.doe', '170', false],
        [97, 'john.doe', '5', false],
      ],
    );
  });

  it('3.0 expiry status names the token and gives its real description', async () => {
    const answer = await call(sim, 'GET', `${TOKENS_3}/user/expiry/status?id=98`, { auth: JOHN });
    assert.equal(answer.status, 200);
    const status = asRecord(answer.json);
    assert.deepEqual(
      [status.id, status.tokenName, status.apiTokenDescription, status.timeUntilExpiryDays],
      [98, 'Google drive service', 'Syncs Jira attachments to the shared drive', '170'],
    );
  });

  it('create accepts validForDays as a number, rejects nonsense with 400', async () => {
    const now = sim.state.now();
    const seven = await call(sim, 'POST', `${TOKENS_3}/user/tokens`, {
      auth: JANE,
      headers: { 'content-type': 'application/json' },
      body: '{"tokenName":"weekly","validForDays":7}',
    });
    assert.equal(seven.status, 201);
    const created = asRecord(seven.json);
    assert.equal(created.validForDays, '7');
    assert.ok(Math.abs(Number(created.expiresAtMillis) - (now + 7 * 86_400_000)) < 5_000);
    for (const body of ['{"validForDays":"abc"}', '{"validForDays":0}', '[1]', '{not json']) {
      const bad = await call(sim, 'POST', `${TOKENS_3}/user/tokens`, {
        auth: JANE,
        headers: { 'content-type': 'application/json' },
        body,
      });
      assert.equal(bad.status, 400, body);
    }
  });

  it('unknown paths answer 404, inside and outside the context path', async () => {
    assert.equal((await call(sim, 'GET', '/rest/ksso/api/nothing/here', { auth: ADMIN })).status, 404);
    const outside = await fetch(sim.baseUrl.replace(/\/jira$/, '/confluence/rest/ksso/api/info/1.0/ping'));
    assert.equal(outside.status, 404);
    await outside.text();
  });

  it('test-only config endpoint shows and replaces the live config without auth', async () => {
    const shown = await call(sim, 'GET', '/rest/ksso-simulator/1.0/config');
    assert.deepEqual(shown.json, sim.state.config);
    const put = await call(sim, 'PUT', '/rest/ksso-simulator/1.0/config', {
      body: '{"identityProviders":[],"revision":99}',
    });
    assert.equal(put.status, 200);
    assert.deepEqual(sim.state.config, { identityProviders: [], revision: 99 });
  });
});

describe('simulator snapshots', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ contextPath: '' });
  });
  after(() => sim.close());

  it('take without description names it sso-snapshot-<local time>, unique within one second', async () => {
    sim.state.now = () => Date.UTC(2024, 2, 10, 11, 5, 9, 120);
    const first = asRecord((await call(sim, 'POST', SNAPSHOTS, { auth: ADMIN })).json);
    const second = asRecord((await call(sim, 'POST', SNAPSHOTS, { auth: ADMIN })).json);
    assert.equal(first.id, 'sso-snapshot-2024-03-10-12_05_09');
    assert.equal(first.description, first.id);
    assert.equal(first.filename, 'sso-snapshot-2024-03-10-12_05_09.zip');
    assert.notEqual(second.id, first.id);
    assert.match(String(second.id), /^sso-snapshot-2024-03-10-12_05_09-\d+$/);
    sim.state.now = () => Date.now();
  });

  it('take keeps a URL-encoded description with spaces and symbols', async () => {
    const description = 'før oppgradering & test/1?';
    const taken = await call(sim, 'POST', `${SNAPSHOTS}?description=${encodeURIComponent(description)}`, {
      auth: ADMIN,
    });
    assert.equal(taken.status, 200);
    assert.equal(asRecord(taken.json).description, description);
    const listed = asArray((await call(sim, 'GET', SNAPSHOTS, { auth: ADMIN })).json);
    assert.equal(listed.filter((s) => s.description === description).length, 1);
  });

  it("restore puts the snapshot's config back into the live state", async () => {
    const before = structuredClone(sim.state.config);
    const taken = asRecord((await call(sim, 'POST', `${SNAPSHOTS}?description=known-good`, { auth: ADMIN })).json);
    sim.state.config = { identityProviders: ['Broken IdP'], revision: 1000 };
    const restored = await call(sim, 'POST', `${SNAPSHOTS}restore/${encodeURIComponent(String(taken.id))}`, {
      auth: ADMIN,
    });
    assert.equal(restored.status, 200);
    assert.deepEqual(sim.state.config, before);
    // A deep copy: changing the live config later does not change the snapshot.
    (sim.state.config.identityProviders as string[]).push('Added later');
    const snapshot = sim.state.snapshots.find((s) => s.id === taken.id);
    assert.deepEqual(snapshot?.config, before);
  });

  it('restore of an unknown id answers 404 and changes nothing', async () => {
    const config = structuredClone(sim.state.config);
    const answer = await call(sim, 'POST', `${SNAPSHOTS}restore/sso-snapshot-1999-01-01-00_00_00`, { auth: ADMIN });
    assert.equal(answer.status, 404);
    assert.deepEqual(sim.state.config, config);
  });

  it('plain users get 403 on every snapshot endpoint', async () => {
    const count = sim.state.snapshots.length;
    assert.equal((await call(sim, 'GET', SNAPSHOTS, { auth: JOHN })).status, 403);
    assert.equal((await call(sim, 'POST', SNAPSHOTS, { auth: JOHN })).status, 403);
    assert.equal(
      (await call(sim, 'POST', `${SNAPSHOTS}restore/${sim.state.snapshots[0].id}`, { auth: JOHN })).status,
      403,
    );
    assert.equal(sim.state.snapshots.length, count);
  });
});

describe('simulator authentication', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());

  const whoAmI = async (auth?: string) => {
    const answer = await call(sim, 'GET', `${TOKENS_3}/user/tokens`, { auth });
    return {
      status: answer.status,
      users: answer.status === 200 ? [...new Set(asArray(answer.json).map((t) => t.username))] : [],
      answer,
    };
  };

  it('accepts Basic password, Basic with an issued API token, and Bearer PAT', async () => {
    assert.deepEqual((await whoAmI(JOHN)).users, ['john.doe']);
    const { secret } = sim.issueToken('john.doe', { name: 'cli' });
    assert.deepEqual((await whoAmI(basic('john.doe', secret))).users, ['john.doe']);
    assert.deepEqual((await whoAmI('Bearer john-pat-0001')).users, ['john.doe']);
    assert.deepEqual((await whoAmI('Bearer admin-pat-0001')).users, ['admin']);
  });

  it('answers 401 with WWW-Authenticate for missing, wrong, foreign and expired credentials', async () => {
    const expired = sim.state.tokens.find((t) => t.id === 129);
    assert.ok(expired?.expiresAt !== undefined && expired.expiresAt < Date.now());
    const johnsToken = sim.state.tokens.find((t) => t.username === 'john.doe')!.secret;
    const cases = {
      missing: undefined,
      wrongPassword: basic('admin', 'nope'),
      unknownUser: basic('ghost', 'admin'),
      otherUsersToken: basic('admin', johnsToken),
      expiredToken: basic('admin', expired.secret),
      wrongPat: 'Bearer not-a-pat',
      otherScheme: 'Negotiate abc',
    };
    for (const [name, auth] of Object.entries(cases)) {
      const { status, answer } = await whoAmI(auth);
      assert.equal(status, 401, name);
      assert.match(answer.headers.get('www-authenticate') ?? '', /^Basic /, name);
      assert.equal(asRecord(answer.json).message, 'Client must be authenticated to access this resource.');
    }
  });

  it('ping needs no credentials but rejects wrong ones, like Seraph', async () => {
    assert.equal((await call(sim, 'GET', PING)).status, 200);
    assert.equal((await call(sim, 'GET', PING, { auth: basic('admin', 'nope') })).status, 401);
  });

  it('login-redirect mode answers 302 to login.jsp, which serves HTML', async () => {
    sim.setLoginRedirect(true);
    try {
      const redirected = await call(sim, 'GET', `${TOKENS_3}/user/tokens`, { redirect: 'manual' });
      assert.equal(redirected.status, 302);
      assert.equal(
        redirected.headers.get('location'),
        `/jira/login.jsp?os_destination=${encodeURIComponent('/rest/ksso/api/apitokens/3.0/user/tokens')}`,
      );
      const wrong = await call(sim, 'GET', SNAPSHOTS, { auth: basic('admin', 'nope'), redirect: 'manual' });
      assert.equal(wrong.status, 302);
      const followed = await call(sim, 'GET', `${TOKENS_3}/user/tokens`);
      assert.equal(followed.status, 200);
      assert.match(followed.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(followed.text, /<form id="login-form"/);
      assert.equal((await whoAmI(ADMIN)).status, 200, 'good credentials still work');
    } finally {
      sim.setLoginRedirect(false);
    }
    assert.equal((await whoAmI()).status, 401);
  });

  it('XSRF: a mutation without X-Atlassian-Token nor JSON content type gets 403 "XSRF check failed"', async () => {
    const count = sim.state.tokens.length;
    const rejected = await call(sim, 'POST', `${TOKENS_3}/user/tokens`, {
      auth: JOHN,
      noCheck: false,
      body: '{}',
      headers: { 'content-type': 'text/plain' },
    });
    assert.equal(rejected.status, 403);
    assert.equal(rejected.text, 'XSRF check failed');
    const snapshotRejected = await call(sim, 'POST', SNAPSHOTS, { auth: ADMIN, noCheck: false });
    assert.deepEqual([snapshotRejected.status, snapshotRejected.text], [403, 'XSRF check failed']);
    const deleteRejected = await call(sim, 'DELETE', `${TOKENS_3}/user/delete/97`, { auth: JOHN, noCheck: false });
    assert.deepEqual([deleteRejected.status, deleteRejected.text], [403, 'XSRF check failed']);
    assert.equal(sim.state.tokens.length, count);

    const withHeader = await call(sim, 'POST', `${TOKENS_3}/user/tokens`, { auth: JOHN, body: '{}' });
    assert.equal(withHeader.status, 201);
    const withJsonType = await call(sim, 'POST', `${TOKENS_3}/user/tokens`, {
      auth: JOHN,
      noCheck: false,
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(withJsonType.status, 201);
    assert.equal(sim.state.tokens.length, count + 2);
  });

  it('records every request with the authorization reduced to its scheme', async () => {
    const secret = 'admin';
    await call(sim, 'POST', `${TOKENS_3}/user/tokens`, {
      auth: basic('admin', secret),
      body: '{"tokenName":"recorded"}',
    });
    const last = sim.requests.at(-1)!;
    assert.equal(last.method, 'POST');
    assert.equal(last.path, '/jira/rest/ksso/api/apitokens/3.0/user/tokens');
    assert.equal(last.headers.authorization, 'Basic');
    assert.equal(last.headers['x-atlassian-token'], 'no-check');
    assert.equal(last.body, '{"tokenName":"recorded"}');
  });
});

describe('simulator token ownership, delete and renew', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());

  it('plain users cannot list all tokens or admin-delete (403)', async () => {
    assert.equal((await call(sim, 'GET', `${TOKENS_3}/admin/tokens`, { auth: JOHN })).status, 403);
    assert.equal((await call(sim, 'DELETE', `${TOKENS_3}/admin/delete/130`, { auth: JOHN })).status, 403);
    assert.ok(sim.state.tokens.some((t) => t.id === 130));
  });

  it("a user cannot see, renew or delete another user's token: 404, as if it did not exist", async () => {
    const adminToken = sim.state.tokens.find((t) => t.id === 130)!;
    assert.equal((await call(sim, 'GET', `${TOKENS_3}/user/expiry/status?id=130`, { auth: JOHN })).status, 404);
    assert.equal(
      (
        await call(sim, 'PUT', `${TOKENS_3}/user/refresh`, {
          auth: JOHN,
          body: JSON.stringify({ apiToken: adminToken.secret }),
        })
      ).status,
      404,
    );
    const deleted = await call(sim, 'DELETE', `${TOKENS_3}/user/delete/130`, { auth: JOHN });
    assert.equal(deleted.status, 404);
    assert.equal(deleted.text, 'API token with id 130 not found');
    assert.ok(sim.state.tokens.includes(adminToken));
  });

  it('a user deletes their own token; the answer is plain text', async () => {
    const answer = await call(sim, 'DELETE', `${TOKENS_3}/user/delete/97`, { auth: JOHN });
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get('content-type') ?? '', /^text\/plain/);
    assert.equal(answer.text, 'API token with id 97 deleted');
    assert.ok(!sim.state.tokens.some((t) => t.id === 97));
    assert.equal((await call(sim, 'DELETE', `${TOKENS_3}/user/delete/97`, { auth: JOHN })).status, 404);
  });

  it("a sysadmin deletes anyone's token through admin/delete", async () => {
    const answer = await call(sim, 'DELETE', `${TOKENS_2}/admin/delete/98`, { auth: ADMIN });
    assert.deepEqual([answer.status, answer.text], [200, 'API token with id 98 deleted']);
    assert.ok(!sim.state.tokens.some((t) => t.id === 98));
  });

  it('renew with the secret in the body extends by the original validity from now', async () => {
    const created = sim.state.now();
    const { id, secret } = sim.issueToken('jane.roe', {
      name: 'renew me',
      validForDays: 10,
      createdAt: created - 8 * 86_400_000,
    });
    const later = created + 60_000;
    sim.state.now = () => later;
    try {
      const answer = await call(sim, 'PUT', `${TOKENS_3}/user/refresh`, {
        auth: JANE,
        body: JSON.stringify({ apiToken: secret }),
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(answer.status, 200);
      const status = asRecord(answer.json);
      assert.deepEqual(
        [status.id, status.tokenName, status.timeUntilExpiryMillis, status.timeUntilExpiryDays],
        [id, 'renew me', 10 * 86_400_000, '10'],
      );
      assert.equal(sim.state.tokens.find((t) => t.id === id)?.expiresAt, later + 10 * 86_400_000);
    } finally {
      sim.state.now = () => Date.now();
    }
  });

  it('renew with an empty body uses the token the request authenticated with (2.0: the name bug)', async () => {
    const now = Date.now();
    sim.state.now = () => now;
    try {
      const { id, secret } = sim.issueToken('jane.roe', {
        name: 'self renew',
        validForDays: 3,
        createdAt: now - 2 * 86_400_000,
      });
      const answer = await call(sim, 'PUT', `${TOKENS_2}/user/refresh`, { auth: basic('jane.roe', secret) });
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.json, {
        expiresAt: answer.json && asRecord(answer.json).expiresAt,
        apiTokenDescription: 'self renew',
        id,
        timeUntilExpiryMillis: 3 * 86_400_000,
        timeUntilExpiryDays: '3',
      });
      assert.equal(sim.state.tokens.find((t) => t.id === id)?.expiresAt, now + 3 * 86_400_000);
    } finally {
      sim.state.now = () => Date.now();
    }
  });

  it('renew with an empty body and a password credential is a 400 that says what to send', async () => {
    const answer = await call(sim, 'PUT', `${TOKENS_3}/user/refresh`, { auth: JANE });
    assert.equal(answer.status, 400);
    assert.match(String(asRecord(answer.json).message), /apiToken/);
  });

  it('an expired token is listed with negative time left and cannot authenticate, until renewed', async () => {
    const { id, secret } = sim.issueToken('jane.roe', {
      name: 'stale',
      validForDays: 1,
      createdAt: Date.now() - 3 * 86_400_000,
    });
    const listed = asArray((await call(sim, 'GET', `${TOKENS_3}/user/tokens`, { auth: JANE })).json).find(
      (t) => t.id === id,
    )!;
    assert.equal(listed.timeUntilExpiryDays, '-2');
    assert.ok(Number(listed.timeUntilExpiryMillis) < 0);
    assert.equal((await call(sim, 'GET', `${TOKENS_3}/user/tokens`, { auth: basic('jane.roe', secret) })).status, 401);
    assert.equal(
      (await call(sim, 'PUT', `${TOKENS_3}/user/refresh`, { auth: JANE, body: JSON.stringify({ apiToken: secret }) }))
        .status,
      200,
    );
    assert.equal((await call(sim, 'GET', `${TOKENS_3}/user/tokens`, { auth: basic('jane.roe', secret) })).status, 200);
  });

  it('a never-expiring token stays Never when renewed', async () => {
    const { secret } = sim.issueToken('jane.roe', { name: 'forever', validForDays: 'forever' });
    const answer = await call(sim, 'PUT', `${TOKENS_3}/user/refresh`, {
      auth: JANE,
      body: JSON.stringify({ apiToken: secret }),
    });
    assert.equal(answer.status, 200);
    const status = asRecord(answer.json);
    assert.equal(status.expiresAt, 'Never');
    assert.ok(!('timeUntilExpiryMillis' in status));
  });

  it('expiry status without a usable id is a 400', async () => {
    assert.equal((await call(sim, 'GET', `${TOKENS_3}/user/expiry/status`, { auth: JANE })).status, 400);
    assert.equal((await call(sim, 'GET', `${TOKENS_3}/user/expiry/status?id=abc`, { auth: JANE })).status, 400);
  });
});
