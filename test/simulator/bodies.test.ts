// Body faults for transport tests, observed over real HTTP: drip (slow chunks), endless (stops
// when the client goes), huge (exact size, streamed) and echoAuthorization (redaction material).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startSimulator, type Simulator } from './index';
import { JOHN, PING, TOKENS_3, asArray, asRecord, call } from './testkit';

interface Received {
  status: number;
  headers: http.IncomingHttpHeaders;
  chunks: Buffer[];
  times: number[];
}

/** GET with node:http, keeping each chunk and when it arrived. */
function get(url: string, headers: Record<string, string> = {}): Promise<Received> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers, agent: false }, (res) => {
      const received: Received = { status: res.statusCode ?? 0, headers: res.headers, chunks: [], times: [] };
      res.on('data', (chunk: Buffer) => {
        received.chunks.push(chunk);
        received.times.push(performance.now());
      });
      res.on('end', () => resolve(received));
      res.on('error', reject);
    });
    request.on('error', reject);
  });
}

async function until(condition: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('simulator body faults', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());

  it('drip sends the normal answer in small chunks with pauses, Content-Length as usual', async () => {
    sim.inject({ type: 'drip', chunkBytes: 10, intervalMs: 15 });
    const started = performance.now();
    const answer = await get(`${sim.baseUrl}${PING}`);
    const body = Buffer.concat(answer.chunks).toString('utf8');
    assert.equal(answer.status, 200);
    assert.equal(asRecord(JSON.parse(body)).response, 'pong');
    assert.equal(Number(answer.headers['content-length']), Buffer.byteLength(body));
    const pieces = Math.ceil(Buffer.byteLength(body) / 10);
    assert.ok(answer.chunks.length >= pieces / 2, `${answer.chunks.length} chunks for ${pieces} pieces`);
    assert.ok(performance.now() - started >= (pieces - 1) * 15 * 0.8, 'paced');
  });

  it('drip runs the endpoint: a dripped create makes the token', async () => {
    const count = sim.state.tokens.length;
    sim.inject({ type: 'drip', chunkBytes: 64, intervalMs: 1 });
    const created = await call(sim, 'POST', `${TOKENS_3}/user/tokens`, { auth: JOHN, body: '{"tokenName":"slow"}' });
    assert.equal(created.status, 201);
    assert.equal(asRecord(created.json).tokenName, 'slow');
    assert.equal(sim.state.tokens.length, count + 1);
  });

  it('endless sends 200 and JSON forever, and stops writing when the client disconnects', async () => {
    sim.inject({ type: 'endless', chunkBytes: 4096, intervalMs: 2 });
    const controller = new AbortController();
    const response = await fetch(`${sim.baseUrl}${TOKENS_3}/user/tokens`, {
      headers: { authorization: JOHN },
      signal: controller.signal,
    });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(response.headers.get('content-length'), null);
    const reader = response.body!.getReader();
    let bytes = 0;
    let first = '';
    while (bytes < 64 * 1024) {
      const { value } = await reader.read();
      if (!value) break;
      if (first.length < 100) first += Buffer.from(value).toString('utf8');
      bytes += value.length;
    }
    assert.ok(bytes >= 64 * 1024, `received ${bytes} bytes`);
    assert.ok(first.startsWith('[{"id":1'), first.slice(0, 20));
    assert.equal(sim.activeStreams, 1);
    controller.abort();
    await until(() => sim.activeStreams === 0);
    assert.equal((await call(sim, 'GET', PING)).status, 200, 'the server still answers');
  });

  it('huge answers a valid JSON array of exactly N MiB, in many chunks', async () => {
    sim.inject({ type: 'huge', mebibytes: 3 });
    const answer = await get(`${sim.baseUrl}${TOKENS_3}/user/tokens`, { authorization: JOHN });
    const body = Buffer.concat(answer.chunks);
    assert.equal(answer.status, 200);
    assert.equal(Number(answer.headers['content-length']), 3 * 1024 * 1024);
    assert.equal(body.length, 3 * 1024 * 1024);
    const parsed = asArray(JSON.parse(body.toString('utf8')));
    assert.ok(parsed.length > 10_000 && parsed.every((t) => t.tokenName === 'huge'));
    assert.ok(answer.chunks.length > 10, 'streamed, not one write');
    assert.equal(sim.activeStreams, 0);
  });

  it('huge stops generating when the client aborts', async () => {
    sim.inject({ type: 'huge', mebibytes: 512 });
    const controller = new AbortController();
    const response = await fetch(`${sim.baseUrl}${PING}`, { signal: controller.signal });
    assert.equal(response.headers.get('content-length'), String(512 * 1024 * 1024));
    await response.body!.getReader().read();
    controller.abort();
    await until(() => sim.activeStreams === 0);
  });

  it('echoAuthorization answers 500 text/plain with the header verbatim and, decoded, the credentials', async () => {
    sim.inject({ type: 'echoAuthorization', decoded: true });
    const answer = await call(sim, 'GET', `${TOKENS_3}/user/tokens`, { auth: JOHN });
    assert.equal(answer.status, 500);
    assert.match(answer.headers.get('content-type') ?? '', /^text\/plain/);
    const lines = answer.text.split('\n');
    assert.ok(lines.includes(`Authorization: ${JOHN}`), answer.text);
    assert.ok(answer.text.includes('john.doe:john'));
    assert.ok(answer.text.includes('john.doe%3Ajohn'));
    assert.ok(lines.includes('john.doe') && lines.includes('john'), 'user and password split by a newline');

    sim.inject({ type: 'echoAuthorization', status: 502 });
    const bearer = await call(sim, 'GET', PING, { auth: 'Bearer john-pat-0001' });
    assert.equal(bearer.status, 502);
    assert.ok(bearer.text.includes('Authorization: Bearer john-pat-0001'));
    assert.ok(!bearer.text.includes('Decoded'));
  });

  it('requests[] still records only the auth scheme, never the value', () => {
    const recorded = JSON.stringify(sim.requests);
    assert.ok(!recorded.includes(JOHN.split(' ')[1]) && !recorded.includes('john-pat-0001'));
    assert.ok(sim.requests.some((r) => r.headers.authorization === 'Bearer'));
  });

  it('close() ends an endless body at once', async () => {
    const other = await startSimulator();
    other.inject({ type: 'endless', intervalMs: 50 });
    const response = await fetch(`${other.baseUrl}${PING}`);
    const reader = response.body!.getReader();
    await reader.read();
    const started = Date.now();
    await other.close();
    assert.ok(Date.now() - started < 1000);
    assert.equal(other.activeStreams, 0);
    await assert.rejects(async () => {
      for (;;) if ((await reader.read()).done) throw new Error('ended cleanly, expected an abort');
    });
  });
});
