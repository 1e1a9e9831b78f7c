// What sits in front of Jira: rate limits with Retry-After in both of its forms, and the error
// pages of the usual reverse proxies, byte for byte, over real HTTP with fetch as the client.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from './index';
import { JOHN, PING, TOKENS_3, call } from './testkit';

describe('simulator Retry-After', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());

  it('429 with Retry-After: 1 and with Retry-After: 120, each for N requests, then the real answer', async () => {
    sim.inject({ type: 'status', status: 429, retryAfter: 1 }, { times: 2, pathIncludes: '/user/tokens' });
    sim.inject({ type: 'status', status: 429, retryAfter: 120 }, { times: 2, pathIncludes: '/user/tokens' });
    const seen: Array<[number, string | null]> = [];
    for (let i = 0; i < 5; i++) {
      const answer = await call(sim, 'GET', `${TOKENS_3}/user/tokens`, { auth: JOHN });
      seen.push([answer.status, answer.headers.get('retry-after')]);
    }
    assert.deepEqual(seen, [
      [429, '1'],
      [429, '1'],
      [429, '120'],
      [429, '120'],
      [200, null],
    ]);
  });

  it('Retry-After as an HTTP date, as raw text, and retryAfter winning over retryAfterSeconds', async () => {
    const when = new Date(Date.UTC(2031, 0, 2, 3, 4, 5));
    sim.inject({ type: 'status', status: 503, retryAfter: when });
    sim.inject({ type: 'status', status: 429, retryAfter: 'soon-ish' });
    sim.inject({ type: 'status', status: 429, retryAfter: 30, retryAfterSeconds: 7 });
    const headers = [];
    for (let i = 0; i < 3; i++) headers.push((await call(sim, 'GET', PING)).headers.get('retry-after'));
    assert.deepEqual(headers, ['Thu, 02 Jan 2031 03:04:05 GMT', 'soon-ish', '30']);
  });
});
