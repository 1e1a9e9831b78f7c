// The core in another display language. Every message of l10n/bundle.l10n.json is "translated" to
// its own words marked ⟦…⟧, its placeholders left outside the marks, and the locale is German: then
// whatever the core says, for any input, must be marked words, Intl's German ("in 12 Tagen") or the
// values it was given. The server text here holds no ASCII letter, and the names that stay as they
// are in every language (settings, fields, codes, products) are listed: so an ASCII word left over
// is English the core wrote without l10n.t (a literal, a concatenation the extractor skips, a message
// the bundle lacks), handed to a message as an argument, or Intl in the wrong locale.
// Also: German Intl spot checks, a tag Intl cannot read, and undoing the configuration.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import * as l10n from '@vscode/l10n';
import { checkBaseUrl, normalizeBaseUrl } from '../../../src/core/baseUrl';
import { cancelledError, describeError, KantegaError, type KantegaErrorKind } from '../../../src/core/errors';
import { parseInstanceConfigs, validateInstanceName, validateUsername } from '../../../src/core/instanceConfig';
import type { ApiToken, CreatedToken, Snapshot } from '../../../src/core/model';
import { describeClockSkew } from '../../../src/core/api/clockSkew';
import { KantegaClient } from '../../../src/core/api/client';
import {
  decodeCreatedToken,
  decodePing,
  decodeSnapshots,
  decodeTokenExpiry,
  decodeTokenList,
  parseJson,
  type DecodeContext,
} from '../../../src/core/api/decode';
import { decodeIdentityProviders, decodeManagedGroups } from '../../../src/core/api/identityProviders';
import { safetySnapshotDescription } from '../../../src/core/api/safetySnapshot';
import type { Replacement, StepResult } from '../../../src/core/api/tokenRotation';
import { rotationWords, tokenWords, validityWords } from '../../../src/core/api/tokenRotationWords';
import {
  composeNotification,
  planNotifications,
  statusBarView,
  summarizeExpiry,
  type InstanceTokens,
} from '../../../src/core/fleet/expiryAlerts';
import { assessInventory, type InstanceFacts, type Known } from '../../../src/core/fleet/inventory';
import {
  INVENTORY_COLUMNS,
  inventoryColumnLabels,
  inventoryCsv,
  inventoryJson,
  inventoryMarkdown,
  inventoryRows,
  inventorySummaryLine,
} from '../../../src/core/fleet/inventoryText';
import { instanceSummaryDocument } from '../../../src/core/fleet/instanceSummary';
import { configureDisplayLanguage, displayLocale } from '../../../src/core/text/displayLanguage';
import {
  describeExpiry,
  describeSpan,
  formatDate,
  formatDateTime,
  formatRelativeTime,
  quantity,
} from '../../../src/core/text/format';
import { parseCaBundle } from '../../../src/core/transport/caCertificates';
import { HttpTransport } from '../../../src/core/transport/http';
import type { HttpRequest, HttpResponse } from '../../../src/core/transport/httpMessages';
import { parseProxyUrl } from '../../../src/core/transport/proxy';
import { noteRateLimit } from '../../../src/core/transport/rateLimits';
import { CertificateStore } from '../../../src/core/transport/systemCertificates';
import type { SystemStoreUse } from '../../../src/core/transport/trust';
import { amount, clockTime, seconds, tlsMessage, waitWords } from '../../../src/core/transport/transportWords';
import { NUM_RUNS, SEED } from '../properties';

/** The failing assertion in the report itself: it names the words that were not translated. */
const RUNS = { seed: SEED, numRuns: NUM_RUNS, includeErrorInReport: true };
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;
const NOW = Date.UTC(2026, 10, 22, 19, 55);

/**
 * Every message of the bundle "translated" with its words marked and its placeholders left outside
 * the marks: `Could not {0}: {1}` becomes `⟦Could not ⟧{0}⟦: ⟧{1}`. What fills a placeholder stays
 * unmarked, so that English handed in as an argument is caught too.
 */
const PSEUDO_BUNDLE: Record<string, string> = Object.fromEntries(
  Object.entries(JSON.parse(readFileSync('l10n/bundle.l10n.json', 'utf8')) as Record<string, string>).map(
    ([key, message]) => [key, pseudoTranslation(message)],
  ),
);

function pseudoTranslation(message: string): string {
  return message
    .split(/(\{\w+\})/)
    .map((part) => (/^\{\w+\}$/.test(part) || part === '' ? part : `⟦${part}⟧`))
    .join('');
}

/** What Intl writes in German for spans and relative times: the only words a marker need not hold. */
const GERMAN_INTL = new Set(
  'in vor Tag Tage Tagen Sekunde Sekunden Minute Minuten Stunde Stunden Monat Monate Monaten Jahr Jahre Jahren'.split(
    ' ',
  ),
);

/**
 * What the core passes to a message as it is, in every language, and the server's words this test
 * sends: names of settings, fields, headers, environment variables, error codes and products, which
 * a translation must not change (the Settings editor shows a setting's title as it is, too).
 */
const UNTRANSLATED = [
  // Names of the API, the setting and the system.
  'Kantega SSO Enterprise',
  'AUTHENTICATION_DENIED',
  'Safety Snapshot Before Restore',
  '-----BEGIN CERTIFICATE-----',
  'security find-certificate',
  'NODE_EXTRA_CA_CERTS',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'kantegaSso.instances',
  'production, staging, test, development',
  'allApiTokens',
  'apiToken',
  'expiresAt',
  'timestamp',
  'response',
  'environment',
  'password',
  'auth',
  'body',
  'name',
  'pat',
  'pong',
  'HTTP',
  // Error codes of Node and undici, as the test hands them in.
  ...['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', 'UND_ERR_DESTROYED'],
  ...['UND_ERR_CLOSED', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT', 'KSSO_PROXY_DROPPED'],
  ...['UND_ERR_PRX_TLS', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_HAS_EXPIRED', 'ERR_SSL_WRONG_VERSION_NUMBER'],
  ...['ERR_SSL_SOMETHING_ELSE', 'ENOENT'],
  // Products and proxies by name, and the words of servers, undici and people this test hands in.
  ...['JIRA', 'Jira', 'Confluence', 'nginx', 'Apache', 'HAProxy', 'Cloudflare'],
  ...['XSRF check failed', 'null for uri: x', 'message', 'login.example.com', 'idp.example.com'],
  ...['Kantega SSO', 'Proxy response', 'ftp', 'admin'],
];
/** Each of them where it stands as a whole (not "name" in "username"); the longest first. */
const UNTRANSLATED_PATTERN = new RegExp(
  `(?<![A-Za-z])(?:${[...UNTRANSLATED]
    .sort((a, b) => b.length - a.length)
    .map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|')})(?![A-Za-z])`,
  'g',
);

/** The ASCII words of `text` outside the ⟦…⟧, codicons (`$(key)`), URLs and untranslated names, but Intl's German. */
function bareWords(text: string): string[] {
  let rest = text;
  for (let previous = ''; previous !== rest;) {
    previous = rest;
    rest = rest.replace(/⟦[^⟦⟧]*⟧/g, ' ');
  }
  assert.doesNotMatch(rest, /[⟦⟧]/, `unbalanced markers in ${JSON.stringify(text)}`);
  // A URL is data, also as Markdown escapes it (https\:\/\/…).
  rest = rest.replace(/\$\([a-z-]+\)/g, ' ').replace(/\bhttps?\\?:\S*/g, ' ');
  rest = rest.replace(UNTRANSLATED_PATTERN, ' ');
  return (rest.match(/[A-Za-z]+/g) ?? []).filter((word) => !GERMAN_INTL.has(word));
}

function assertTranslated(text: string, what: string): void {
  assert.deepEqual(bareWords(text), [], `${what}: English outside a translation in ${JSON.stringify(text)}`);
}

/**
 * Server text at its most hostile, without an ASCII letter: markup and link syntax, placeholders,
 * bidi and control characters, line breaks, non-Latin letters and emoji.
 */
const serverText = fc.string({
  unit: fc.constantFrom(
    ...['Ø', 'å', 'ü', 'ß', 'é', '漢', '字', '😀', '0', '7', ' ', '\n', '\t', '\u202e', '\u200b', '\u0000'],
    ...['[', ']', '(', ')', '$', '<', '>', '"', "'", '&', '*', '_', '`', '|', '=', '+', '-', '@', '\\', '/'],
    ...['.', ',', ':', ';', '{0}', '{1}', '%', '#', '!', '?', '…', '$(', '](', '](0:0)'],
  ),
  maxLength: 24,
});
const time = fc.oneof(
  fc.integer({ min: -400 * DAY, max: 400 * DAY }).map((offset) => NOW + offset),
  fc.constantFrom(NaN, Infinity, -1, 8.64e15 + 1, NOW, NOW - 30 * SECOND, NOW + 30 * SECOND),
  fc.integer({ min: 0, max: Date.UTC(9999, 11, 31) }),
);
const optional = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });

const tokenArb: fc.Arbitrary<ApiToken> = fc.record({
  id: optional(fc.nat({ max: 99 })),
  name: serverText,
  descriptionUnknown: fc.boolean(),
  createdAt: optional(time),
  expiresAt: optional(time),
  neverExpires: fc.boolean(),
  validForDays: optional(fc.integer({ min: 1, max: 3650 })),
  actionable: fc.boolean(),
});

describe('the display language', () => {
  afterEach(() => configureDisplayLanguage('en', undefined));

  it('writes German spans and relative times with Intl, and English as the tests have always read it', () => {
    configureDisplayLanguage('de', undefined);
    assert.equal(displayLocale(), 'de');
    assert.equal(formatRelativeTime(NOW + 12 * DAY, NOW), 'in 12 Tagen');
    assert.equal(formatRelativeTime(NOW - 3 * DAY, NOW), 'vor 3 Tagen');
    assert.equal(formatRelativeTime(NOW - MINUTE, NOW), 'vor 1 Minute');
    assert.equal(formatRelativeTime(NOW + 91 * DAY, NOW), 'in 3 Monaten');
    assert.equal(formatRelativeTime(Date.UTC(9999, 11, 31), NOW), 'in 7973 Jahren', 'no digit grouping');
    assert.equal(describeSpan(12 * DAY), '12 Tage');
    assert.equal(describeSpan(DAY), '1 Tag');
    assert.equal(seconds(1500), '1,5 Sekunden');
    assert.equal(waitWords(5 * 60 * MINUTE), '5 Stunden');
    assert.equal(quantity(2, 'month'), '2 Monate');
    configureDisplayLanguage('en', undefined);
    assert.equal(formatRelativeTime(NOW + 12 * DAY, NOW), 'in 12 days');
    assert.equal(formatRelativeTime(NOW - 3 * DAY, NOW), '3 days ago');
    assert.equal(describeSpan(12 * DAY), '12 days');
    assert.equal(seconds(1500), '1.5 seconds');
  });

  it('counts a tag Intl cannot read as English, and never throws', () => {
    for (const tag of ['', 'not a tag', 'de_DE', 'x', '\u0000']) {
      configureDisplayLanguage(tag, undefined);
      assert.equal(displayLocale(), 'en', JSON.stringify(tag));
      assert.equal(formatRelativeTime(NOW + 12 * DAY, NOW), 'in 12 days');
    }
    configureDisplayLanguage('zh-cn', undefined);
    assert.equal(displayLocale(), 'zh-CN');
  });

  it('translates through the bundle, and configuring English without one undoes it', () => {
    configureDisplayLanguage('de', { 'never expires': 'läuft nie ab', 'expires {0}': 'läuft {0} ab' });
    assert.equal(describeExpiry({ neverExpires: true }, NOW), 'läuft nie ab');
    assert.equal(describeExpiry({ neverExpires: false, expiresAt: NOW + 12 * DAY }, NOW), 'läuft in 12 Tagen ab');
    configureDisplayLanguage('en', undefined);
    assert.equal(describeExpiry({ neverExpires: true }, NOW), 'never expires');
    assert.equal(l10n.t('expires {0}', 'x'), 'expires x');
  });
});

describe('the core in a pseudo-translation: no English outside a translation', () => {
  before(() => configureDisplayLanguage('de', PSEUDO_BUNDLE));
  after(() => configureDisplayLanguage('en', undefined));

  it('the check itself: finds English outside the markers, passes German Intl and marked text', () => {
    assert.equal(pseudoTranslation('Could not {0}: {1}'), '⟦Could not ⟧{0}⟦: ⟧{1}');
    assert.equal(l10n.t('Could not {0}: {1}', 'list', '⟦x⟧'), '⟦Could not ⟧list⟦: ⟧⟦x⟧');
    assert.deepEqual(bareWords('⟦läuft ⟧in 12 Tagen⟦ ab⟧ $(warning) Ø'), []);
    assert.deepEqual(bareWords('⟦expires ⟧3 days ago'), ['days', 'ago']);
    assert.deepEqual(bareWords(l10n.t('Could not {0}: {1}', 'list snapshots', '⟦x⟧')), ['list', 'snapshots']);
    assert.equal(describeExpiry({ neverExpires: true }, NOW), '⟦never expires⟧');
  });

  it('times, spans, dates and token expiries', () => {
    fc.assert(
      fc.property(time, time, tokenArb, (at, now, token) => {
        // The durations of the transport are never other than finite (timeouts, waits, sizes).
        const span = Number.isFinite(at - now) ? Math.abs(at - now) : 0;
        assertTranslated(formatRelativeTime(at, now), 'formatRelativeTime');
        assertTranslated(describeSpan(span), 'describeSpan');
        assertTranslated(describeExpiry(token, now), 'describeExpiry');
        assertTranslated(formatDate(at), 'formatDate');
        assertTranslated(formatDateTime(at), 'formatDateTime');
        assertTranslated(describeClockSkew(at - now), 'describeClockSkew');
        assertTranslated(describeClockSkew(((at - now) % 200_000) / 7), 'describeClockSkew below a day');
        assertTranslated(seconds(span % 600_000), 'seconds');
        assertTranslated(waitWords(at - now), 'waitWords');
        assertTranslated(clockTime(at, span, now), 'clockTime');
        assertTranslated(amount(span), 'amount');
        assertTranslated(tokenWords(token, now), 'tokenWords');
        assertTranslated(validityWords(token.validForDays ?? 'forever'), 'validityWords');
      }),
      RUNS,
    );
  });

  it('what went wrong on the wire: TLS advice, certificate files and stores', async () => {
    const codes = [
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      'SELF_SIGNED_CERT_IN_CHAIN',
      'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
      'ERR_TLS_CERT_ALTNAME_INVALID',
      'CERT_HAS_EXPIRED',
      'CERT_NOT_YET_VALID',
      'ERR_SSL_WRONG_VERSION_NUMBER',
      'ERR_SSL_SOMETHING_ELSE',
    ];
    for (const code of codes) {
      for (const store of [undefined, 'used', 'off', 'unreadable'] as Array<SystemStoreUse | undefined>) {
        assertTranslated(tlsMessage(code, '127.0.0.1:8443', store) ?? '', `tlsMessage ${code} ${store}`);
      }
    }
    const pem = '-----BEGIN CERTIFICATE-----\nØØ\n-----END CERTIFICATE-----';
    for (const text of ['', 'Ø', pem, `${pem}\n${pem}`]) {
      const bundle = parseCaBundle(text);
      assert.equal(bundle.ok, false);
      if (!bundle.ok) assertTranslated(bundle.problem, 'parseCaBundle');
    }
    const missing = '/Ø/0';
    const failing = (error: unknown) => () => Promise.reject(error);
    const stores = [
      new CertificateStore({
        platform: 'linux',
        env: { SSL_CERT_FILE: missing, SSL_CERT_DIR: missing, NODE_EXTRA_CA_CERTS: missing },
      }),
      new CertificateStore({ platform: 'linux', env: {}, bundles: [missing] }),
      new CertificateStore({ platform: 'darwin', env: {}, run: failing({ code: 1 }) }),
      new CertificateStore({ platform: 'win32', env: {}, run: failing({ killed: true }) }),
      new CertificateStore({ platform: 'win32', env: {}, run: () => Promise.resolve('Ø') }),
      new CertificateStore({ platform: 'darwin', env: {}, run: failing(new Error('Ø')) }),
    ];
    for (const store of stores) {
      const read = await store.systemCertificates();
      assert.ok(read.problem, 'a problem to word');
      assertTranslated(read.problem, 'a certificate store that could not be read');
      const extra = await store.extraCertificates();
      if (extra.problem) assertTranslated(extra.problem, 'NODE_EXTRA_CA_CERTS');
    }
  });

  it('errors of every kind, from the transport, the decoders and the client', async (t) => {
    const seen = new Set<KantegaErrorKind>();
    const check = (e: unknown, what: string) => {
      assert.ok(e instanceof KantegaError, `${what}: ${String(e)}`);
      seen.add(e.kind);
      assertTranslated(e.message, `${what} (${e.kind})`);
      assertTranslated(describeError(e), `describeError of ${what}`);
    };
    const thrown = async (run: () => unknown, what: string) => {
      try {
        await run();
      } catch (e) {
        return check(e, what);
      }
      assert.fail(`${what} did not throw`);
    };

    // The transport's own words for an answer or a failure, for any status, header and body.
    const https = new HttpTransport({ baseUrl: 'https://127.0.0.1:8443/jira', secrets: [] });
    const plain = new HttpTransport({ baseUrl: 'http://127.0.0.1:8080', secrets: [] });
    const proxied = new HttpTransport({ baseUrl: 'https://127.0.0.1:8443', secrets: [] });
    // Set where the dispatcher would, without one: the proxy's words are the subject here.
    (proxied as unknown as { proxy: string }).proxy = '127.0.0.1:3128';
    const closed = new HttpTransport({ baseUrl: 'https://127.0.0.1:8443', secrets: [] });
    await closed.close();
    const closedWithReason = new HttpTransport({ baseUrl: 'https://127.0.0.1:8443', secrets: [] });
    await closedWithReason.close(l10n.t('the extension is shutting down'));
    const operation = l10n.t('list snapshots');
    const request = (method: HttpRequest['method']): HttpRequest => ({ method, path: '/rest/x', operation });
    const answer = fc.record({
      status: fc.constantFrom(301, 302, 304, 307, 400, 401, 403, 404, 405, 418, 429, 500, 502, 503, 504),
      location: optional(
        fc.constantFrom(
          'https://127.0.0.1:8443/jira/login.jsp',
          'https://127.0.0.1:8080/rest/x',
          'https://idp.example.com/saml2/sso?SAMLRequest=x',
          'https://login.example.com/oauth2/authorize?client_id=x',
          'https://login.example.com/',
          'https://10.0.0.1/x',
          'https://[::1]/oidc/x',
          'ftp://x',
        ),
      ),
      retryAfter: optional(fc.constantFrom('0', '3', '120', '86400', '999999', 'Wed, 21 Oct 2015 07:28:00 GMT', 'Ø')),
      seraph: optional(fc.constantFrom('AUTHENTICATION_DENIED', 'AUTHENTICATED_FAILED')),
      denied: optional(
        fc.constantFrom('CAPTCHA_CHALLENGE; login-url=https://127.0.0.1:8443/jira/login.jsp', 'CAPTCHA_CHALLENGE'),
      ),
      user: optional(fc.constantFrom('admin', 'anonymous')),
      server: optional(fc.constantFrom('nginx/1.22.1', 'Apache/2.4', 'awselb/2.0', 'cloudflare', 'haproxy')),
      html: fc.boolean(),
      body: fc.oneof(
        serverText,
        serverText.map((title) => `<html><head><title>${title}</title></head><body>${title}</body></html>`),
        fc.constantFrom('XSRF check failed', '<center>nginx</center>', '{"message":"null for uri: x"}'),
      ),
    });
    fc.assert(
      fc.property(answer, fc.constantFrom(https, plain), fc.constantFrom('GET', 'POST' as const), (a, to, method) => {
        const headers: HttpResponse['headers'] = {
          location: a.location,
          'retry-after': a.retryAfter,
          'x-seraph-loginreason': a.seraph,
          'x-authentication-denied-reason': a.denied,
          'x-ausername': a.user,
          server: a.server,
        };
        const response: HttpResponse = {
          status: a.status,
          headers,
          contentType: a.html ? 'text/html' : 'application/json',
          body: a.body,
          receivedAt: NOW,
          sentAt: NOW,
        };
        check(to.statusError(request(method), response), `statusError ${a.status}`);
      }),
      RUNS,
    );
    // Every failure an exchange can end in, on every kind of transport: all combinations.
    const reasons = [undefined, 'deadline', 'idle', 'cancelled', 'tooLarge', 'closed'] as const;
    const codes = [
      undefined,
      'ECONNREFUSED',
      'ENOTFOUND',
      'EAI_AGAIN',
      'ECONNRESET',
      'UND_ERR_SOCKET',
      'EPIPE',
      'UND_ERR_DESTROYED',
      'UND_ERR_CLOSED',
      'UND_ERR_HEADERS_TIMEOUT',
      'UND_ERR_BODY_TIMEOUT',
      'ETIMEDOUT',
      'KSSO_PROXY_DROPPED',
      'UND_ERR_PRX_TLS',
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      'CERT_HAS_EXPIRED',
      'ERR_SSL_WRONG_VERSION_NUMBER',
    ];
    const messages = ['', 'Ø', 'Proxy response (407)', 'Proxy response (502)'];
    for (const to of [https, plain, proxied, closed, closedWithReason]) {
      for (const reason of reasons) {
        for (const code of codes) {
          for (const message of messages) {
            for (const [sent, answered] of [
              [false, false],
              [true, false],
              [true, true],
            ]) {
              for (const method of ['GET', 'DELETE'] as const) {
                const error = message || code ? Object.assign(new Error(message), { code }) : undefined;
                const failure = { reason, error, sent, answered, received: 3 * 1024 * 1024 + 5 };
                check(to.networkError(request(method), failure), `networkError ${reason} ${code} ${message}`);
              }
            }
          }
        }
      }
    }
    noteRateLimit('https://127.0.0.1:8444', 10 * MINUTE, 429);
    const quiet = new HttpTransport({ baseUrl: 'https://127.0.0.1:8444', secrets: [] });
    await thrown(() => quiet.send(request('GET')), 'a host that asked for quiet');
    check(cancelledError(operation), 'cancelledError');
    await thrown(() => parseProxyUrl('ftp://127.0.0.1'), 'a proxy of another scheme');
    await thrown(() => parseProxyUrl('http://[Ø'), 'a proxy address that is no URL');
    await thrown(() => normalizeBaseUrl('Ø'), 'a base URL that is none');

    // The decoders, for any JSON and any body.
    const ctx: DecodeContext = { operation, receivedAt: NOW };
    const decoders: Array<(value: unknown) => unknown> = [
      (v) => decodePing(v, { ...ctx, sentAt: NOW }),
      (v) => decodeSnapshots(v, ctx),
      (v) => decodeTokenList(v, ctx),
      (v) => decodeTokenExpiry(v, ctx),
      (v) => decodeCreatedToken(v, ctx),
      (v) => decodeIdentityProviders(v, ctx),
      (v) => decodeManagedGroups(v, ctx),
    ];
    const json = fc.oneof(
      fc.jsonValue(),
      fc.constantFrom(
        { timestamp: 'Ø' },
        { timestamp: 1e300 },
        { timestamp: NOW, response: 'Ø' },
        { timestamp: NOW, response: 7 },
      ),
    );
    fc.assert(
      fc.property(json, fc.oneof(serverText, fc.constant('')), (value, body) => {
        for (const decode of decoders) {
          try {
            const decoded = decode(value);
            // Names a decoder makes up for a token without one are ours: "Token 7", "Unnamed token".
            for (const token of Array.isArray(decoded) ? (decoded as ApiToken[]) : []) {
              if (token && typeof token === 'object' && 'descriptionUnknown' in token && token.name.startsWith('⟦')) {
                assertTranslated(token.name, 'a token name made up');
              }
            }
          } catch (e) {
            check(e, 'a decoder');
          }
        }
        try {
          parseJson(body, ctx);
        } catch (e) {
          check(e, 'parseJson');
        }
      }),
      RUNS,
    );

    // The client, against a server that answers as each case needs.
    let handle: (req: http.IncomingMessage, res: http.ServerResponse) => void = (_req, res) => res.end();
    const server = http.createServer((req, res) => handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    t.after(() => new Promise((resolve) => server.close(resolve)));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const client = (username?: string) =>
      new KantegaClient({
        baseUrl,
        credential: username === undefined ? undefined : { kind: 'password', username, secret: 'Ø0Ø0Ø0' },
        network: { maxRetries: 0 },
      });
    const answering =
      (status: number, body = '', type = 'application/json') =>
      (_req: http.IncomingMessage, res: http.ServerResponse) =>
        res.writeHead(status, { 'content-type': type }).end(body);
    handle = answering(404, '<html></html>', 'text/html');
    await thrown(() => client('admin').ping(), 'ping 404');
    await thrown(() => client('admin').listIdentityProviders(), 'identity providers 404');
    await thrown(() => client('admin').listMyTokens(), 'no token service');
    handle = answering(200, '<html><body>Ø</body></html>', 'text/html');
    await thrown(() => client('admin').listSnapshots(), 'a login page');
    handle = answering(403, '{}');
    await thrown(() => client('admin').listAllTokens(), 'not a system administrator');
    await thrown(() => client().listAllTokens(), 'anonymous');
    handle = answering(200, 'Ø');
    await thrown(() => client('admin').listSnapshots(), 'not JSON');
    handle = answering(405, '');
    await thrown(() => client('admin').isManagedGroup('Ø', 'Ø'), 'no managed-group check');
    await thrown(() => client('admin').restoreSnapshot('..'), 'a snapshot id that is no path segment');
    await thrown(() => client('admin').listManagedGroups('Ø/Ø'), 'an IdP id that is no path segment');
    await thrown(() => client('admin').isManagedGroup('Ø', '..'), 'a group name that is no path segment');
    await thrown(() => client('admin').createToken({ validity: 0 }), 'a validity out of range');
    await thrown(() => client('admin').renewToken(), 'a renewal without the secret');
    handle = (req, res) =>
      req.method === 'POST' ? answering(204)(req, res) : answering(500, '<html>Ø</html>', 'text/html')(req, res);
    await thrown(() => client('admin').addManagedGroup('Ø', 'Ø'), 'an add whose list failed after');
    handle = (req, res) => answering(200, req.method === 'GET' ? '[]' : '')(req, res);
    assertTranslated(await client('admin').deleteMyToken(7), 'a delete the server said nothing about');
    const kinds = Object.keys({
      unauthorized: 0,
      captcha: 0,
      ssoGateway: 0,
      forbidden: 0,
      xsrf: 0,
      notInstalled: 0,
      notOffered: 0,
      notFound: 0,
      rateLimited: 0,
      serverError: 0,
      httpError: 0,
      timeout: 0,
      cancelled: 0,
      interrupted: 0,
      outcomeUnknown: 0,
      tooLarge: 0,
      dns: 0,
      connectionRefused: 0,
      connectionReset: 0,
      tls: 0,
      proxy: 0,
      badResponse: 0,
      invalidInput: 0,
      network: 0,
    } satisfies Record<KantegaErrorKind, 0>);
    assert.deepEqual([...seen].sort(), kinds.sort(), 'every kind of error was worded');
    assertTranslated(describeError(Object.assign(new Error('Ø'), { name: 'AbortError' })), 'an abort');
    assertTranslated(describeError(undefined), 'something thrown that is not an error');
  });

  it('what a person types: base URLs, instance names, user names, the instances setting', () => {
    const entry = fc.record(
      {
        name: fc.oneof(serverText, fc.constant('Ø')),
        baseUrl: fc.oneof(
          serverText,
          fc.constantFrom('http://127.0.0.1', 'https://127.0.0.1/jira?x', 'ftp://0', 'https://0#x', 'https://Ø:Ø@0'),
        ),
        auth: fc.oneof(serverText, fc.constant('password')),
        environment: serverText,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(serverText, fc.array(fc.oneof(entry, serverText), { maxLength: 4 })), (raw) => {
        for (const problem of parseInstanceConfigs(raw).problems) assertTranslated(problem, 'a setting problem');
      }),
      RUNS,
    );
    fc.assert(
      fc.property(serverText, fc.constantFrom('password', 'apiToken', 'pat' as const), (text, auth) => {
        const url = checkBaseUrl(text);
        assertTranslated(url.ok ? (url.warning ?? '') : url.message, 'checkBaseUrl');
        for (const typed of [text, `http://0/${text}`, `https://0/${text}?`]) {
          const checked = checkBaseUrl(typed);
          assertTranslated(checked.ok ? (checked.warning ?? '') : checked.message, 'checkBaseUrl');
        }
        assertTranslated(validateInstanceName(text, [text, 'Ø']) ?? '', 'validateInstanceName');
        assertTranslated(validateInstanceName('Ø'.repeat(81), []) ?? '', 'validateInstanceName');
        assertTranslated(validateUsername(text, auth) ?? '', 'validateUsername');
      }),
      RUNS,
    );
  });

  it('the fleet inventory, its exports and the compare document', () => {
    const known = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<Known<T>> =>
      fc.oneof(
        arb.map((value) => ({ known: true as const, value })),
        fc.record(
          {
            known: fc.constant(false as const),
            reason: fc.constantFrom('loading', 'offline', 'forbidden', 'notOffered', 'failed' as const),
            message: serverText,
          },
          { requiredKeys: ['known', 'reason'] },
        ),
      );
    const facts: fc.Arbitrary<InstanceFacts> = fc.record(
      {
        name: serverText,
        environment: serverText,
        baseUrl: fc.constantFrom('https://127.0.0.1:8443/jira', 'https://127.0.0.1:8444'),
        status: fc.constantFrom(
          'checking',
          'online',
          'unreachable',
          'credentialRejected',
          'credentialMissing',
          'needsConsent',
          'error' as const,
        ),
        statusMessage: serverText,
        clockSkewMs: fc.oneof(fc.integer({ min: -3 * DAY, max: 3 * DAY }), fc.constant(NaN)),
        snapshots: known(
          fc.record({
            count: fc.nat({ max: 40 }),
            newest: optional(
              fc.record({
                takenAt: optional(time),
                applicationName: optional(fc.constantFrom('JIRA', 'Confluence')),
                applicationVersion: optional(fc.constantFrom('9.12.2', '10.3.1')),
                pluginVersion: optional(fc.constantFrom('7.3.0', '7.4.1')),
                baseUrl: optional(fc.constantFrom('https://127.0.0.1:8443/jira', 'https://127.0.0.1:8444')),
              }),
            ),
            upgradeBackup: optional(fc.record({ from: serverText, to: serverText, takenAt: optional(time) })),
          }),
        ),
        tokens: known(
          fc.record({
            scope: fc.constantFrom('everyone', 'own' as const),
            total: fc.nat({ max: 9 }),
            expired: fc.nat({ max: 3 }),
            expiring: fc.nat({ max: 3 }),
            neverExpiring: fc.nat({ max: 3 }),
            signsInWithApiToken: fc.boolean(),
            signInToken: optional(
              fc.record({
                name: serverText,
                expiresAt: optional(time),
                neverExpires: fc.boolean(),
                urgency: fc.constantFrom('expired', 'soon', 'ok', 'never', 'unknown' as const),
              }),
            ),
          }),
        ),
        identityProviders: known(
          fc.array(
            fc.record({
              id: serverText,
              name: fc.oneof(serverText, fc.constantFrom('Ø', 'ØØ')),
              groups: known(fc.array(fc.constantFrom('Ø', 'ü', 'ß'), { maxLength: 3 })),
            }),
            { maxLength: 3 },
          ),
        ),
      },
      { requiredKeys: ['name', 'baseUrl', 'status', 'snapshots', 'tokens', 'identityProviders'] },
    );
    for (const label of Object.values(inventoryColumnLabels())) assertTranslated(label, 'a column label');
    fc.assert(
      fc.property(fc.array(facts, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 90 }), (list, maxAge) => {
        const assessment = assessInventory(list, { now: NOW, snapshotMaxAgeDays: maxAge });
        const rows = inventoryRows(assessment, { now: NOW });
        for (const row of rows) {
          for (const column of INVENTORY_COLUMNS) {
            const cell = row.cells[column];
            assertTranslated(cell.text, `${column} cell`);
            for (const mark of cell.marks) assertTranslated(mark, `${column} mark`);
            if (cell.detail !== undefined) assertTranslated(cell.detail, `${column} detail`);
          }
        }
        assertTranslated(inventorySummaryLine(assessment.summary), 'the summary line');
        assertTranslated(inventoryMarkdown(assessment, { now: NOW }), 'the Markdown export');
        assertTranslated(inventoryCsv(rows), 'the CSV export');
        // The JSON export's keys are a format for scripts; its words are the marks' texts.
        const exported = JSON.parse(inventoryJson(assessment, { now: NOW })) as {
          instances: Array<{ marks: Array<{ text: string }> }>;
        };
        for (const instance of exported.instances) {
          for (const mark of instance.marks) assertTranslated(mark.text, 'a mark in the JSON export');
        }
        for (const instance of list) assertTranslated(instanceSummaryDocument(instance, NOW), 'the compare summary');
      }),
      RUNS,
    );
  });

  it('expiry warnings: the notification and the status bar', () => {
    const instance: fc.Arbitrary<InstanceTokens> = fc.record(
      {
        name: serverText,
        baseUrl: fc.constantFrom('https://127.0.0.1:8443', 'https://127.0.0.1:8444'),
        signsInWithApiToken: fc.boolean(),
        signInTokenId: optional(fc.nat({ max: 99 })),
        state: fc.constantFrom('online', 'unreachable', 'rejected', 'unknown' as const),
        myTokens: optional(fc.array(tokenArb, { maxLength: 6 })),
      },
      { requiredKeys: ['name', 'baseUrl', 'signsInWithApiToken', 'state'] },
    );
    fc.assert(
      fc.property(fc.array(instance, { maxLength: 4 }), fc.integer({ min: 0, max: 60 }), (instances, warningDays) => {
        const summary = summarizeExpiry(instances, NOW, warningDays);
        const plan = planNotifications(instances, summary, {}, NOW);
        const notification = composeNotification(plan, NOW, warningDays);
        if (notification) assertTranslated(notification.message, 'the notification');
        const view = statusBarView(summary, NOW);
        assertTranslated(view.text, 'the status bar text');
        assertTranslated(view.tooltip, 'the status bar tooltip');
        assertTranslated(view.accessibilityLabel, 'the status bar for a screen reader');
      }),
      RUNS,
    );
  });

  it('a rotation in words, however each step ended', () => {
    const error = fc.constantFrom<unknown>(
      new KantegaError('timeout', l10n.t('Could not {0}: {1}', l10n.t('create an API token'), l10n.t('cancelled.'))),
      new KantegaError('outcomeUnknown', l10n.t('Something went wrong.')),
      new Error('Ø'),
      undefined,
    );
    const step: fc.Arbitrary<StepResult> = fc.oneof(
      fc.constantFrom<StepResult>({ state: 'done' }, { state: 'declined' }, { state: 'skipped' }),
      error.map((e): StepResult => ({ state: 'failed', error: e })),
      error.map((e): StepResult => ({ state: 'unknown', error: e })),
    );
    fc.assert(
      fc.property(
        serverText,
        tokenArb,
        tokenArb,
        fc.record({ create: step, verify: step, switchCredential: step, retired: step }),
        fc.option(step, { nil: undefined }),
        fc.boolean(),
        (instanceName, old, made, steps, discarded, signsIn) => {
          const created: CreatedToken = { ...made, secret: 'Ø' };
          const replacement: Replacement = { old, created, ...steps };
          const words = rotationWords(instanceName, replacement, { retired: steps.retired, signsIn, discarded }, NOW);
          assertTranslated(words.message, 'the rotation');
        },
      ),
      RUNS,
    );
  });

  it('leaves English what is written to the server: the safety snapshot describes itself as Kantega SSO does', () => {
    const restoring: Pick<Snapshot, 'description'> = { description: 'Ø' };
    assert.equal(safetySnapshotDescription(restoring), 'Before restore of Ø');
  });
});
