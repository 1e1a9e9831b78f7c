// Realistic volumes (seedVolume option and CLI flags): generated users, an expiry spread, upgrade
// backups, and a 100,000-token admin list generated and served quickly over real HTTP.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { seedVolume, startSimulator, type Simulator } from './index';
import { ADMIN, SNAPSHOTS, TOKENS_3, asArray, asRecord, basic, call, startCli } from './testkit';

const DAY = 86_400_000;

describe('simulator seedVolume', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ seedVolume: { users: 50, tokens: 2000, snapshots: 40 } });
  });
  after(() => sim.close());

  it('generates users user0001... that log in with their username as password', async () => {
    assert.equal(sim.state.users.length, 3 + 50);
    assert.equal(sim.state.users.at(-1)?.username, 'user0050');
    const mine = await call(sim, 'GET', `${TOKENS_3}/user/tokens`, { auth: basic('user0050', 'user0050') });
    assert.equal(mine.status, 200);
    assert.ok(Array.isArray(mine.json));
  });

  it('spreads tokens over users with expired, within days, months and never-expiring ones', async () => {
    const answer = await call(sim, 'GET', `${TOKENS_3}/admin/tokens`, { auth: ADMIN });
    const all = asArray(asRecord(answer.json).allApiTokens);
    assert.equal(all.length, 4 + 2000);
    assert.equal(new Set(all.map((t) => t.id)).size, all.length, 'unique ids');
    const left = all.filter((t) => t.expiresAt !== 'Never').map((t) => Number(t.timeUntilExpiryMillis));
    const share = (n: number) => n / all.length;
    assert.ok(share(left.filter((ms) => ms < 0).length) > 0.1, 'some expired');
    assert.ok(share(left.filter((ms) => ms >= 0 && ms < 7 * DAY).length) > 0.05, 'some within a week');
    assert.ok(share(left.filter((ms) => ms > 30 * DAY).length) > 0.3, 'many months ahead');
    assert.ok(share(all.filter((t) => t.expiresAt === 'Never').length) > 0.2, 'some never expire');
    assert.ok(new Set(all.map((t) => t.username)).size > 40, 'spread over users');
    assert.ok(
      all.every((t) => Number(t.createdAtMillis) <= Date.now()),
      'created in the past',
    );
  });

  it('a generated token authenticates its owner', async () => {
    const token = sim.state.tokens.find((t) => t.username.startsWith('user') && t.expiresAt === undefined)!;
    const answer = await call(sim, 'GET', `${TOKENS_3}/user/tokens`, { auth: basic(token.username, token.secret) });
    assert.equal(answer.status, 200);
    assert.ok(asArray(answer.json).some((t) => t.id === token.id));
  });

  it('spreads snapshots over time, with Kantega-style upgrade backups, unique ids', async () => {
    const list = asArray((await call(sim, 'GET', SNAPSHOTS, { auth: ADMIN })).json);
    assert.equal(list.length, 2 + 40);
    assert.equal(new Set(list.map((s) => s.id)).size, list.length);
    const times = list.map((s) => Number(s.timeMillis));
    assert.ok(Math.max(...times) - Math.min(...times) > 365 * DAY, 'over more than a year');
    const upgrades = list.filter((s) => /^Backup before upgrade of config from version /.test(String(s.description)));
    assert.ok(upgrades.length >= 4);
    assert.ok(list.some((s) => s.description === 'Backup before upgrade of config from version 7.3.0 to 7.4.1'));
  });

  it('new tokens get ids after the generated ones', async () => {
    const max = Math.max(...sim.state.tokens.map((t) => t.id));
    assert.equal(sim.issueToken('admin').id, max + 1);
    const created = await call(sim, 'POST', `${TOKENS_3}/user/tokens`, { auth: ADMIN, body: '{}' });
    assert.equal(asRecord(created.json).id, max + 2);
  });
});

describe('simulator at 100,000 tokens', () => {
  it('generates them fast and serves the admin list over HTTP', async () => {
    const started = performance.now();
    const sim = await startSimulator({ seed: false, seedVolume: { users: 1000, tokens: 100_000 } });
    const generated = performance.now() - started;
    try {
      assert.ok(generated < 2000, `generated in ${Math.round(generated)} ms`);
      const answer = await call(sim, 'GET', `${TOKENS_3}/admin/tokens`, { auth: ADMIN });
      assert.equal(answer.status, 200);
      assert.ok(answer.text.length > 20 * 1024 * 1024, `${answer.text.length} characters`);
      const all = asArray(asRecord(answer.json).allApiTokens);
      assert.equal(all.length, 100_000);
      assert.ok(Number(all[0].id) > Number(all[1].id), 'newest first');
      // Adding after a large list stays cheap: no scan of every token per add.
      const adding = performance.now();
      for (let i = 0; i < 1000; i++) sim.issueToken('admin');
      assert.ok(performance.now() - adding < 500, `1000 adds took ${Math.round(performance.now() - adding)} ms`);
    } finally {
      await sim.close();
    }
  });

  it('seedVolume(sim, ...) adds to a running simulator', async () => {
    const sim = await startSimulator({ seed: false });
    try {
      seedVolume(sim, { users: 2, tokens: 10, snapshots: 3 });
      assert.deepEqual([sim.state.users.length, sim.state.tokens.length, sim.state.snapshots.length], [5, 10, 3]);
    } finally {
      await sim.close();
    }
  });
});

describe('simulator CLI volume flags', () => {
  it('--users --tokens --snapshots generate records and print only the first few', async () => {
    const cli = await startCli(['--port', '0', '--users', '30', '--tokens', '500', '--snapshots', '7']);
    try {
      assert.match(cli.output, /user0030|and \d+ more/);
      assert.match(cli.output, /504 in all/);
      assert.match(cli.output, /snapshots: 9/);
      assert.ok(cli.output.split('\n').length < 80, 'printing is capped');
      const answer = await fetch(`${cli.baseUrl}${TOKENS_3}/admin/tokens`, { headers: { authorization: ADMIN } });
      assert.equal(asArray(asRecord(await answer.json()).allApiTokens).length, 504);
    } finally {
      assert.equal(await cli.stop(), 0);
    }
  });
});
