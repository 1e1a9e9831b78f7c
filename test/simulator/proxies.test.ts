// What sits in front of Jira: rate limits with Retry-After in both of its forms, and the error
// pages of the usual reverse proxies, byte for byte, over real HTTP with fetch as the client.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
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

/** One GET with node:http, for the status line's reason phrase and the body's exact bytes. */
function rawGet(
  url: string,
): Promise<{ status: number; reason: string; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            reason: res.statusMessage ?? '',
            headers: res.headers,
            body: Buffer.concat(chunks).toString('latin1'),
          }),
        );
      })
      .on('error', reject);
  });
}

describe('simulator reverse-proxy error pages', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());

  const page = async (status: 502 | 503 | 504, server: 'nginx' | 'apache' | 'haproxy' | 'aws-alb') => {
    sim.inject({ type: 'proxyErrorPage', status, server });
    const answer = await rawGet(`${sim.baseUrl}${PING}`);
    assert.equal(answer.status, status);
    assert.equal(answer.headers['content-length'], String(Buffer.byteLength(answer.body)));
    assert.equal(answer.headers['x-ausername'], undefined, "none of Jira's headers");
    assert.notEqual(answer.headers['cache-control'], 'no-cache, no-store, no-transform');
    return answer;
  };

  it('nginx: its CRLF page with the version footer, Server: nginx/1.22.1, its reason phrases', async () => {
    const bad = await page(502, 'nginx');
    assert.equal(
      bad.body,
      '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n' +
        '<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n',
    );
    assert.deepEqual(
      [bad.reason, bad.headers.server, bad.headers['content-type']],
      ['Bad Gateway', 'nginx/1.22.1', 'text/html'],
    );
    const unavailable = await page(503, 'nginx');
    assert.equal(unavailable.reason, 'Service Temporarily Unavailable');
    assert.match(unavailable.body, /<title>503 Service Temporarily Unavailable<\/title>/);
    const timeout = await page(504, 'nginx');
    assert.equal(timeout.reason, 'Gateway Time-out');
    assert.match(timeout.body, /<center><h1>504 Gateway Time-out<\/h1><\/center>/);
  });

  it('AWS ALB: the nginx page without a footer (122 and 162 bytes), Server: awselb/2.0', async () => {
    const bad = await page(502, 'aws-alb');
    assert.equal(
      bad.body,
      '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n' +
        '<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n',
    );
    assert.deepEqual(
      [bad.headers['content-length'], bad.headers.server, bad.headers['content-type']],
      ['122', 'awselb/2.0', 'text/html'],
    );
    const unavailable = await page(503, 'aws-alb');
    assert.deepEqual(
      [unavailable.reason, unavailable.headers['content-length']],
      ['Service Temporarily Unavailable', '162'],
    );
  });

  it('Apache: the HTML 2.0 page, 502 Proxy Error with the reason, the Host in the signature', async () => {
    const bad = await page(502, 'apache');
    const port = new URL(sim.baseUrl).port;
    assert.equal(
      bad.body,
      '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>502 Proxy Error</title>\n' +
        '</head><body>\n<h1>Proxy Error</h1>\n<p>The proxy server received an invalid\r\n' +
        'response from an upstream server.<br />\r\nThe proxy server could not handle the request' +
        '<p>Reason: <strong>Error reading from remote server</strong></p></p>\n<hr>\n' +
        `<address>Apache/2.4.57 (Debian) Server at 127.0.0.1 Port ${port}</address>\n</body></html>\n`,
    );
    assert.deepEqual(
      [bad.reason, bad.headers.server, bad.headers['content-type']],
      ['Proxy Error', 'Apache/2.4.57 (Debian)', 'text/html; charset=iso-8859-1'],
    );
    const unavailable = await page(503, 'apache');
    assert.equal(unavailable.reason, 'Service Unavailable');
    assert.match(unavailable.body, /<h1>Service Unavailable<\/h1>\n<p>The server is temporarily unable to service/);
    const timeout = await page(504, 'apache');
    assert.equal(timeout.reason, 'Gateway Timeout');
    assert.match(timeout.body, /<p>The gateway did not receive a timely response\nfrom the upstream server/);
  });

  it('HAProxy: its short pages, no Server header, and the connection closed', async () => {
    const unavailable = await page(503, 'haproxy');
    assert.equal(
      unavailable.body,
      '<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n</body></html>\n',
    );
    assert.deepEqual(
      [unavailable.headers['content-length'], unavailable.headers.server, unavailable.headers.connection],
      ['107', undefined, 'close'],
    );
    assert.deepEqual(
      [unavailable.headers['content-type'], unavailable.headers['cache-control']],
      ['text/html', 'no-cache'],
    );
    const bad = await page(502, 'haproxy');
    assert.match(bad.body, /^<html><body><h1>502 Bad Gateway<\/h1>\nThe server returned an invalid or incomplete/);
    const timeout = await page(504, 'haproxy');
    assert.deepEqual([timeout.reason, timeout.headers['content-length']], ['Gateway Time-out', '92']);
  });

  it('the endpoint does not run, and the next request gets Jira again', async () => {
    const count = sim.state.tokens.length;
    sim.inject({ type: 'proxyErrorPage', status: 502, server: 'nginx' }, { method: 'POST' });
    const failed = await call(sim, 'POST', `${TOKENS_3}/user/tokens`, { auth: JOHN, body: '{}' });
    assert.equal(failed.status, 502);
    assert.equal(sim.state.tokens.length, count, 'no token was created');
    assert.equal((await call(sim, 'GET', PING)).status, 200);
  });
});
