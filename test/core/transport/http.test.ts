// The transport against small real servers on loopback: proxies that misbehave, answers too
// large or too slow, changes whose outcome is unknown, redirects, cookies. No timing assertions:
// each case ends by itself, and counts what the server saw.
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, describe, it } from 'node:test';
import { KantegaClient } from '../../../src/core/api/client';
import type { RequestLogEntry } from '../../../src/core/model';
import type { TransportNetworkOptions } from '../../../src/core/transport/http';
import { redirectTarget } from '../../../src/core/transport/httpAnswers';
import { bypassesProxy } from '../../../src/core/transport/proxy';
import { startCluster, startSimulator, type Simulator } from '../../simulator';
import { rejectsWith } from '../rejects';
import { tokenRecords } from '../tokenRecords';

for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy'])
  delete process.env[name];

const closers: (() => Promise<void>)[] = [];
after(async () => {
  for (const close of closers.reverse()) await close();
});

interface TestServer {
  readonly url: string;
  readonly port: number;
  connections: number;
  requests: { method: string; url: string; headers: http.IncomingHttpHeaders }[];
}

function serve(handler: http.RequestListener): Promise<TestServer> {
  const sockets = new Set<net.Socket>();
  const server = http.createServer(handler);
  const state: TestServer = { url: '', port: 0, connections: 0, requests: [] };
  server.on('connection', (socket: net.Socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('request', (req: http.IncomingMessage) =>
    state.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers }),
  );
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      Object.assign(state, { url: `http://127.0.0.1:${port}/jira`, port });
      closers.push(
        () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      );
      resolve(state);
    });
  });
}

/** A TCP server that accepts each connection and closes it at once, counting them. */
function droppingProxy(): Promise<{ url: string; connections: () => number }> {
  let count = 0;
  const server = net.createServer((socket) => {
    count++;
    socket.destroy();
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      closers.push(() => new Promise<void>((done) => server.close(() => done())));
      resolve({ url: `http://127.0.0.1:${port}`, connections: () => count });
    });
  });
}

/** A TCP server that accepts connections and never says a word, counting them. */
async function silentProxy(): Promise<{ url: string; connections: () => number }> {
  const sockets = new Set<net.Socket>();
  let count = 0;
  const server = net.createServer((socket) => {
    count++;
    sockets.add(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((done) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => done());
      }),
  );
  const { port } = server.address() as net.AddressInfo;
  return { url: `http://127.0.0.1:${port}`, connections: () => count };
}

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function clientFor(baseUrl: string, network: TransportNetworkOptions = {}, secret = 'admin-secret'): KantegaClient {
  const client = new KantegaClient({
    baseUrl,
    credential: { kind: 'password', username: 'admin', secret },
    network: { maxRetries: 0, ...network },
  });
  closers.push(() => client.close());
  return client;
}

const ping = (res: http.ServerResponse) =>
  res.writeHead(200, { 'content-type': 'application/json' }).end('{"response":"pong","timestamp":1}');

describe('proxies that are the problem are named', () => {
  it('a proxy that accepts and closes at once: a proxy error, after a bounded number of connections', async () => {
    const proxy = await droppingProxy();
    const e = await rejectsWith(
      clientFor('http://kantega.example.invalid/jira', { proxyUrl: proxy.url, timeoutMs: 5000 }).ping(),
      'proxy',
      /proxy 127\.0\.0\.1:\d+ accepts connections but closes them at once.*http\.proxy.*HTTPS_PROXY/,
    );
    assert.doesNotMatch(e.message, /refused/);
    assert.ok(proxy.connections() <= 10, `${proxy.connections()} connections`);
  });

  it('the deadline ends a request through a proxy that never answers, and names the proxy', async () => {
    const proxy = await silentProxy();
    await rejectsWith(
      clientFor('http://kantega.example.invalid/jira', { proxyUrl: proxy.url, timeoutMs: 300 }).ping(),
      'timeout',
      /did not answer within 0\.3 seconds through the proxy 127\.0\.0\.1:\d+.*http\.proxy/,
    );
    assert.ok(proxy.connections() <= 2, `${proxy.connections()} connections`);
  });

  it('cancelling ends a request through a proxy that never answers, long before its deadline', async () => {
    const proxy = await silentProxy();
    const cancel = new AbortController();
    setTimeout(() => cancel.abort(), 100);
    const started = Date.now();
    await rejectsWith(
      clientFor('http://kantega.example.invalid/jira', { proxyUrl: proxy.url, timeoutMs: 20_000 }).ping({
        signal: cancel.signal,
      }),
      'cancelled',
      /cancelled/,
    );
    const waited = Date.now() - started;
    assert.ok(waited < 10_000, `ended by the deadline (${waited} ms), not by the cancellation`);
    assert.ok(proxy.connections() <= 2, `${proxy.connections()} connections`);
  });

  it('a proxy that refuses: the proxy refused, not the instance', async () => {
    const port = await closedPort();
    const e = await rejectsWith(
      clientFor('http://kantega.example.invalid/jira', { proxyUrl: `http://127.0.0.1:${port}` }).ping(),
      'proxy',
      /the proxy 127\.0\.0\.1:\d+ refused the connection\. Check the http\.proxy setting or the HTTPS_PROXY/,
    );
    assert.doesNotMatch(e.message, /kantega\.example\.invalid refused/);
  });

  it("a proxy host that does not resolve: the proxy's host name", async () => {
    await rejectsWith(
      clientFor('http://127.0.0.1:1/jira', { proxyUrl: 'http://proxy.nonexistent.invalid:3128' }).ping(),
      'proxy',
      /proxy's host name proxy\.nonexistent\.invalid could not be resolved.*http\.proxy/,
    );
  });

  it('a malformed proxy URL says which setting, not "Invalid URL", and sends nothing', async () => {
    const e = await rejectsWith(
      clientFor('http://127.0.0.1:1/jira', { proxyUrl: 'http://user:pa ss@[bad' }).ping(),
      'proxy',
      /^Could not check Kantega SSO: the proxy address is not a valid URL\. Check the http\.proxy setting/,
    );
    assert.doesNotMatch(e.message, /pa ss/);
    await rejectsWith(
      clientFor('http://127.0.0.1:1/jira', { proxyUrl: 'socks5://127.0.0.1:1080' }).ping(),
      'proxy',
      /uses socks5, which is not supported/,
    );
  });

  it('reads NO_PROXY like curl: names with subdomains, .suffix, *, host:port', () => {
    assert.equal(bypassesProxy('jira.example.com', '443', 'example.com'), true);
    assert.equal(bypassesProxy('jira.example.com', '443', '.example.com'), true);
    assert.equal(bypassesProxy('jira.example.com', '443', 'other.com, *'), true);
    assert.equal(bypassesProxy('jira.example.com', '443', 'jira.example.com:8443'), false);
    assert.equal(bypassesProxy('notexample.com', '443', 'example.com'), false);
  });
});

describe('answers of any size, at any pace', () => {
  it('an answer over the cap: too large, the rest is not read, the connection is closed', async () => {
    let written = 0;
    let closed = false;
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (written < 64 * 1024 * 1024 && !res.destroyed) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => (closed = true));
      pump();
    });
    await rejectsWith(
      clientFor(server.url, { maxBodyBytes: 1024 * 1024 }).listSnapshots(),
      'tooLarge',
      /the answer from 127\.0\.0\.1:\d+ is larger than 1 MiB, so it was not read/,
    );
    await new Promise<void>((resolve) => setImmediate(resolve));
    await waitFor(() => closed);
    assert.ok(written < 32 * 1024 * 1024, `${written} bytes were written before the connection closed`);
  });

  it('a Content-Length over the cap is refused before reading', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(200 * 1024 * 1024) });
      res.write('[');
    });
    await rejectsWith(clientFor(server.url).listSnapshots(), 'tooLarge', /larger than 64 MiB/);
  });

  it('a body that drips and then stops: the idle timeout ends it', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[');
    });
    await rejectsWith(
      clientFor(server.url, { idleTimeoutMs: 200, timeoutMs: 10_000 }).listSnapshots(),
      'timeout',
      /stopped sending its answer midway: nothing arrived for 0\.2 seconds/,
    );
  });

  it('an endless body: the total deadline ends it and says how much arrived', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[');
      const timer = setInterval(() => res.write(' '), 5);
      res.on('close', () => clearInterval(timer));
    });
    await rejectsWith(
      clientFor(server.url, { timeoutMs: 400 }).listSnapshots(),
      'timeout',
      /the answer from 127\.0\.0\.1:\d+ did not finish within 0\.4 seconds \(\d+ KiB arrived\)/,
    );
  });

  it('100 000 token records (about 27 MiB) decode through the client', async () => {
    const count = 100_000;
    const body = tokenRecords(count);
    assert.ok(body.length > 25 * 1024 * 1024, `${body.length} bytes`);
    const server = await serve((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
    const client = new KantegaClient({
      baseUrl: server.url,
      credential: { kind: 'password', username: 'admin', secret: 'x-secret' },
      tokenApiVersion: '3.0',
    });
    closers.push(() => client.close());
    const tokens = await client.listAllTokens();
    assert.equal(tokens.length, count);
    assert.equal(tokens[count - 1].id, count);
    assert.equal(tokens[count - 1].name, `token ${count} for the nightly integration pipeline`);
  });
});

describe('changes whose outcome is unknown', () => {
  it('a POST that times out after being sent may have happened: outcomeUnknown, refresh', async () => {
    const server = await serve((req, res) => {
      // Never answers the POST.
      if (req.method === 'GET') ping(res);
    });
    await rejectsWith(
      clientFor(server.url, { timeoutMs: 300 }).takeSnapshot('x'),
      'outcomeUnknown',
      /take a snapshot: no answer from .* in time, after the request was sent, so the change may or may not .*Refresh/,
    );
    assert.equal(server.requests.filter((r) => r.method === 'POST').length, 1);
  });

  it('a POST cancelled after being sent is outcomeUnknown; cancelled before sending stays cancelled', async () => {
    const server = await serve(() => undefined);
    const controller = new AbortController();
    const pending = clientFor(server.url).restoreSnapshot('sso-snapshot-1', { signal: controller.signal });
    await waitFor(() => server.requests.length === 1);
    controller.abort();
    await rejectsWith(pending, 'outcomeUnknown', /cancelled, after the request was sent.*may or may not/);

    const early = new AbortController();
    early.abort();
    await rejectsWith(
      clientFor(server.url).restoreSnapshot('sso-snapshot-1', { signal: early.signal }),
      'cancelled',
      /restore snapshot sso-snapshot-1: cancelled\./,
    );
    assert.equal(server.requests.length, 1, 'nothing sent when cancelled first');
  });

  it('a GET cancelled in flight is simply cancelled', async () => {
    const server = await serve(() => undefined);
    const controller = new AbortController();
    const pending = clientFor(server.url).listSnapshots({ signal: controller.signal });
    await waitFor(() => server.requests.length === 1);
    controller.abort();
    await rejectsWith(pending, 'cancelled', /list snapshots: cancelled\./);
  });
});

describe('a closed client', () => {
  it('sends nothing more: its requests end as interrupted, with the reason its closer gave', async () => {
    const server = await serve((_req, res) => ping(res));
    const client = clientFor(server.url);
    await client.ping();
    await client.close();
    await rejectsWith(
      client.ping(),
      'interrupted',
      /^Could not check Kantega SSO: the connection to this instance was closed meanwhile; nothing was sent\. Try again\.$/,
    );
    const other = clientFor(server.url);
    await other.close('the settings or credential of this instance changed meanwhile.');
    await rejectsWith(
      other.listSnapshots(),
      'interrupted',
      /^Could not list snapshots: the settings or credential of this instance changed meanwhile; nothing was sent\. Try again\.$/,
    );
    const cancelled = new AbortController();
    cancelled.abort();
    await rejectsWith(other.ping({ signal: cancelled.signal }), 'cancelled', /cancelled\./);
    assert.equal(server.requests.length, 1);
  });
});

describe('a client let go while an operation runs (its instance changed): interrupted, nothing more sent', () => {
  const REASON = 'the settings or credential of this instance changed meanwhile';
  let sim: Simulator;
  const simClient = (username = 'admin', secret = 'admin', onRequest?: (entry: RequestLogEntry) => void) => {
    const client = new KantegaClient({
      baseUrl: sim.baseUrl,
      credential: { kind: 'password', username, secret },
      network: { maxRetries: 2 },
      onRequest,
    });
    closers.push(() => client.close());
    return client;
  };
  it('starts', async () => {
    sim = await startSimulator();
    closers.push(() => sim.close());
  });

  it('a request waiting for a place at the host ends at once, unsent', async () => {
    const before = sim.requests.length;
    sim.inject({ type: 'latency', ms: 400 }, { times: 4 });
    const busy = simClient();
    const holding = Array.from({ length: 4 }, () => busy.listSnapshots());
    await waitFor(() => sim.requests.length - before === 4);
    const john = simClient('john.doe', 'john');
    const queued = john.listMyTokens();
    await john.close(REASON);
    await rejectsWith(
      queued,
      'interrupted',
      /^Could not list your API tokens: the settings or credential of this instance changed meanwhile; nothing was sent\. Try again\.$/,
    );
    await Promise.all(holding);
    assert.equal(sim.requests.length - before, 4, "john's request never went out");
  });

  it("a GET's retry is not sent once its client is closed", async () => {
    const before = sim.requests.length;
    sim.inject({ type: 'status', status: 503 }, { method: 'GET' });
    const client = simClient('admin', 'admin', (entry) => {
      if (entry.status === 503) void client.close(REASON);
    });
    await rejectsWith(client.listSnapshots(), 'interrupted', /list snapshots: .*changed meanwhile; nothing was sent/);
    assert.equal(sim.requests.length - before, 1);
  });

  it('the second call of an operation (create after detecting the API) is not sent', async () => {
    const before = sim.requests.length;
    const client = simClient('admin', 'admin', (entry) => {
      if (entry.method === 'GET') void client.close(REASON);
    });
    await rejectsWith(
      client.createToken({ name: 'never made' }),
      'interrupted',
      /^Could not create an API token: the settings or credential of this instance changed meanwhile; nothing was sent\. Try again\.$/,
    );
    assert.deepEqual(
      sim.requests.slice(before).map((r) => r.method),
      ['GET'],
    );
    assert.ok(!sim.state.tokens.some((t) => t.name === 'never made'));
  });

  it('a change already on the wire finishes: closing waits for it, its outcome is known', async () => {
    sim.inject({ type: 'latency', ms: 300 }, { method: 'POST' });
    const client = simClient();
    const taking = client.takeSnapshot('taken while closing');
    await waitFor(() => sim.requests.some((r) => r.method === 'POST' && r.path.includes('taken')));
    await Promise.all([client.close(REASON), taking]);
    assert.ok(sim.state.snapshots.some((s) => s.description === 'taken while closing'));
  });
});

describe('restore refuses ids that are not snapshot ids, without a request', () => {
  for (const id of ['', ' ', '.', '..', '../admin', 'a/b', 'a\\b', 'a\nb', 'a\u0000b', 'x\u007f']) {
    it(JSON.stringify(id), async () => {
      const server = await serve((_req, res) => ping(res));
      await rejectsWith(clientFor(server.url).restoreSnapshot(id), 'invalidInput', /is not a snapshot id/);
      assert.equal(server.requests.length, 0);
    });
  }
});

describe('takeSnapshot answered without a description of the snapshot', () => {
  for (const [name, body] of [
    ['no body', ''],
    ['not JSON', 'ok'],
    ['JSON without id', '{"status":"done"}'],
    ['a list', '[]'],
  ]) {
    it(`${name}: undefined, the caller finds it in the list`, async () => {
      const server = await serve((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
      assert.equal(await clientFor(server.url).takeSnapshot('x'), undefined);
    });
  }
});

describe('redirects', () => {
  it('a same-host redirect to https says to use https://, not a login problem', async () => {
    const server = await serve((req, res) =>
      res.writeHead(301, { location: `https://127.0.0.1:${server.port}${req.url}` }).end(),
    );
    for (const call of [
      (c: KantegaClient) => c.listMyTokens(),
      (c: KantegaClient) => c.ping(),
      (c: KantegaClient) => c.listSnapshots(),
    ]) {
      await rejectsWith(call(clientFor(server.url)), 'httpError', /redirects to https \(HTTP 301\)\. Use https:\/\//);
    }
  });

  it('tells a login page from an API path that merely contains "sso", and both from an SSO gateway', () => {
    const instance = { origin: 'https://jira.example.com', hostname: 'jira.example.com' };
    const to = (location: string) =>
      redirectTarget(
        { status: 302, headers: { location }, contentType: '', body: '', receivedAt: 0, sentAt: 0 },
        instance,
      );
    const elsewhere = { kind: 'elsewhere', host: undefined };
    assert.deepEqual(to('https://jira.example.com/jira/rest/ksso/api/info/1.0/ping'), elsewhere);
    assert.deepEqual(to('/jira/rest/ksso/api/snapshot/1.0/config/snapshot/'), elsewhere);
    assert.deepEqual(to('/jira/login.jsp?os_destination=%2Frest%2Fksso'), { kind: 'login' });
    assert.deepEqual(to('/jira/plugins/servlet/login?os_destination=%2Frest'), { kind: 'login' });
    assert.deepEqual(to('/jira/plugins/servlet/no.kantega.saml/sp/x/login'), { kind: 'login' });
    assert.deepEqual(to('https://jira.example.com/jira/secure/Dashboard.jspa'), elsewhere);
    assert.deepEqual(to('https://jira-new.example.com/jira/rest/ksso'), {
      kind: 'elsewhere',
      host: 'jira-new.example.com',
    });
    const gateway = (host: string | undefined, protocol?: string) => ({ kind: 'ssoGateway', host, protocol });
    assert.deepEqual(
      to('https://login.microsoftonline.com/tenant/saml2'),
      gateway('login.microsoftonline.com', 'SAML'),
    );
    assert.deepEqual(to('https://idp.example.com/'), gateway('idp.example.com'));
    assert.deepEqual(
      to('https://idp.example.test/adfs/ls/?SAMLRequest=x&RelayState=y'),
      gateway('idp.example.test', 'SAML'),
    );
    assert.deepEqual(to('/jira/login.jsp?SAMLRequest=x'), gateway('jira.example.com', 'SAML'));
    assert.deepEqual(to('/oauth2/authorize?client_id=jira'), gateway('jira.example.com', 'OpenID Connect'));
    assert.deepEqual(to('/realms/corp/protocol/openid-connect/auth'), gateway('jira.example.com', 'OpenID Connect'));
    assert.deepEqual(to('https://sso.corp.test/login'), gateway('sso.corp.test'));
    // Hostile Locations: never a host that is not a plain name, never another scheme.
    assert.deepEqual(to('https://a(b)c.test/saml?SAMLRequest=1'), gateway(undefined, 'SAML'));
    assert.deepEqual(to('https://[x](command:y).test/saml'), { kind: 'elsewhere' });
    assert.deepEqual(to('https://bücher.example/adfs/ls'), gateway('xn--bcher-kva.example', 'SAML'));
    assert.deepEqual(to('javascript:alert(1)//?SAMLRequest=1'), { kind: 'elsewhere' });
    assert.deepEqual(to('http://[::1'), { kind: 'elsewhere' });
    assert.deepEqual(to('https://user:pw@idp.example.test/adfs/ls/'), gateway('idp.example.test', 'SAML'));
  });
});

describe('cookies', () => {
  it('keeps what the instance sets and sends it back on later requests of the same client only', async () => {
    const server = await serve((req, res) => {
      const headers: Record<string, string | string[]> = { 'content-type': 'application/json' };
      if (!req.headers.cookie)
        headers['set-cookie'] = [
          'JSESSIONID=abc123; Path=/jira; HttpOnly',
          'AWSALB=node-2; Max-Age=3600; Path=/',
          'KSSO_NODE=n2; Path=/other',
          'GONE=x; Max-Age=0',
        ];
      res.writeHead(200, headers).end('{"response":"pong","timestamp":1}');
    });
    const client = clientFor(server.url);
    await client.ping();
    await client.ping();
    assert.equal(server.requests[0].headers.cookie, undefined);
    assert.equal(server.requests[1].headers.cookie, 'JSESSIONID=abc123; AWSALB=node-2');
    await clientFor(server.url).ping();
    assert.equal(server.requests[2].headers.cookie, undefined, 'another client has its own cookies');
  });
});

describe('cookies against a sticky two-node cluster', () => {
  it('a snapshot taken is listed at once: every request of the client stays on the same node', async () => {
    const cluster = await startCluster({ nodes: 2, replicationDelayMs: 60_000 });
    closers.push(() => cluster.close());
    const client = new KantegaClient({
      baseUrl: cluster.baseUrl,
      credential: { kind: 'password', username: 'admin', secret: 'admin' },
    });
    closers.push(() => client.close());
    const taken = await client.takeSnapshot('affinity check');
    assert.ok(taken);
    for (let i = 0; i < 4; i++) {
      const listed = await client.listSnapshots();
      assert.ok(
        listed.some((s) => s.id === taken.id),
        `listing ${i + 1} sees the snapshot`,
      );
    }
    assert.equal(cluster.pendingReplications, 1, 'the other node has not got it yet');
    assert.equal(new Set(cluster.requests.map((r) => r.node)).size, 1, 'one node served them all');
  });
});

describe('server text in messages never carries a secret, in any of its echoed forms', () => {
  const secret = 'Tr0ub4dor&3:horse battery';
  const basic = Buffer.from(`admin:${secret}`).toString('base64');
  const forms: Record<string, string> = {
    raw: secret,
    'Basic value': `Authorization: Basic ${basic}`,
    'base64 of the secret': Buffer.from(secret).toString('base64'),
    encodeURIComponent: encodeURIComponent(secret),
    'form encoding': new URLSearchParams({ p: secret }).toString(),
    'split by a newline': `${secret.slice(0, 7)}\n${secret.slice(7)}`,
    'Basic value wrapped': `${basic.slice(0, 10)}\r\n ${basic.slice(10)}`,
    'HTML entities': secret.replace('&', '&amp;').replace(':', '&#58;').replace(' ', '&#x20;'),
    Bearer: `Bearer ${secret}`,
  };
  for (const [name, echo] of Object.entries(forms)) {
    it(name, async () => {
      const server = await serve((_req, res) =>
        res.writeHead(500, { 'content-type': 'text/plain' }).end(`Internal server error: you sent ${echo} to us`),
      );
      const e = await rejectsWith(
        clientFor(server.url, {}, secret).listSnapshots(),
        'serverError',
        /Internal server error: you sent .*\*\*\*.* to us/,
      );
      for (const form of [secret, basic, encodeURIComponent(secret), 'Tr0ub4dor', 'horse battery'])
        assert.ok(!e.message.includes(form), e.message);
    });
  }

  it('a renewed token pasted by the user is redacted from that request', async () => {
    const pasted = 'PASTEDTOKENSECRETABCDEFGHIJKLMNOP';
    const server = await serve((_req, res) =>
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`cannot renew ${pasted}`),
    );
    const client = new KantegaClient({
      baseUrl: server.url,
      credential: { kind: 'password', username: 'admin', secret: 'admin-secret' },
      tokenApiVersion: '3.0',
      network: { maxRetries: 0 },
    });
    closers.push(() => client.close());
    const e = await rejectsWith(client.renewToken(pasted), 'serverError', /cannot renew \*\*\*/);
    assert.ok(!e.message.includes(pasted));
  });

  it('body text quoted by the decoders goes through the same redactor', async () => {
    const server = await serve((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(`oops ${encodeURIComponent(secret)} {`),
    );
    const e = await rejectsWith(
      clientFor(server.url, {}, secret).listSnapshots(),
      'badResponse',
      /is not valid JSON \(it starts with "oops \*\*\*/,
    );
    assert.ok(!e.message.includes('Tr0ub4dor'), e.message);
  });

  it('a short secret is redacted only as a whole word, so messages stay readable', async () => {
    const server = await serve((_req, res) =>
      res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal server error for user e with password e'),
    );
    const e = await rejectsWith(clientFor(server.url, {}, 'e').listSnapshots(), 'serverError', /Internal server error/);
    assert.match(e.message, /for user \*\*\* with password \*\*\*/);
  });
});

describe('against the simulator: echoed credentials, huge, dripping and endless bodies', () => {
  let sim: Simulator;
  const simClient = (
    network: TransportNetworkOptions = {},
    kind: 'password' | 'pat' = 'password',
    secret = 'admin',
  ) => {
    const client = new KantegaClient({
      baseUrl: sim.baseUrl,
      credential: { kind, username: 'admin', secret },
      network: { maxRetries: 0, ...network },
    });
    closers.push(() => client.close());
    return client;
  };
  it('starts', async () => {
    sim = await startSimulator();
    closers.push(() => sim.close());
  });

  for (const kind of ['password', 'pat'] as const) {
    it(`an error page echoing the Authorization header (${kind}) shows no secret in any form`, async () => {
      const secret = kind === 'pat' ? 'admin-pat-0001' : 'admin';
      sim.inject({ type: 'echoAuthorization', decoded: true });
      const e = await rejectsWith(simClient({}, kind, secret).listSnapshots(), 'serverError', /HTTP 500/);
      const basic = Buffer.from(`admin:${secret}`).toString('base64');
      assert.match(e.message, /Authorization: (Basic|Bearer) \*\*\*/);
      for (const form of [basic, `admin:${secret}`, encodeURIComponent(`admin:${secret}`)])
        assert.ok(!e.message.includes(form), e.message);
      if (kind === 'pat') assert.ok(!e.message.includes(secret), e.message);
    });
  }

  it('a 100 MiB answer: too large, and the simulator stops streaming it', async () => {
    sim.inject({ type: 'huge', mebibytes: 100 });
    await rejectsWith(simClient().listSnapshots(), 'tooLarge', /larger than 64 MiB/);
    await waitFor(() => sim.activeStreams === 0);
  });

  it('a body that drips slower than the idle timeout: timeout, midway', async () => {
    sim.inject({ type: 'drip', chunkBytes: 4, intervalMs: 400 });
    await rejectsWith(
      simClient({ idleTimeoutMs: 100 }).listSnapshots(),
      'timeout',
      /stopped sending its answer midway/,
    );
    await waitFor(() => sim.activeStreams === 0);
  });

  it('a body that drips faster than the idle timeout arrives whole', async () => {
    sim.inject({ type: 'drip', chunkBytes: 256, intervalMs: 1 });
    assert.ok((await simClient({ idleTimeoutMs: 5000 }).listSnapshots()).length > 0);
  });

  it('an endless body: the total deadline ends it and the connection is closed', async () => {
    sim.inject({ type: 'endless' });
    await rejectsWith(simClient({ timeoutMs: 300 }).listSnapshots(), 'timeout', /did not finish within 0\.3 seconds/);
    await waitFor(() => sim.activeStreams === 0);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
