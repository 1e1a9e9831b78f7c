// Decoding the answers exactly as the vendor documents them (made valid JSON: the pages have
// comments and missing commas), plus the shapes real servers add.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decodeCreatedToken,
  decodePing,
  decodeSnapshot,
  decodeSnapshots,
  decodeToken,
  decodeTokenExpiry,
  decodeTokenList,
  parseJson,
} from '../../../src/core/api/decode';
import { KantegaError } from '../../../src/core/errors';
import {
  PURPOSE,
  documentedAdminTokens20,
  documentedAdminTokens30,
  documentedCreated,
  documentedExpiry,
  documentedPing,
  documentedSnapshots,
} from '../answers';
import { assertCleanError } from '../properties';

const receivedAt = Date.UTC(2022, 0, 5, 12, 0, 0);
const ctx = { operation: 'list your API tokens', receivedAt };

describe('decode: vendor examples', () => {
  it('5.7.0 admin list {"allApiTokens":[...]}: the name comes from "description", the description is unknown', () => {
    const tokens = decodeTokenList(documentedAdminTokens20, ctx);
    assert.deepEqual(
      tokens.map((t) => [t.id, t.name, t.username, t.descriptionUnknown, t.description]),
      [
        [130, 'non-expiring', 'admin', true, undefined],
        [129, 'non-expiring', 'admin', true, undefined],
        [98, 'Google drive service', 'john.doe', true, undefined],
        [97, 'User token 1', 'john.doe', true, undefined],
      ],
    );
    assert.equal(tokens[0].neverExpires, true);
    assert.equal(tokens[0].expiresAt, undefined);
    assert.equal(tokens[1].expiresAt, receivedAt + 2586019515, 'absolute expiry = answer time + timeUntilExpiryMillis');
    assert.equal(tokens[1].expiresAtText, '2022-02-04T08:41');
    assert.equal(tokens[2].createdAt, 1641315642318);
  });

  it('3.0 list, mixed records: tokenName+description, one without id (not actionable), one description only', () => {
    const tokens = decodeTokenList(documentedAdminTokens30, ctx);
    assert.equal(tokens[0].name, 'non-expiring');
    assert.equal(tokens[0].description, PURPOSE);
    assert.equal(tokens[0].descriptionUnknown, false);
    assert.equal(tokens[1].id, undefined);
    assert.equal(tokens[1].actionable, false);
    assert.equal(tokens[1].name, 'non-expiring2');
    assert.equal(tokens[2].name, 'Google drive service');
    assert.equal(tokens[2].descriptionUnknown, true);
    assert.equal(tokens[2].actionable, true);
  });

  it('a user list is a bare array', () => {
    const tokens = decodeTokenList(
      [
        {
          tokenName: 'User token 1',
          description: 'd',
          id: '97',
          expiresAt: '2022-02-03T18:00',
          timeUntilExpiryDays: '29',
          username: 'john.doe',
        },
      ],
      ctx,
    );
    assert.equal(tokens[0].id, 97, 'an id sent as a string is still an id');
    assert.equal(tokens[0].expiresAt, receivedAt + 29 * 86_400_000, 'days are the fallback when millis are missing');
  });

  it('create answers (180 days, defaults, forever) carry the secret and correct name/description', () => {
    const created = decodeCreatedToken(documentedCreated.custom, ctx);
    assert.deepEqual(
      [created.id, created.name, created.description, created.secret, created.validForDays, created.expiresAt],
      [67, 'Example name', PURPOSE, documentedCreated.custom.apiToken, 180, 1656865644754],
    );
    assert.equal(created.createdAt, receivedAt, 'created when the answer arrived: the answer has no creation time');
    const defaults = decodeCreatedToken(documentedCreated.defaults, ctx);
    assert.equal(defaults.description, '');
    assert.equal(defaults.descriptionUnknown, false);
    const forever = decodeCreatedToken(documentedCreated.forever, ctx);
    assert.equal(forever.neverExpires, true);
    assert.equal(forever.validForDays, undefined);
  });

  it('expiry status: 2.0 puts the name in apiTokenDescription', () => {
    const expiry = decodeTokenExpiry(documentedExpiry, ctx);
    assert.deepEqual(
      [expiry.id, expiry.name, expiry.daysLeft, expiry.expiresAt],
      [65, 'Token name', 179, receivedAt + 15541408230],
    );
  });

  it('ping: server time and clock skew', () => {
    const sentAt = 1649473806160 - 5000 - 100;
    const ping = decodePing(documentedPing, { operation: 'check Kantega SSO', receivedAt: sentAt + 200, sentAt });
    assert.equal(ping.roundTripMs, 200);
    assert.equal(ping.clockSkewMs, 5000, 'server 5 s ahead, measured at the middle of the round trip');
    assert.equal(ping.serverZone, 'UTC+02:00 (Europe/Oslo)');
  });

  it('snapshots come newest first with every documented field', () => {
    // Given oldest first, the newer one unreadable, plus a record without id.
    const [newest, older] = documentedSnapshots;
    const snapshots = decodeSnapshots(
      [older, { ...newest, readable: false }, { description: 'no id: cannot be restored, left out' }],
      ctx,
    );
    assert.deepEqual(
      snapshots.map((s) => [s.id, s.description, s.readable]),
      [
        ['sso-snapshot-2022-01-04-13_17_04', 'test', false],
        [
          'sso-snapshot-2022-01-03-16_37_53',
          'Backup before upgrade of config from version [unknown version] to 5.2.1-SNAPSHOT',
          true,
        ],
      ],
    );
    assert.equal(snapshots[0].pluginVersion, '5.2.1-SNAPSHOT');
  });
});

describe('decode: answers that do not fit', () => {
  const fails = (fn: () => unknown, field: string, message: RegExp) =>
    assert.throws(
      fn,
      (e: unknown) =>
        e instanceof KantegaError && e.kind === 'badResponse' && e.field === field && message.test(e.message),
    );

  it('names the field that is missing or of the wrong type', () => {
    fails(
      () => decodePing({ response: 'pong' }, { ...ctx, sentAt: receivedAt }),
      'timestamp',
      /has no server time \(field "timestamp"\)/,
    );
    fails(
      () => decodePing({ response: 'pong', timestamp: 'soon' }, { ...ctx, sentAt: receivedAt }),
      'timestamp',
      /not a number/,
    );
    fails(() => decodeTokenList({ tokens: 'none' }, ctx), 'allApiTokens', /is not a list of API tokens/);
    fails(
      () => decodeCreatedToken({ tokenName: 'x', id: 1 }, { ...ctx, operation: 'create an API token' }),
      'apiToken',
      /without the token's secret.*created anyway/,
    );
    fails(() => decodeTokenExpiry({ id: 1 }, ctx), 'expiresAt', /says nothing about when the token expires/);
  });

  it('says the body is not JSON instead of "Unexpected token"', () => {
    fails(
      () => parseJson('<html><body>Log in</body></html>', ctx),
      'body',
      /is not valid JSON \(it starts with "<html><body>Log in/,
    );
    assert.throws(
      () => parseJson('{"a":', ctx),
      (e: unknown) => e instanceof Error && !/Unexpected/.test(e.message),
    );
  });

  it('keeps records whose optional fields have the wrong type', () => {
    const [token] = decodeTokenList(
      [
        {
          id: 5,
          tokenName: 'ci',
          createdAtMillis: 'yesterday',
          timeUntilExpiryMillis: null,
          expiresAt: '2030-01-01T00:00',
        },
      ],
      ctx,
    );
    assert.equal(token.name, 'ci');
    assert.equal(token.createdAt, undefined);
    assert.equal(token.expiresAt, undefined, 'unknown, not invented');
    assert.equal(token.expiresAtText, '2030-01-01T00:00');
  });
});

// The first counterexamples the properties in decode.property.test.ts found on the old decoders,
// shrunk, plus the cases issue #11 names. Each was shown to a user as it was.
describe('decode: counterexamples (#11 "Every answer survives")', () => {
  const pingCtx = { operation: 'check Kantega SSO', receivedAt, sentAt: receivedAt - 200 };
  const ping = documentedPing;
  const [, snapshot] = documentedSnapshots;
  const created = documentedCreated.custom;
  const badResponse = (fn: () => unknown, field: string, message: RegExp) =>
    assert.throws(fn, (e: unknown) => {
      assertCleanError(e);
      return e instanceof KantegaError && e.field === field && message.test(e.message);
    });

  it('a ping whose "response" is an object: a badResponse, not "[object Object]" or a TypeError', () => {
    badResponse(() => decodePing({ ...ping, response: {} }, pingCtx), 'response', /not the text "pong"/);
    badResponse(() => decodePing({ ...ping, response: { toString: 'x' } }, pingCtx), 'response', /not the text/);
    badResponse(() => decodePing({ ...ping, response: [1] }, pingCtx), 'response', /not the text "pong"/);
  });

  it('a ping whose timestamp is no plausible date is a badResponse: there is no skew to report', () => {
    for (const timestamp of [1e21, 2 ** 53 + 2, -1e308, -1, 8640000000000001, '1e21']) {
      badResponse(
        () => decodePing({ ...ping, timestamp }, pingCtx),
        'timestamp',
        typeof timestamp === 'string' ? /not a number/ : /not a plausible date/,
      );
    }
    assert.equal(decodePing({ ...ping, timestamp: 0 }, pingCtx).serverTime, 0, '1970 is still a date');
  });

  it('a snapshot with an empty description is described by its file name, then by its id', () => {
    const [described] = decodeSnapshots([{ ...snapshot, description: '' }], ctx);
    assert.equal(described.description, 'sso-snapshot-2022-01-03-16_37_53.zip');
    const [byId] = decodeSnapshots([{ ...snapshot, description: ' \t', filename: '\u202E' }], ctx);
    assert.equal(byId.description, 'sso-snapshot-2022-01-03-16_37_53');
    assert.equal(byId.filename, undefined);
  });

  it('a snapshot time beyond 9999-12-31 is unknown, and the snapshot is kept', () => {
    const decoded = decodeSnapshot({ ...snapshot, timeMillis: 8640000000000001 });
    assert.equal(decoded?.timeMillis, undefined);
    assert.equal(decoded?.id, snapshot.id);
  });

  it('a creation time of 8.64e15 or 1e308 is unknown, and the token is kept', () => {
    const [token] = decodeTokenList(
      { allApiTokens: [{ createdAtMillis: 8640000000000000, id: 130, expiresAt: 'Never', username: 'admin' }] },
      ctx,
    );
    assert.equal(token.createdAt, undefined);
    assert.equal(token.name, 'Token 130');
    assert.equal(
      decodeToken({ createdAtMillis: 1e308, description: 'non-expiring', id: 130 }, ctx).createdAt,
      undefined,
    );
  });

  it('expiry times out of range are unknown, absolute or relative to the answer', () => {
    const expiry = (fields: Record<string, unknown>) =>
      decodeToken({ id: 1, tokenName: 'ci', ...fields }, ctx).expiresAt;
    assert.equal(expiry({ expiresAtMillis: 1e21 }), undefined);
    assert.equal(expiry({ timeUntilExpiryMillis: 2 ** 53 + 2 }), undefined);
    assert.equal(expiry({ timeUntilExpiryMillis: -1e308 }), undefined);
    assert.equal(expiry({ timeUntilExpiryDays: '99999999' }), undefined);
    assert.equal(
      expiry({ expiresAtMillis: -1, timeUntilExpiryMillis: 1000 }),
      receivedAt + 1000,
      'an absolute time out of range falls back to the relative one',
    );
  });

  it('an id of 1e308 is no id: the created token is kept but cannot be acted on', () => {
    const token = decodeCreatedToken({ ...created, id: 1e308 }, ctx);
    assert.equal(token.id, undefined);
    assert.equal(token.actionable, false);
    assert.equal(token.name, 'Example name');
  });

  it('ids are safe integers >= 0: "9007199254740993", 2^53, 1.5, -1 and "1e21" are none', () => {
    for (const id of ['9007199254740993', 2 ** 53, 1.5, -1, '1e21', ' 7', '-0', 1e21, 'NaN']) {
      assert.equal(decodeTokenExpiry({ id, expiresAt: '2022-07-03T15:22' }, ctx).id, undefined, String(id));
      assert.equal(decodeToken({ id, tokenName: 'x' }, ctx).actionable, false, String(id));
    }
    assert.equal(decodeToken({ id: '9007199254740991' }, ctx).id, 2 ** 53 - 1);
    assert.ok(Object.is(decodeToken({ id: -0 }, ctx).id, 0));
  });

  it('a blank token name falls back as a missing one does', () => {
    assert.equal(decodeToken({ id: 97, tokenName: '  ', description: 'd' }, ctx).name, 'Token 97');
    assert.equal(decodeToken({ id: 97, tokenName: '  ', description: 'd' }, ctx).description, 'd');
    assert.equal(decodeToken({ id: 97, description: '\u200B\u202E' }, ctx).name, 'Token 97');
    assert.equal(decodeToken({ description: '' }, ctx).name, 'Unnamed token');
    assert.equal(decodeToken({ id: 1, tokenName: 'x', description: ' ' }, ctx).description, '');
  });

  it('snapshots whose id cannot be restored safely are left out, and counted', () => {
    const ids = ['.', '..', '', ' ', 'a/b', '..\\x', 'x\u0000', 'x\u202Ey', 'x\uD800', 5, 'ok'];
    let skipped = 0;
    const list = decodeSnapshots([...ids.map((id) => ({ id })), 'junk'], { ...ctx, onSkipped: (n) => (skipped += n) });
    assert.deepEqual(
      list.map((s) => s.id),
      ['5', 'ok'],
    );
    assert.equal(skipped, 10);
    assert.equal(decodeSnapshot({ id: 'emoji \uD83D\uDE42 ok' })?.id, 'emoji \uD83D\uDE42 ok');
  });

  it('server text in messages is redacted, cleaned and made inert', () => {
    const redact = (text: string) => text.replace(/hunter2/g, '***');
    badResponse(
      () => parseJson('<p>\u202Ehunter2 [x](command:evil)</p>', { ...ctx, redact }),
      'body',
      /starts with "<p>\*\*\* \[x\uFF3D\(command:evil\)<\/p>"/,
    );
    badResponse(
      () => decodePing({ ...ping, response: 'hun\u0000ter2' }, { ...pingCtx, redact }),
      'response',
      /says "\*\*\*" instead of "pong"/,
    );
    badResponse(() => parseJson('\u202E\u0000', ctx), 'body', /cannot be shown/);
    badResponse(() => parseJson(' \n', ctx), 'body', /it is empty/);
  });

  it('the first counterexample of parseJson: a body of one bidi override', () => {
    badResponse(() => parseJson('\u202E', ctx), 'body', /is not valid JSON/);
  });
});
