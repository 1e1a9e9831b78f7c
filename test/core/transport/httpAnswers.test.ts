// Reverse-proxy error pages (issue #15, item 3), as nginx, Apache, HAProxy and an AWS load balancer
// send them in front of the simulator: the proxy named, the status and the page's title once, and
// what it means. The application's own error pages and JSON errors keep their wording.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { KantegaClient } from '../../../src/core/api/client';
import { startSimulator, type Fault, type Simulator } from '../../simulator';
import { rejectsWith } from '../rejects';

for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy'])
  delete process.env[name];

type ProxyFault = Extract<Fault, { type: 'proxyErrorPage' }>;

/** What each proxy's page reads as: its name in the message, and the status line with its title. */
const EXPECTED: Record<ProxyFault['server'], { name: string; titles: Record<ProxyFault['status'], string> }> = {
  nginx: {
    name: 'nginx',
    titles: { 502: '502 Bad Gateway', 503: '503 Service Temporarily Unavailable', 504: '504 Gateway Time-out' },
  },
  apache: {
    name: 'Apache',
    titles: { 502: '502 Proxy Error', 503: '503 Service Unavailable', 504: '504 Gateway Timeout' },
  },
  haproxy: {
    name: 'HAProxy',
    titles: { 502: '502 Bad Gateway', 503: '503 Service Unavailable', 504: '504 Gateway Time-out' },
  },
  'aws-alb': {
    name: 'AWS load balancer',
    titles: { 502: '502 Bad Gateway', 503: '503 Service Temporarily Unavailable', 504: '504 Gateway Time-out' },
  },
};

describe('reverse-proxy error pages', () => {
  let sim: Simulator;
  let client: KantegaClient;
  before(async () => {
    sim = await startSimulator();
    client = new KantegaClient({
      baseUrl: sim.baseUrl,
      credential: { kind: 'password', username: 'admin', secret: 'admin' },
      network: { maxRetries: 0 },
    });
  });
  after(async () => {
    await client.close();
    await sim.close();
  });

  for (const server of Object.keys(EXPECTED) as ProxyFault['server'][]) {
    for (const status of [502, 503, 504] as const) {
      it(`${server} ${status}: the proxy named, its title once`, async () => {
        const { name, titles } = EXPECTED[server];
        const title = titles[status];
        sim.inject({ type: 'proxyErrorPage', status, server });
        const behind =
          status === 504
            ? 'the application behind it did not answer in time: it is down, restarting or overloaded\\.'
            : 'the application behind it is down or restarting\\.';
        const e = await rejectsWith(
          client.listSnapshots(),
          'serverError',
          new RegExp(
            `^Could not list snapshots: the reverse proxy in front of 127\\.0\\.0\\.1:\\d+ \\(${name}\\) answered ` +
              `HTTP ${title}: ${behind} Try again in a few minutes; if it persists, check the application's and ` +
              "the proxy's logs\\.$",
          ),
        );
        assert.equal(e.message.split(title).length - 1, 1, 'the title once');
        assert.doesNotMatch(e.message, /nginx\/|Apache\/|<|&/);
        assert.equal(e.status, status);
      });
    }
  }

  it("a GET meeting a proxy page is retried like any 502, and succeeds once the application's back", async () => {
    const retrying = new KantegaClient({
      baseUrl: sim.baseUrl,
      credential: { kind: 'password', username: 'admin', secret: 'admin' },
      network: { maxRetryDelayMs: 50 },
    });
    try {
      sim.inject({ type: 'proxyErrorPage', status: 502, server: 'nginx' });
      assert.ok(Array.isArray(await retrying.listSnapshots()));
    } finally {
      await retrying.close();
    }
  });

  it("the application's own HTML 503 is not blamed on a proxy, and its title is not said twice", async () => {
    // The simulator's status faults carry Jira's headers and a page titled like its heading.
    sim.inject({ type: 'status', status: 503 });
    const e = await rejectsWith(
      client.listSnapshots(),
      'serverError',
      /^Could not list snapshots: the server failed \(HTTP 503\): 503 Service Unavailable Service Unavailable\. Try again later/,
    );
    assert.doesNotMatch(e.message, /proxy/);
    assert.equal(e.message.split('503 Service Unavailable').length - 1, 1);
  });

  it('a JSON 503 keeps the server failure wording', async () => {
    sim.inject({
      type: 'status',
      status: 503,
      contentType: 'application/json',
      body: '{"message":"Jira is starting up"}',
    });
    await rejectsWith(
      client.listSnapshots(),
      'serverError',
      /^Could not list snapshots: the server failed \(HTTP 503\): \{"message":"Jira is starting up"\}\. Try again later; if it persists, check the server's logs\.$/,
    );
  });

  it('a hostile title is quoted inert, short, and without the secret', async () => {
    // Straight from a server of its own: the simulator's answers carry Jira's headers.
    const title = `[Open](command:workbench.action.quit) admin\u202E ${'x'.repeat(300)}`;
    const page = `<html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`;
    const proxy = http.createServer((_req, res) =>
      res.writeHead(502, { 'content-type': 'text/html', server: 'nginx' }).end(page),
    );
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const { port } = proxy.address() as AddressInfo;
    const behind = new KantegaClient({
      baseUrl: `http://127.0.0.1:${port}/jira`,
      credential: { kind: 'password', username: 'admin', secret: 'admin' },
      network: { maxRetries: 0 },
    });
    try {
      const e = await rejectsWith(
        behind.listSnapshots(),
        'serverError',
        /reverse proxy in front of 127\.0\.0\.1:\d+ \(nginx\) answered HTTP 502 \(its page says "\[Open］\(command:workbench\.action\.quit\) \*\*\* x+…"\)/,
      );
      assert.ok(e.message.length < 500, String(e.message.length));
      assert.ok(!e.message.includes('\u202E'));
    } finally {
      await behind.close();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});
