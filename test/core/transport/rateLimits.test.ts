// Retry-After is honoured (issue #15, item 4): never sooner than the server asked, a short wait sat
// out within the request, a long one ends the call at once and keeps the host quiet for every
// client, person or background. Each case has its own simulator: a wait belongs to the host.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { KantegaClient } from '../../../src/core/api/client';
import type { RequestLogEntry } from '../../../src/core/model';
import type { TransportNetworkOptions } from '../../../src/core/transport/http';
import { rateLimitedUntil, UNSTATED_RATE_LIMIT_WAIT_MS } from '../../../src/core/transport/rateLimits';
import { startSimulator, type Simulator } from '../../simulator';
import { rejectsWith } from '../rejects';

for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy'])
  delete process.env[name];

const closers: (() => Promise<void>)[] = [];
after(async () => {
  for (const close of closers.reverse()) await close();
});

async function simulator(): Promise<Simulator> {
  const sim = await startSimulator();
  closers.push(() => sim.close());
  return sim;
}

function clientFor(
  sim: Simulator,
  network: TransportNetworkOptions = {},
  onRequest?: (entry: RequestLogEntry) => void,
): KantegaClient {
  // A tiny backoff cap: a retry that still waits a second waited because the server asked.
  const client = new KantegaClient({
    baseUrl: sim.baseUrl,
    credential: { kind: 'password', username: 'admin', secret: 'admin' },
    network: { maxRetryDelayMs: 50, ...network },
    tokenApiVersion: '3.0',
    onRequest,
  });
  closers.push(() => client.close());
  return client;
}

describe('Retry-After', () => {
  it('1 second on a GET: retried once the second is over, never sooner, and it succeeds', async () => {
    const sim = await simulator();
    const ended: number[] = [];
    const started: number[] = [];
    const client = clientFor(sim, {}, (entry) => {
      ended.push(performance.now());
      started.push(performance.now() - entry.durationMs);
    });
    sim.inject({ type: 'status', status: 429, retryAfter: 1 }, { method: 'GET' });
    assert.ok(Array.isArray(await client.listSnapshots()));
    assert.equal(sim.requests.length, 2, 'one retry');
    const waited = started[1] - ended[0];
    assert.ok(waited >= 999, `retried after ${waited} ms`);
    assert.equal(rateLimitedUntil(sim.baseUrl), undefined, 'the host is free again');
  });

  it('2 minutes: no retry, the call ends at once, and the host is then left alone by every client', async () => {
    const sim = await simulator();
    sim.inject({ type: 'status', status: 429, retryAfter: 120 }, { method: 'GET' });
    const t0 = performance.now();
    const e = await rejectsWith(
      clientFor(sim).listSnapshots(),
      'rateLimited',
      /^Could not list snapshots: the server is rate limiting requests \(HTTP 429\) and asked to wait 2 minutes\. Try again after \d\d:\d\d\.$/,
    );
    assert.ok(performance.now() - t0 < 1000, 'ended at once');
    assert.equal(e.retryAfterMs, 120_000);
    assert.equal(sim.requests.length, 1, 'not retried');
    const until = rateLimitedUntil(`${sim.baseUrl}/anything`);
    assert.ok(until !== undefined && until > Date.now() + 115_000 && until <= Date.now() + 120_000, String(until));
    assert.equal(rateLimitedUntil(sim.baseUrl, Date.now() + 121_000), undefined, 'over by then');

    // The fault is consumed: only the transport's own rule keeps these from the server.
    const other = clientFor(sim);
    const quiet = await rejectsWith(
      other.listMyTokens(),
      'rateLimited',
      /^Could not list your API tokens: nothing was sent, because 127\.0\.0\.1:\d+ asked to be left alone for 2 minutes more \(HTTP 429\)\. Try again after \d\d:\d\d\.$/,
    );
    assert.ok((quiet.retryAfterMs ?? 0) > 115_000);
    await rejectsWith(other.takeSnapshot('a change waits too'), 'rateLimited', /nothing was sent/);
    assert.equal(sim.requests.length, 1, 'nothing more reached the server');
  });

  it('as an HTTP date, measured against the server’s own Date header', async () => {
    const sim = await simulator();
    // The server's clock is an hour ahead; its date still means 30 seconds from its now.
    const serverNow = Date.now() + 3_600_000;
    sim.inject(
      {
        type: 'rawBody',
        status: 429,
        body: '{"message":"Too many requests"}',
        headers: { date: new Date(serverNow).toUTCString(), 'retry-after': new Date(serverNow + 30_000).toUTCString() },
      },
      { method: 'GET' },
    );
    const e = await rejectsWith(
      clientFor(sim).listSnapshots(),
      'rateLimited',
      /asked to wait (29|30|31) seconds\. Try again after \d\d:\d\d:\d\d\.$/,
    );
    assert.ok(e.retryAfterMs !== undefined && Math.abs(e.retryAfterMs - 30_000) <= 1000, String(e.retryAfterMs));

    const other = await simulator();
    other.inject({ type: 'status', status: 429, retryAfter: new Date(Date.now() + 90_000) }, { method: 'GET' });
    await rejectsWith(clientFor(other).listSnapshots(), 'rateLimited', /asked to wait (89|90|91) seconds/);
    assert.equal(other.requests.length, 1);
  });

  it('a short wait met by a change is kept by the next request of another client, which goes after it', async () => {
    const sim = await simulator();
    sim.inject({ type: 'status', status: 429, retryAfter: 2 }, { method: 'POST' });
    await rejectsWith(
      clientFor(sim).takeSnapshot('refused'),
      'rateLimited',
      /HTTP 429\) and asked to wait 2 seconds\. Try again after \d\d:\d\d:\d\d\./,
    );
    const refusedAt = performance.now();
    assert.ok(Array.isArray(await clientFor(sim).listSnapshots()), 'sent once the wait was over');
    assert.ok(performance.now() - refusedAt >= 1900, 'not sooner than asked');
    assert.equal(sim.requests.length, 2);
  });

  it('503 with Retry-After: the same rule, named as the server being unavailable', async () => {
    const sim = await simulator();
    sim.inject({ type: 'status', status: 503, retryAfter: 300, body: 'Maintenance' }, { method: 'GET' });
    const e = await rejectsWith(
      clientFor(sim).listSnapshots(),
      'serverError',
      /^Could not list snapshots: the server failed \(HTTP 503\): Maintenance\. It asked to wait 5 minutes: try again after \d\d:\d\d\.$/,
    );
    assert.equal(e.retryAfterMs, 300_000);
    assert.equal(sim.requests.length, 1, 'not retried');
    await rejectsWith(clientFor(sim).ping(), 'rateLimited', /nothing was sent.*5 minutes more \(HTTP 503\)/);
    assert.equal(sim.requests.length, 1);
  });

  it('a fleet of requests meeting one 429 does not retry it each: the ones still queued are not sent', async () => {
    const sim = await simulator();
    sim.inject({ type: 'status', status: 429, retryAfter: 60 }, { method: 'GET', times: Infinity });
    const calls = Array.from({ length: 10 }, () => clientFor(sim).listSnapshots());
    const results = await Promise.allSettled(calls);
    assert.ok(results.every((r) => r.status === 'rejected'));
    // Four go out at once (the per-host bound); each is answered 429 once and none is retried.
    assert.ok(sim.requests.length <= 4, `${sim.requests.length} requests reached the server`);
  });

  it('a lasting 429 without Retry-After: retried with our backoff, then the host is left alone a minute', async () => {
    const sim = await simulator();
    sim.inject({ type: 'status', status: 429 }, { method: 'GET', times: Infinity });
    const started = Date.now();
    const e = await rejectsWith(
      clientFor(sim).listSnapshots(),
      'rateLimited',
      /HTTP 429\) without saying for how long, so it is left alone for a minute\. Try again after \d\d:\d\d:\d\d\.$/,
    );
    assert.equal(e.retryAfterMs, undefined, 'the server named no wait');
    assert.equal(sim.requests.length, 3, 'the two retries of a GET');
    const until = rateLimitedUntil(sim.baseUrl);
    assert.ok(until !== undefined && until >= started + UNSTATED_RATE_LIMIT_WAIT_MS - 5, String(until));
    assert.ok(until <= Date.now() + UNSTATED_RATE_LIMIT_WAIT_MS, String(until));
  });

  it('a malformed Retry-After is no wait at all: our backoff, as without one', async () => {
    const sim = await simulator();
    sim.inject({ type: 'status', status: 503, retryAfter: 'soon-ish' }, { method: 'GET' });
    assert.ok(Array.isArray(await clientFor(sim).listSnapshots()));
    assert.equal(sim.requests.length, 2);
    assert.equal(rateLimitedUntil(sim.baseUrl), undefined);
  });
});
