// The client against the simulator over real HTTP(S) on loopback: every operation in both
// version modes, and every kind of failure with the message a person would read.
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { KantegaClient, type ClientOptions } from '../../../src/core/api/client';
import { KantegaError } from '../../../src/core/errors';
import type { Credential, NetworkOptions, RequestLogEntry } from '../../../src/core/model';
import { startSimulator, type Simulator, type SimulatorVersion } from '../../simulator';
import { rejectsWith } from '../rejects';

// Tests decide about proxies themselves.
for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy'])
  delete process.env[name];

const DAY = 86_400_000;
const clients: KantegaClient[] = [];

function clientFor(
  sim: { baseUrl: string },
  credential: Partial<Credential> = {},
  options: Partial<ClientOptions> = {},
  network: NetworkOptions = {},
): KantegaClient {
  const client = new KantegaClient({
    baseUrl: sim.baseUrl,
    credential: { kind: 'password', username: 'admin', secret: 'admin', ...credential },
    network: { maxRetryDelayMs: 50, ...network },
    ...options,
  });
  clients.push(client);
  return client;
}

after(async () => {
  await Promise.all(clients.map((c) => c.close()));
});

for (const version of ['latest', '5.7.0'] as SimulatorVersion[]) {
  const expectedApi = version === 'latest' ? '3.0' : '2.0';

  describe(`every operation against Kantega SSO ${version} (token API ${expectedApi})`, () => {
    let sim: Simulator;
    before(async () => {
      sim = await startSimulator({ version });
    });
    after(() => sim.close());

    it('pings and measures clock skew', async () => {
      const ping = await clientFor(sim).ping();
      assert.ok(Math.abs(ping.clockSkewMs) < 1000, `skew ${ping.clockSkewMs}`);
      assert.ok(Math.abs(ping.serverTime - Date.now()) < 5000);
      assert.match(ping.serverZone ?? '', /^UTC/);
    });

    it('pings anonymously, without any Authorization header, when no credential is given', async () => {
      const anonymous = new KantegaClient({ baseUrl: sim.baseUrl });
      clients.push(anonymous);
      assert.ok((await anonymous.ping()).serverTime > 0);
      assert.equal(sim.requests.at(-1)?.headers.authorization, undefined);
    });

    it('reports a server clock that is off', async () => {
      const realNow = sim.state.now;
      sim.state.now = () => realNow() + 10 * 60_000;
      try {
        const ping = await clientFor(sim).ping();
        assert.ok(Math.abs(ping.clockSkewMs - 600_000) < 1000, `skew ${ping.clockSkewMs}`);
      } finally {
        sim.state.now = realNow;
      }
    });

    it('takes a snapshot with a description, lists it newest first, restores it', async () => {
      const client = clientFor(sim);
      sim.state.config = { identityProviders: ['Azure AD'], revision: 1 };
      const description = 'before upgrade & test/ü?x=1';
      const taken = await client.takeSnapshot(description);
      assert.equal(taken?.description, description, 'the description survives URL encoding');
      const listed = await client.listSnapshots();
      assert.equal(listed[0].id, taken?.id);
      assert.equal(listed[0].description, description);
      assert.ok(
        listed.every((s, i) => i === 0 || (listed[i - 1].timeMillis ?? 0) >= (s.timeMillis ?? 0)),
        'newest first',
      );

      sim.state.config = { identityProviders: ['Okta'], revision: 2 };
      await client.restoreSnapshot(listed[0].id);
      assert.deepEqual(sim.state.config.identityProviders, ['Azure AD']);
    });

    it('takes a snapshot without a description: the server names it', async () => {
      const taken = await clientFor(sim).takeSnapshot();
      assert.match(taken?.description ?? '', /^sso-snapshot-\d{4}-\d\d-\d\d-\d\d_\d\d_\d\d/);
    });

    it(`lists my tokens with the right names and reports API ${expectedApi}`, async () => {
      const { id } = sim.issueToken('admin', { name: 'CI pipeline', description: 'Used by Bamboo', validForDays: 90 });
      const client = clientFor(sim);
      const tokens = await client.listMyTokens();
      assert.equal(client.tokenApiVersion, expectedApi);
      const token = tokens.find((t) => t.id === id);
      assert.ok(token, 'the issued token is listed');
      assert.equal(token.name, 'CI pipeline');
      assert.equal(token.username, 'admin');
      if (version === 'latest') {
        assert.equal(token.description, 'Used by Bamboo');
        assert.equal(token.descriptionUnknown, false);
      } else {
        assert.equal(token.description, undefined, "2.0 does not return the description: we don't invent one");
        assert.equal(token.descriptionUnknown, true);
      }
      assert.ok(Math.abs((token.expiresAt ?? 0) - (Date.now() + 90 * DAY)) < 60_000, 'absolute expiry derived');
      assert.ok(tokens.every((t) => t.username === 'admin'));
    });

    it("lists every user's tokens as sysadmin, and says a plain user may not", async () => {
      sim.issueToken('john.doe', { name: 'Johns token' });
      const all = await clientFor(sim).listAllTokens();
      assert.ok(all.some((t) => t.username === 'john.doe' && t.name === 'Johns token'));
      assert.ok(all.some((t) => t.username === 'admin'));
      await rejectsWith(
        clientFor(sim, { username: 'john.doe', secret: 'john' }).listAllTokens(),
        'forbidden',
        /john\.doe cannot list all users' API tokens.*system administrator/,
      );
    });

    it('creates tokens: with a validity, forever, and with server defaults', async () => {
      const client = clientFor(sim);
      const created = await client.createToken({ name: 'Deploy bot', description: 'Temporary', validity: 90 });
      assert.equal(created.name, 'Deploy bot');
      assert.equal(created.description, 'Temporary');
      assert.match(created.secret, /^[A-Z2-7]{64,}$/);
      assert.ok(Math.abs((created.expiresAt ?? 0) - (Date.now() + 90 * DAY)) < 120_000);
      assert.equal(sim.state.tokens.find((t) => t.id === created.id)?.secret, created.secret);

      const forever = await client.createToken({ name: 'Forever', validity: 'forever' });
      assert.equal(forever.neverExpires, true);
      const defaults = await client.createToken({});
      assert.match(defaults.name, /^api_token_/);
      assert.ok(Math.abs((defaults.expiresAt ?? 0) - (Date.now() + 30 * DAY)) < 120_000, 'server default: 30 days');

      await rejectsWith(
        client.createToken({ name: 'x', validity: 0 }),
        'invalidInput',
        /whole number of days from 1 to 3650/,
      );
      await rejectsWith(
        client.createToken({ name: 'x', validity: 3651 }),
        'invalidInput',
        /whole number of days from 1 to 3650, or "never expires"/,
      );
    });

    it('authenticates with a Kantega API token and with a personal access token', async () => {
      const created = await clientFor(sim).createToken({ name: 'as credential' });
      const viaToken = clientFor(sim, { kind: 'apiToken', secret: created.secret });
      assert.ok((await viaToken.listMyTokens()).some((t) => t.id === created.id));
      const viaPat = clientFor(sim, { kind: 'pat', username: 'admin', secret: 'admin-pat-0001' });
      assert.ok((await viaPat.listSnapshots()).length > 0);
      const bearer = sim.requests.filter((r) => r.headers.authorization === 'Bearer');
      assert.ok(bearer.length > 0, 'a PAT is sent as Bearer');
    });

    it('checks expiry, renews by secret and by the token itself', async () => {
      const client = clientFor(sim);
      const created = await client.createToken({ name: 'renew me', validity: 10 });
      const expiry = await client.tokenExpiry(created.id as number);
      assert.equal(expiry.id, created.id);
      assert.equal(expiry.name, 'renew me');
      assert.ok(expiry.daysLeft === 9 || expiry.daysLeft === 10, `days left ${expiry.daysLeft}`);

      // Pretend 8 days passed, then renew: expiry moves to now + the original 10 days.
      const record = sim.state.tokens.find((t) => t.id === created.id);
      assert.ok(record?.expiresAt);
      record.expiresAt -= 8 * DAY;
      const renewed = await client.renewToken(created.secret);
      assert.ok(renewed?.expiresAt && Math.abs(renewed.expiresAt - (Date.now() + 10 * DAY)) < 120_000);

      record.expiresAt = (record.expiresAt ?? 0) - 8 * DAY;
      const self = clientFor(sim, { kind: 'apiToken', secret: created.secret });
      const renewedBySelf = await self.renewToken();
      assert.ok(renewedBySelf?.expiresAt && Math.abs(renewedBySelf.expiresAt - (Date.now() + 10 * DAY)) < 120_000);
      const put = sim.requests.filter((r) => r.method === 'PUT').at(-1);
      assert.equal(put?.body ?? '', '', 'renewing with the token as credential sends no body');

      await rejectsWith(client.renewToken(), 'invalidInput', /must sign in with that Kantega API token/);
    });

    it("deletes own tokens, and other users' tokens as sysadmin; a plain user cannot", async () => {
      const client = clientFor(sim);
      const mine = await client.createToken({ name: 'delete me' });
      const confirmation = await client.deleteMyToken(mine.id as number);
      assert.match(confirmation, /deleted/i);
      assert.ok(!sim.state.tokens.some((t) => t.id === mine.id));

      const johns = sim.issueToken('john.doe', { name: 'johns' });
      const john = clientFor(sim, { username: 'john.doe', secret: 'john' });
      const admins = sim.issueToken('admin', { name: 'admins' });
      await assert.rejects(john.deleteMyToken(admins.id), KantegaError, "john cannot delete admin's token");
      assert.ok(sim.state.tokens.some((t) => t.id === admins.id));
      await client.deleteAnyToken(johns.id);
      assert.ok(!sim.state.tokens.some((t) => t.id === johns.id));
    });

    it('sends Accept: application/json everywhere and X-Atlassian-Token on every mutation', () => {
      assert.ok(sim.requests.length > 10);
      for (const r of sim.requests) {
        assert.match(r.headers.accept ?? '', /application\/json/, `${r.method} ${r.path}`);
        if (r.method !== 'GET') assert.equal(r.headers['x-atlassian-token'], 'no-check', `${r.method} ${r.path}`);
      }
    });
  });
}

describe('a remembered token API version is used without probing', () => {
  it('goes straight to 2.0 when told so', async () => {
    const sim = await startSimulator({ version: '5.7.0' });
    try {
      const client = clientFor(sim, {}, { tokenApiVersion: '2.0' });
      await client.listMyTokens();
      assert.deepEqual(
        sim.requests.map((r) => r.path.replace(/^\/jira/, '')),
        ['/rest/ksso/api/apitokens/2.0/user/tokens'],
      );
    } finally {
      await sim.close();
    }
  });
});

describe('errors a person can act on', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());

  it('says how many records of a list it left out, and why they could not be used', async () => {
    const listed = JSON.parse(JSON.stringify(sim.state.snapshots.map((s) => ({ ...s, config: undefined })))) as Array<
      Record<string, unknown>
    >;
    const body = JSON.stringify([...listed, { ...listed[0], id: '..' }, { description: 'no id' }, 'junk']);
    sim.inject({ type: 'rawBody', body }, { method: 'GET', pathIncludes: 'config/snapshot' });
    const skipped: Array<[string, number]> = [];
    const client = clientFor(sim, {}, { onSkipped: (request, count) => skipped.push([request, count]) });
    const snapshots = await client.listSnapshots();
    assert.equal(snapshots.length, listed.length);
    const request = 'GET /rest/ksso/api/snapshot/1.0/config/snapshot/';
    assert.deepEqual(skipped, [[request, 3]], 'the request named as the log names it');
    await client.listSnapshots();
    assert.deepEqual(skipped, [[request, 3]], 'nothing said when every record is used');
  });

  it('wrong password: 401, without echoing the password', async () => {
    const e = await rejectsWith(
      clientFor(sim, { secret: 'hunter2-wrong' }).listSnapshots(),
      'unauthorized',
      /did not accept the credentials \(HTTP 401\).*set the credential again/,
    );
    assert.ok(!e.message.includes('hunter2-wrong'));
    await rejectsWith(
      clientFor(sim, { secret: 'hunter2-wrong' }).ping(),
      'unauthorized',
      /^Could not check Kantega SSO: 127\.0\.0\.1:\d+ did not accept the credentials/,
    );
  });

  it('a redirect to a login page is "not signed in", not a redirect puzzle', async () => {
    sim.setLoginRedirect(true);
    try {
      await rejectsWith(
        clientFor(sim, { secret: 'nope' }).listMyTokens(),
        'unauthorized',
        /did not accept the credentials \(HTTP 302, redirected to a login page\)/,
      );
    } finally {
      sim.setLoginRedirect(false);
    }
  });

  it('an HTML page where JSON was expected is explained, not "Unexpected token <"', async () => {
    sim.inject({ type: 'html' });
    await rejectsWith(
      clientFor(sim).listSnapshots(),
      'unauthorized',
      /HTML page instead of the API's JSON.*login page/,
    );
  });

  it('a plain user on a sysadmin resource: 403 says it needs a system administrator', async () => {
    await rejectsWith(
      clientFor(sim, { username: 'john.doe', secret: 'john' }).listSnapshots(),
      'forbidden',
      /permission denied \(HTTP 403\).*system administrator/,
    );
  });

  it('an XSRF rejection names the header and the likely proxy', async () => {
    sim.inject(
      { type: 'status', status: 403, body: 'XSRF check failed', contentType: 'text/plain' },
      { method: 'POST' },
    );
    await rejectsWith(clientFor(sim).takeSnapshot('x'), 'xsrf', /XSRF check rejected.*X-Atlassian-Token/);
  });

  it('a wrong context path: Kantega SSO not found, check the base URL', async () => {
    const origin = sim.baseUrl.replace(/\/jira$/, '');
    await rejectsWith(
      clientFor({ baseUrl: `${origin}/confluence` }).ping(),
      'notInstalled',
      /did not answer at .*\/confluence\/rest\/ksso\/api\/info\/1\.0\/ping \(HTTP 404\).*context path/,
    );
  });

  it('restoring a snapshot that is gone: not found, refresh', async () => {
    await rejectsWith(
      clientFor(sim).restoreSnapshot('sso-snapshot-1999-01-01-00_00_00'),
      'notFound',
      /restore snapshot sso-snapshot-1999-01-01-00_00_00: not found \(HTTP 404\).*refresh/,
    );
  });

  it('502/503 and resets on GETs are retried; POSTs are never retried', async () => {
    const client = clientFor(sim);
    sim.inject({ type: 'status', status: 503 }, { method: 'GET' });
    sim.inject({ type: 'reset' }, { method: 'GET' });
    assert.ok((await client.listMyTokens()).length >= 0);

    const posts = () => sim.requests.filter((r) => r.method === 'POST').length;
    const before = posts();
    sim.inject({ type: 'status', status: 503, body: 'Service Unavailable' }, { method: 'POST' });
    await rejectsWith(
      client.takeSnapshot('once only'),
      'serverError',
      /take a snapshot: the server failed \(HTTP 503\): Service Unavailable/,
    );
    assert.equal(posts() - before, 1, 'a POST is sent once');
  });

  it('a lasting reset: the connection was closed, try again', async () => {
    sim.inject({ type: 'reset' }, { times: Infinity });
    try {
      await rejectsWith(
        clientFor(sim).listSnapshots(),
        'connectionReset',
        /connection to .* was closed before an answer arrived/,
      );
    } finally {
      sim.clearFaults();
    }
  });

  it('a 500 shows a short excerpt of the body, never the secret', async () => {
    sim.inject({
      type: 'status',
      status: 500,
      contentType: 'text/html',
      body:
        '<html><body><h1>Internal error</h1><p>login admin:s3cret-password failed</p>' +
        `${'x'.repeat(500)}</body></html>`,
    });
    const e = await rejectsWith(
      clientFor(sim, { secret: 's3cret-password' }).listSnapshots(),
      'serverError',
      /HTTP 500\): Internal error login admin:\*\*\* failed x+…/,
    );
    assert.ok(!e.message.includes('s3cret-password'));
    assert.ok(e.message.length < 400);
  });

  it('malformed JSON says so and names the body', async () => {
    sim.inject({ type: 'malformedJson' });
    const e = await rejectsWith(
      clientFor(sim).listSnapshots(),
      'badResponse',
      /list snapshots: the server's answer is not valid JSON/,
    );
    assert.equal(e.field, 'body');
  });

  it('a field of the wrong type, or missing, is named', async () => {
    sim.inject({ type: 'wrongType', field: 'timestamp', value: 'yesterday' });
    const wrong = await rejectsWith(
      clientFor(sim).ping(),
      'badResponse',
      /server time that is not a number \(field "timestamp"\)/,
    );
    assert.equal(wrong.field, 'timestamp');
    sim.inject({ type: 'dropField', field: 'apiToken' }, { method: 'POST' });
    await rejectsWith(
      clientFor(sim).createToken({ name: 'no secret' }),
      'badResponse',
      /without the token's secret \(field "apiToken"\)/,
    );
  });

  it('a slow server: timeout, with the setting to raise', async () => {
    sim.inject({ type: 'latency', ms: 1500 });
    await rejectsWith(
      clientFor(sim, {}, {}, { timeoutMs: 200, maxRetries: 0 }).ping(),
      'timeout',
      /did not answer within 0\.2 seconds.*kantegaSso\.requestTimeoutSeconds/,
    );
  });

  it('cancellation through an AbortSignal', async () => {
    sim.inject({ type: 'latency', ms: 1500 });
    const controller = new AbortController();
    const pending = clientFor(sim).listSnapshots({ signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await rejectsWith(pending, 'cancelled', /cancelled/);
  });

  it('creating a token is not aborted once sent: the secret exists only in that answer', async () => {
    const client = clientFor(sim);
    await client.detectTokenApiVersion();
    sim.inject({ type: 'latency', ms: 300 }, { method: 'POST' });
    const controller = new AbortController();
    const pending = client.createToken({ name: 'cancelled late' }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const created = await pending;
    assert.equal(sim.state.tokens.find((t) => t.id === created.id)?.secret, created.secret);

    const early = new AbortController();
    early.abort();
    const before = sim.state.tokens.length;
    await rejectsWith(
      client.createToken({ name: 'cancelled early' }, { signal: early.signal }),
      'cancelled',
      /cancelled/,
    );
    assert.equal(sim.state.tokens.length, before, 'nothing created when cancelled before sending');
  });

  it('a closed port: connection refused, check the port', async () => {
    const port = await closedPort();
    await rejectsWith(
      clientFor({ baseUrl: `http://127.0.0.1:${port}/jira` }).ping(),
      'connectionRefused',
      /127\.0\.0\.1:\d+ refused the connection\. Check the port/,
    );
  });

  it('an unknown host: DNS, check the URL and VPN', async () => {
    await rejectsWith(
      clientFor({ baseUrl: 'https://jira.nonexistent.invalid/jira' }).ping(),
      'dns',
      /jira\.nonexistent\.invalid could not be resolved.*VPN or DNS/,
    );
  });

  it('logs one line per request with method, path, status and time, and nothing secret', async () => {
    const entries: RequestLogEntry[] = [];
    sim.inject({ type: 'status', status: 502 }, { method: 'GET' });
    await clientFor(sim, { secret: 'admin' }, { onRequest: (e) => entries.push(e) }).listSnapshots();
    assert.deepEqual(
      entries.map((e) => [e.method, e.path, e.status, e.attempt]),
      [
        ['GET', '/rest/ksso/api/snapshot/1.0/config/snapshot/', 502, 0],
        ['GET', '/rest/ksso/api/snapshot/1.0/config/snapshot/', 200, 1],
      ],
    );
    assert.ok(entries.every((e) => e.durationMs >= 0));
    assert.ok(!JSON.stringify(entries).includes('admin:admin') && !JSON.stringify(entries).includes('Basic'));
  });
});

describe('TLS with a self-signed certificate', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ tls: true });
  });
  after(() => sim.close());

  it('is rejected by default, with the fix named: trust its certificate, not no TLS checks at all', async () => {
    const e = await rejectsWith(clientFor(sim).ping(), 'tls', /self-signed certificate.*kantegaSso\.caCertificates/);
    assert.doesNotMatch(e.message, /proxyStrictSSL/);
  });

  it('is accepted when its CA is given', async () => {
    const client = clientFor(sim, {}, {}, { caCertificates: [sim.caCertificate as string] });
    assert.ok((await client.listMyTokens()).length > 0);
  });

  it('is accepted with strict TLS off', async () => {
    assert.equal((await clientFor(sim, {}, {}, { strictTls: false }).ping()).serverTime > 0, true);
  });

  it('a host name the certificate does not cover is a mismatch, even with the CA', async () => {
    const other = await startSimulator({ tls: true, host: '127.0.0.2' });
    try {
      await rejectsWith(
        clientFor(other, {}, {}, { caCertificates: [other.caCertificate as string] }).ping(),
        'tls',
        /not valid for this host name/,
      );
    } finally {
      await other.close();
    }
  });

  it('a certificate from an internal CA: unknown CA, add it to caCertificates; trusted once given', async () => {
    const internal = await startSimulator({ tls: 'internalCa' });
    try {
      await rejectsWith(
        clientFor(internal).ping(),
        'tls',
        /issued by an unknown certificate authority \(an internal CA\?\).*kantegaSso\.caCertificates/,
      );
      assert.ok(
        (await clientFor(internal, {}, {}, { caCertificates: [internal.caCertificate as string] }).listSnapshots())
          .length > 0,
      );
    } finally {
      await internal.close();
    }
  });

  it('plain HTTP to the HTTPS port: the closed connection suggests https://', async () => {
    await rejectsWith(
      clientFor({ baseUrl: sim.baseUrl.replace('https:', 'http:') }, {}, {}, { maxRetries: 0 }).ping(),
      'connectionReset',
      /was closed before an answer arrived.*start the base URL with https:\/\//,
    );
  });
});

describe('proxies', () => {
  let sim: Simulator;
  let proxy: { url: string; tunnels: string[]; close(): Promise<void> };
  before(async () => {
    sim = await startSimulator();
    proxy = await startConnectProxy();
  });
  after(async () => {
    await sim.close();
    await proxy.close();
  });

  it('goes through the configured proxy', async () => {
    proxy.tunnels.length = 0;
    await clientFor(sim, {}, {}, { proxyUrl: proxy.url }).ping();
    assert.deepEqual(proxy.tunnels, [new URL(sim.baseUrl).host]);
  });

  it('bypasses it for hosts in the no-proxy list', async () => {
    proxy.tunnels.length = 0;
    await clientFor(sim, {}, {}, { proxyUrl: proxy.url, noProxy: ['127.0.0.1'] }).ping();
    assert.deepEqual(proxy.tunnels, []);
  });

  it('reads HTTP_PROXY from the environment when nothing is configured', async () => {
    proxy.tunnels.length = 0;
    process.env.HTTP_PROXY = proxy.url;
    try {
      await clientFor(sim).ping();
    } finally {
      delete process.env.HTTP_PROXY;
    }
    assert.equal(proxy.tunnels.length, 1);
  });

  it('a proxy that refuses says so and names the settings', async () => {
    const refusing = await startConnectProxy(407);
    try {
      await rejectsWith(
        clientFor(sim, {}, {}, { proxyUrl: refusing.url, maxRetries: 0 }).ping(),
        'proxy',
        /the proxy 127\.0\.0\.1:\d+ asks for credentials \(HTTP 407\).*http\.proxy/,
      );
    } finally {
      await refusing.close();
    }
  });
});

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A minimal HTTP CONNECT proxy on loopback that records the tunnels it opens. */
function startConnectProxy(refuseWith?: number): Promise<{ url: string; tunnels: string[]; close(): Promise<void> }> {
  const tunnels: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req: http.IncomingMessage, client: net.Socket) => {
    sockets.add(client);
    if (refuseWith) {
      client.end(`HTTP/1.1 ${refuseWith} Proxy Authentication Required\r\n\r\n`);
      return;
    }
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        tunnels,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
