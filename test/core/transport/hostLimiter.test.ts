// Requests are bounded per host: one server never has more than REQUESTS_PER_HOST requests from us
// in flight, while the instances of a fleet (other hosts) do not wait for each other.
import { describe, it } from 'node:test';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import assert from 'node:assert/strict';
import { KantegaClient } from '../../../src/core/api/client';
import { KeyedLimiter, REQUESTS_PER_HOST } from '../../../src/core/transport/hostLimiter';
import { KantegaError } from '../../../src/core/errors';

const cancelled = () => new KantegaError('cancelled', 'cancelled');

describe('KeyedLimiter', () => {
  it('holds a key to its limit, lets other keys through, and hands a freed place to the next in line', async () => {
    const limiter = new KeyedLimiter(2);
    const a1 = await limiter.acquire('a', undefined, cancelled);
    const a2 = await limiter.acquire('a', undefined, cancelled);
    let third = false;
    const a3 = limiter.acquire('a', undefined, cancelled).then((release) => ((third = true), release));
    const b1 = await limiter.acquire('b', undefined, cancelled);
    assert.equal(limiter.inFlight('b'), 1, 'another key does not wait');
    await Promise.resolve();
    assert.equal(third, false, 'the third waits while two run');
    a1();
    a1(); // releasing twice frees one place only
    const release3 = await a3;
    assert.equal(limiter.inFlight('a'), 2);
    a2();
    release3();
    b1();
    assert.equal(limiter.inFlight('a') + limiter.inFlight('b'), 0);
  });

  it('gives up waiting when cancelled, without taking a place', async () => {
    const limiter = new KeyedLimiter(1);
    const first = await limiter.acquire('a', undefined, cancelled);
    const controller = new AbortController();
    const waiting = limiter.acquire('a', controller.signal, cancelled);
    controller.abort();
    await assert.rejects(waiting, (e: unknown) => e instanceof KantegaError && e.kind === 'cancelled');
    first();
    assert.equal(limiter.inFlight('a'), 0);
  });
});

/** Requests in flight across all the test's servers, and the most seen at once. */
const fleet = { inFlight: 0, peak: 0 };

/** A server answering Kantega's ping after 100 ms, counting the most requests it had at once. */
async function slowPingServer(): Promise<{ baseUrl: string; peak: () => number; close: () => Promise<void> }> {
  let inFlight = 0;
  let peak = 0;
  const server = createServer((_req, res) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    fleet.inFlight++;
    fleet.peak = Math.max(fleet.peak, fleet.inFlight);
    setTimeout(() => {
      inFlight--;
      fleet.inFlight--;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ response: 'pong', timestamp: Date.now() }));
    }, 100);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/jira`,
    peak: () => peak,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('requests per host, against real servers', () => {
  it('never runs more than the bound against one server, while several servers run at once', async () => {
    const servers = await Promise.all([slowPingServer(), slowPingServer(), slowPingServer()]);
    const clients = servers.map((server) => new KantegaClient({ baseUrl: server.baseUrl }));
    try {
      await Promise.all(clients.flatMap((client) => Array.from({ length: 8 }, () => client.ping())));
      for (const server of servers) assert.equal(server.peak(), REQUESTS_PER_HOST);
      assert.equal(fleet.peak, servers.length * REQUESTS_PER_HOST, 'the servers were served at the same time');
    } finally {
      await Promise.all(clients.map((client) => client.close()));
      await Promise.all(servers.map((server) => server.close()));
    }
  });
});
