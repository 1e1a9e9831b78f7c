import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeClockSkew, isClockSkewRisky, zoneOfDateTime } from '../../../src/core/api/clockSkew';

describe('describeClockSkew (instance tooltip: server clock)', () => {
  it('says in sync below a twentieth of a second, else how far ahead or behind', () => {
    assert.equal(describeClockSkew(0), 'in sync');
    assert.equal(describeClockSkew(-49), 'in sync');
    assert.equal(describeClockSkew(420), '0.4 s ahead');
    assert.equal(describeClockSkew(-1_250), '1.3 s behind');
    assert.equal(describeClockSkew(59_940), '59.9 s ahead');
    assert.equal(describeClockSkew(59_960), '1 min 0 s ahead');
    assert.equal(describeClockSkew(-123_400), '2 min 3 s behind');
    assert.equal(describeClockSkew(3_600_000), '60 min 0 s ahead');
  });

  it('flags skew beyond a minute as a risk for SAML sign-ins', () => {
    assert.equal(isClockSkewRisky(60_000), false);
    assert.equal(isClockSkewRisky(-60_001), true);
    assert.equal(isClockSkewRisky(2_000), false);
  });
});

describe('describeClockSkew beyond a day, and for numbers that are no skew (#11)', () => {
  it('counts a day or more in days, months or years', () => {
    assert.equal(describeClockSkew(86_400_000), '1 day ahead');
    assert.equal(describeClockSkew(-3 * 86_400_000), '3 days behind');
    assert.equal(describeClockSkew(2.5e14), '7922 years ahead');
  });
  it('says "unknown" for NaN and infinities (the old code printed "NaN min NaN s behind")', () => {
    assert.equal(describeClockSkew(NaN), 'unknown');
    assert.equal(describeClockSkew(-Infinity), 'unknown');
  });
});

describe('zoneOfDateTime (instance tooltip: the server time zone beside the skew)', () => {
  it('reads the offset and zone name of both documented shapes, and UTC', () => {
    assert.equal(zoneOfDateTime('2022-04-09T05:10:06.160+02:00[Europe/Oslo]'), 'UTC+02:00 (Europe/Oslo)');
    assert.equal(zoneOfDateTime('2025-12-15T10:37:58.284382416+01:00'), 'UTC+01:00');
    assert.equal(zoneOfDateTime('2025-12-15T09:37:58Z'), 'UTC');
    assert.equal(zoneOfDateTime('2025-12-15T09:37:58+00:00[Etc/UTC]'), 'UTC (Etc/UTC)');
  });

  it('says nothing for an answer without a zone, or with anything else in its place', () => {
    for (const value of [undefined, 42, {}, '', '2025-12-15T10:37:58', 'pong', '+01:00[](command:x)', '+1:00']) {
      assert.equal(zoneOfDateTime(value), undefined, JSON.stringify(value));
    }
    assert.equal(zoneOfDateTime('2025-12-15T10:37:58+01:00[Europe/Oslo](command:x)'), undefined);
  });
});
