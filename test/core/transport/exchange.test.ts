// An exchange's deadline runs on the monotonic clock (issue #15, item 8): a wall clock set back
// while a request waits must not make its timer spin (it re-armed itself every millisecond), nor
// one set forward end a request early.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { after, afterEach, describe, it } from 'node:test';
import { KantegaClient } from '../../../src/core/api/client';
import { rejectsWith } from '../rejects';

for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy'])
  delete process.env[name];

const realNow = Date.now;
const realSetTimeout = globalThis.setTimeout;
afterEach(() => {
  Date.now = realNow;
  globalThis.setTimeout = realSetTimeout;
});

const closers: (() => Promise<void>)[] = [];
after(async () => {
  for (const close of closers.reverse()) await close();
});

/** A loopback server that answers the ping after `delayMs`, or never; it counts the requests. */
async function server(delayMs: number | undefined): Promise<{ url: string; requests: () => number }> {
  let requests = 0;
  const sockets = new Set<Socket>();
  const srv = http.createServer((_req, res) => {
    requests++;
    if (delayMs === undefined) return;
    realSetTimeout(
      () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"response":"pong","timestamp":1}'),
      delayMs,
    );
  });
  srv.on('connection', (socket: Socket) => sockets.add(socket));
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        srv.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}/jira`, requests: () => requests };
}

function clientFor(url: string, timeoutMs: number): KantegaClient {
  const client = new KantegaClient({
    baseUrl: url,
    credential: { kind: 'password', username: 'admin', secret: 'admin' },
    network: { timeoutMs, maxRetries: 0 },
  });
  closers.push(() => client.close());
  return client;
}

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => realSetTimeout(resolve, 5));
}

describe('deadlines on the monotonic clock', () => {
  it('a wall clock set back an hour mid-request: the deadline still fires, once, on time', async () => {
    const silent = await server(undefined);
    const pending = clientFor(silent.url, 300).ping();
    await waitFor(() => silent.requests() === 1);
    Date.now = () => realNow() - 3_600_000;
    let timers = 0;
    globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => {
      timers++;
      return realSetTimeout(...args);
    }) as typeof setTimeout;
    const started = performance.now();
    await rejectsWith(pending, 'timeout', /did not answer within 0\.3 seconds/);
    assert.ok(performance.now() - started < 1000, 'ended at its deadline, not an hour later');
    assert.ok(timers < 5, `${timers} timers armed while waiting (a spinning timer arms one per millisecond)`);
    assert.equal(silent.requests(), 1);
  });

  it('a wall clock set forward an hour mid-request: the answer is awaited until the real deadline', async () => {
    const slow = await server(200);
    const pending = clientFor(slow.url, 2000).ping();
    await waitFor(() => slow.requests() === 1);
    Date.now = () => realNow() + 3_600_000;
    const ping = await pending;
    assert.ok(ping.serverTime > 0);
  });
});
