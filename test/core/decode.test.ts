// Decoding the answers exactly as the vendor documents them (made valid JSON: the pages have
// comments and missing commas), plus the shapes real servers add.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decodeCreatedToken,
  decodePing,
  decodeSnapshots,
  decodeTokenExpiry,
  decodeTokenList,
  parseJson,
} from '../../src/core/decode';
import { KantegaError } from '../../src/core/errors';

const receivedAt = Date.UTC(2022, 0, 5, 12, 0, 0);
const ctx = { operation: 'list your API tokens', receivedAt };

describe('decode: vendor examples', () => {
  it('5.7.0 admin list {"allApiTokens":[...]}: the name comes from "description", the real description is unknown', () => {
    const tokens = decodeTokenList(
      {
        allApiTokens: [
          {
            createdAt: '2022-01-05T08:41:31',
            createdAtMillis: 1641368491561,
            description: 'non-expiring',
            id: 130,
            expiresAt: 'Never',
            username: 'admin',
          },
          {
            timeUntilExpiryDays: '29',
            createdAt: '2022-01-05T08:41:02',
            createdAtMillis: 1641368462114,
            timeUntilExpiryMillis: 2586019515,
            description: 'non-expiring',
            id: 129,
            expiresAt: '2022-02-04T08:41',
            username: 'admin',
          },
          {
            timeUntilExpiryDays: '179',
            createdAt: '2022-01-04T18:00:42',
            createdAtMillis: 1641315642318,
            timeUntilExpiryMillis: 15493199718,
            description: 'Google drive service',
            id: 98,
            expiresAt: '2022-07-03T19:00',
            username: 'john.doe',
          },
        ],
      },
      ctx,
    );
    assert.deepEqual(
      tokens.map((t) => [t.id, t.name, t.username, t.descriptionUnknown, t.description]),
      [
        [130, 'non-expiring', 'admin', true, undefined],
        [129, 'non-expiring', 'admin', true, undefined],
        [98, 'Google drive service', 'john.doe', true, undefined],
      ],
    );
    assert.equal(tokens[0].neverExpires, true);
    assert.equal(tokens[0].expiresAt, undefined);
    assert.equal(tokens[1].expiresAt, receivedAt + 2586019515, 'absolute expiry = answer time + timeUntilExpiryMillis');
    assert.equal(tokens[1].expiresAtText, '2022-02-04T08:41');
    assert.equal(tokens[2].createdAt, 1641315642318);
  });

  it('3.0 list with mixed records: tokenName+description, one without id (not actionable), one with only description', () => {
    const tokens = decodeTokenList(
      {
        allApiTokens: [
          {
            createdAt: '2022-01-05T08:41:31',
            createdAtMillis: 1641368491561,
            tokenName: 'non-expiring',
            description: "Longer free-text optional description about the token's purpose",
            id: 130,
            expiresAt: 'Never',
            username: 'admin',
          },
          {
            timeUntilExpiryDays: '29',
            createdAt: '2022-01-05T08:41:02',
            createdAtMillis: 1641368462114,
            timeUntilExpiryMillis: 2586019515,
            tokenName: 'non-expiring2',
            description: 'Longer',
            expiresAt: '2022-02-04T08:41',
            username: 'admin',
          },
          {
            timeUntilExpiryDays: '179',
            createdAt: '2022-01-04T18:00:42',
            createdAtMillis: 1641315642318,
            timeUntilExpiryMillis: 15493199718,
            description: 'Google drive service',
            id: 98,
            expiresAt: '2022-07-03T19:00',
            username: 'john.doe',
          },
        ],
      },
      ctx,
    );
    assert.equal(tokens[0].name, 'non-expiring');
    assert.equal(tokens[0].description, "Longer free-text optional description about the token's purpose");
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
    const created = decodeCreatedToken(
      {
        validForDays: '180',
        expiresAt: '2022-07-03T18:27',
        apiToken: 'YXPTJ2N52YYDDMKD',
        tokenName: 'Example name',
        description: 'Longer',
        id: 67,
        expiresAtMillis: 1656865644754,
      },
      ctx,
    );
    assert.deepEqual(
      [created.id, created.name, created.description, created.secret, created.validForDays, created.expiresAt],
      [67, 'Example name', 'Longer', 'YXPTJ2N52YYDDMKD', 180, 1656865644754],
    );
    assert.equal(created.createdAt, receivedAt, 'created when the answer arrived: the answer has no creation time');
    const defaults = decodeCreatedToken(
      {
        validForDays: '30',
        expiresAt: '2022-02-03T17:29',
        apiToken: 'UEBDRPD',
        tokenName: 'api_token_2022-01-04T17:29:02.042',
        description: '',
        id: 68,
        expiresAtMillis: 1643905742042,
      },
      ctx,
    );
    assert.equal(defaults.description, '');
    assert.equal(defaults.descriptionUnknown, false);
    const forever = decodeCreatedToken(
      {
        apiToken: '64MVETB',
        validForDays: 'Forever',
        tokenName: 'Example name',
        description: 'x',
        id: 130,
        expiresAt: 'Never',
      },
      ctx,
    );
    assert.equal(forever.neverExpires, true);
    assert.equal(forever.validForDays, undefined);
  });

  it('expiry status: 2.0 puts the name in apiTokenDescription', () => {
    const expiry = decodeTokenExpiry(
      {
        expiresAt: '2022-07-03T15:22',
        apiTokenDescription: 'Token name',
        id: 65,
        timeUntilExpiryMillis: 15541408230,
        timeUntilExpiryDays: '179',
      },
      ctx,
    );
    assert.deepEqual(
      [expiry.id, expiry.name, expiry.daysLeft, expiry.expiresAt],
      [65, 'Token name', 179, receivedAt + 15541408230],
    );
  });

  it('ping: server time and clock skew', () => {
    const sentAt = 1649473806160 - 5000 - 100;
    const ping = decodePing(
      { datetime: '2022-04-09T05:10:06.160+02:00[Europe/Oslo]', response: 'pong', timestamp: 1649473806160 },
      { operation: 'check Kantega SSO', receivedAt: sentAt + 200, sentAt },
    );
    assert.equal(ping.roundTripMs, 200);
    assert.equal(ping.clockSkewMs, 5000, 'server 5 s ahead, measured at the middle of the round trip');
    assert.equal(ping.serverDateTime, '2022-04-09T05:10:06.160+02:00[Europe/Oslo]');
  });

  it('snapshots come newest first with every documented field', () => {
    const snapshots = decodeSnapshots(
      [
        {
          applicationName: 'JIRA',
          applicationVersion: '8.16.1',
          pluginVersion: '5.2.1-SNAPSHOT',
          baseUrl: 'https://elisor-p1:8443/jira',
          timeMillis: 1641224273947,
          description: 'Backup before upgrade',
          filename: 'sso-snapshot-2022-01-03-16_37_53.zip',
          id: 'sso-snapshot-2022-01-03-16_37_53',
          readable: true,
        },
        {
          applicationName: 'JIRA',
          applicationVersion: '8.16.1',
          pluginVersion: '5.2.1-SNAPSHOT',
          baseUrl: 'https://elisor-p1:8443/jira',
          timeMillis: 1641298623998,
          description: 'test',
          filename: 'sso-snapshot-2022-01-04-13_17_04.zip',
          id: 'sso-snapshot-2022-01-04-13_17_04',
          readable: false,
        },
        { description: 'no id: cannot be restored, left out' },
      ],
      ctx,
    );
    assert.deepEqual(
      snapshots.map((s) => [s.id, s.description, s.readable]),
      [
        ['sso-snapshot-2022-01-04-13_17_04', 'test', false],
        ['sso-snapshot-2022-01-03-16_37_53', 'Backup before upgrade', true],
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
