// The simulator's own tests, part 2: injected faults, TLS with a self-signed certificate, the
// command line, and a close() that really lets the process exit.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { Agent, fetch as undiciFetch } from 'undici';
import { startSimulator, type Simulator } from './index';
import { ADMIN, JOHN, PING, TOKENS_3, asArray, asRecord, call, startCli } from './testkit';

describe('simulator faults', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());

  it('latency delays the normal answer', async () => {
    sim.inject({ type: 'latency', ms: 300 });
    const started = Date.now();
    const answer = await call(sim, 'GET', PING);
    assert.ok(Date.now() - started >= 290, `took ${Date.now() - started} ms`);
    assert.equal(asRecord(answer.json).response, 'pong');
    const quick = Date.now();
    await call(sim, 'GET', PING);
    assert.ok(Date.now() - quick < 250, 'consumed after one use');
  });

  it('status: 429 with Retry-After, then back to normal', async () => {
    sim.inject({ type: 'status', status: 429, retryAfterSeconds: 7 });
    const limited = await call(sim, 'GET', `${TOKENS_3}/user/tokens`, { auth: JOHN });
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '7');
    assert.equal((await call(sim, 'GET', `${TOKENS_3}/user/tokens`, { auth: JOHN })).status, 200);
  });

  it('status: 5xx with a default HTML page or a given body, without running the endpoint', async () => {
    sim.inject({ type: 'status', status: 503 });
    const unavailable = await call(sim, 'GET', PING);
    assert.equal(unavailable.status, 503);
    assert.match(unavailable.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(unavailable.text, /503 Service Unavailable/);

    const count = sim.state.tokens.length;
    sim.inject({
      type: 'status',
      status: 500,
      body: '{"message":"NullPointerException"}',
      contentType: 'application/json',
    });
    const failed = await call(sim, 'POST', `${TOKENS_3}/user/tokens`, { auth: JOHN, body: '{}' });
    assert.deepEqual([failed.status, failed.json], [500, { message: 'NullPointerException' }]);
    assert.equal(sim.state.tokens.length, count, 'no token was created');
  });

  it('reset destroys the connection without an answer', async () => {
    sim.inject({ type: 'reset' });
    await assert.rejects(call(sim, 'GET', PING), TypeError);
    assert.equal((await call(sim, 'GET', PING)).status, 200);
  });

  it('html answers 200 text/html where JSON was expected', async () => {
    sim.inject({ type: 'html' });
    const answer = await call(sim, 'GET', `${TOKENS_3}/user/tokens`, { auth: JOHN });
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(answer.text, /^<!DOCTYPE html>/);
  });

  it('malformedJson answers 200 application/json that does not parse', async () => {
    sim.inject({ type: 'malformedJson' });
    const answer = await call(sim, 'GET', `${TOKENS_3}/user/tokens`, { auth: JOHN });
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get('content-type') ?? '', /^application\/json/);
    assert.throws(() => JSON.parse(answer.text), SyntaxError);
    assert.ok(answer.text.startsWith('[{"timeUntilExpiryDays"'), 'a truncated real answer');
  });

  it('wrongType replaces a field in an object, in every array element, and in allApiTokens', async () => {
    sim.inject({ type: 'wrongType', field: 'timestamp', value: 'soon' });
    assert.equal(asRecord((await call(sim, 'GET', PING)).json).timestamp, 'soon');

    sim.inject({ type: 'wrongType', field: 'id', value: '97' });
    const mine = asArray((await call(sim, 'GET', `${TOKENS_3}/user/tokens`, { auth: JOHN })).json);
    assert.deepEqual(
      mine.map((t) => t.id),
      ['97', '97'],
    );

    sim.inject({ type: 'wrongType', field: 'createdAtMillis', value: null });
    const all = asArray(
      asRecord((await call(sim, 'GET', `${TOKENS_3}/admin/tokens`, { auth: ADMIN })).json).allApiTokens,
    );
    assert.ok(all.length >= 4 && all.every((t) => t.createdAtMillis === null));
  });

  it('dropField removes a field from the answer', async () => {
    sim.inject({ type: 'dropField', field: 'id' });
    const mine = asArray((await call(sim, 'GET', `${TOKENS_3}/user/tokens`, { auth: JOHN })).json);
    assert.ok(mine.length > 0 && mine.every((t) => !('id' in t) && typeof t.tokenName === 'string'));
  });

  it('faults are consumed in order, `times` at a time, only by matching path and method', async () => {
    sim.inject({ type: 'status', status: 502 }, { times: 2, pathIncludes: '/user/tokens', method: 'get' });
    sim.inject({ type: 'status', status: 504 });
    assert.equal(
      (await call(sim, 'POST', `${TOKENS_3}/user/tokens`, { auth: JOHN, body: '{}' })).status,
      504,
      'POST skips the GET-only fault',
    );
    assert.equal((await call(sim, 'GET', PING)).status, 200, 'path does not match');
    assert.equal((await call(sim, 'GET', `${TOKENS_3}/user/tokens`, { auth: JOHN })).status, 502);
    assert.equal((await call(sim, 'GET', `${TOKENS_3}/user/tokens`, { auth: JOHN })).status, 502);
    assert.equal((await call(sim, 'GET', `${TOKENS_3}/user/tokens`, { auth: JOHN })).status, 200);
  });

  it('times: Infinity lasts until clearFaults()', async () => {
    sim.inject({ type: 'status', status: 503 }, { times: Infinity, pathIncludes: '/ping' });
    for (let i = 0; i < 3; i++) assert.equal((await call(sim, 'GET', PING)).status, 503);
    sim.clearFaults();
    assert.equal((await call(sim, 'GET', PING)).status, 200);
  });
});

describe('simulator over TLS with a self-signed certificate', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ tls: true, version: '5.7.0' });
  });
  after(() => sim.close());

  it('serves https and exposes the certificate as PEM and as a file', async () => {
    assert.match(sim.baseUrl, /^https:\/\/127\.0\.0\.1:\d+\/jira$/);
    assert.match(sim.caCertificate ?? '', /^-----BEGIN CERTIFICATE-----/);
    assert.equal(await readFile(sim.caCertificatePath!, 'utf8'), sim.caCertificate);
  });

  it('is trusted with the CA given, for 127.0.0.1 and localhost', async () => {
    const dispatcher = new Agent({ connect: { ca: sim.caCertificate } });
    try {
      for (const base of [sim.baseUrl, sim.baseUrl.replace('127.0.0.1', 'localhost')]) {
        const response = await undiciFetch(`${base}${PING}`, { dispatcher });
        assert.equal(response.status, 200, base);
        assert.equal(asRecord(await response.json()).response, 'pong');
      }
    } finally {
      await dispatcher.close();
    }
  });

  it('is rejected without the CA', async () => {
    const dispatcher = new Agent();
    try {
      await assert.rejects(
        undiciFetch(`${sim.baseUrl}${PING}`, { dispatcher }),
        (error: Error & { cause?: { code?: string } }) => {
          assert.match(String(error.cause?.code), /SELF_SIGNED|UNABLE_TO_VERIFY/);
          return true;
        },
      );
    } finally {
      await dispatcher.close();
    }
  });

  it('removes the certificate file on close', async () => {
    const other = await startSimulator({ tls: true });
    const path = other.caCertificatePath!;
    assert.ok(existsSync(path));
    await other.close();
    assert.ok(!existsSync(path));
  });
});

describe('simulator lifecycle and command line', () => {
  it('close() ends open keep-alive connections and stops listening', async () => {
    const sim = await startSimulator();
    const dispatcher = new Agent({ keepAliveTimeout: 60_000 });
    try {
      const first = await undiciFetch(`${sim.baseUrl}${PING}`, { dispatcher });
      await first.text();
      await sim.close();
      await assert.rejects(undiciFetch(`${sim.baseUrl}${PING}`, { dispatcher }));
    } finally {
      await dispatcher.destroy();
    }
  });

  it('close() during injected latency does not hang', async () => {
    const sim = await startSimulator();
    sim.inject({ type: 'latency', ms: 60_000 });
    const pending = call(sim, 'GET', PING).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await sim.close();
    assert.ok(Date.now() - started < 1000);
    assert.ok((await pending) instanceof Error);
  });

  it('the CLI starts a simulator that answers a ping, and stops on SIGTERM', async () => {
    const cli = await startCli(['--port', '0', '--version', '5.7.0', '--context', 'confluence']);
    try {
      assert.match(cli.baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/confluence$/);
      assert.match(cli.output, /admin \/ admin {2}\(sysadmin\) {2}PAT \(Bearer\): admin-pat-0001/);
      assert.match(cli.output, /5\.7\.0 mode/);
      const response = await fetch(`${cli.baseUrl}${PING}`);
      assert.equal(asRecord(await response.json()).response, 'pong');
    } finally {
      assert.equal(await cli.stop(), 0);
    }
  });
});
