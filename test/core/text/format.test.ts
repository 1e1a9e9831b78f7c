import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  describeExpiry,
  expiryUrgency,
  formatDate,
  formatDateTime,
  formatRelativeTime,
} from '../../../src/core/text/format';
import type { ApiToken, TokenExpiry } from '../../../src/core/model';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 10, 22, 19, 55);

function token(fields: Partial<ApiToken>): ApiToken {
  return { name: 'ci', descriptionUnknown: false, neverExpires: false, actionable: true, id: 7, ...fields };
}

describe('formatRelativeTime', () => {
  const cases: Array<[number, string]> = [
    [0, 'just now'],
    [-59 * SECOND, 'just now'],
    [30 * SECOND, 'in less than a minute'],
    [MINUTE, 'in 1 minute'],
    [-MINUTE, '1 minute ago'],
    [-45 * MINUTE, '45 minutes ago'],
    [59 * MINUTE + 40 * SECOND, 'in 1 hour'],
    [5 * HOUR, 'in 5 hours'],
    [-23 * HOUR, '23 hours ago'],
    [23 * HOUR + 40 * MINUTE, 'in 1 day'],
    [DAY, 'in 1 day'],
    [-3 * DAY, '3 days ago'],
    [12 * DAY, 'in 12 days'],
    // A token created seconds ago with 30 days' validity still reads "in 30 days".
    [30 * DAY - 5 * SECOND, 'in 30 days'],
    [90 * DAY, 'in 90 days'],
    [61 * DAY, 'in 61 days'],
    [91 * DAY, 'in 3 months'],
    [-120 * DAY, '4 months ago'],
    [180 * DAY, 'in 6 months'],
    [364 * DAY, 'in 1 year'],
    [-365 * DAY, '1 year ago'],
    [3 * 365 * DAY, 'in 3 years'],
  ];
  for (const [offset, expected] of cases) {
    it(`${offset} ms from now reads "${expected}"`, () => {
      assert.equal(formatRelativeTime(NOW + offset, NOW), expected);
    });
  }
});

describe('describeExpiry', () => {
  it('says when a token expires in the future', () => {
    assert.equal(describeExpiry(token({ expiresAt: NOW + 12 * DAY }), NOW), 'expires in 12 days');
  });
  it('says how long ago an expired token expired', () => {
    assert.equal(describeExpiry(token({ expiresAt: NOW - 3 * DAY }), NOW), 'expired 3 days ago');
  });
  it('treats the expiry instant itself as expired', () => {
    assert.equal(describeExpiry(token({ expiresAt: NOW }), NOW), 'expired just now');
  });
  it('says "never expires" for tokens without expiry, even if a date slipped through', () => {
    assert.equal(describeExpiry(token({ neverExpires: true }), NOW), 'never expires');
    assert.equal(describeExpiry(token({ neverExpires: true, expiresAt: NOW - DAY }), NOW), 'never expires');
  });
  it('says "expiry unknown" when the server gave no usable expiry', () => {
    assert.equal(describeExpiry(token({ expiresAt: undefined }), NOW), 'expiry unknown');
  });
  it('accepts an expiry-status answer as well as a token', () => {
    const status: TokenExpiry = { id: 7, expiresAt: NOW + 5 * HOUR, neverExpires: false, daysLeft: 0 };
    assert.equal(describeExpiry(status, NOW), 'expires in 5 hours');
  });
});

describe('expiryUrgency with a 14-day warning', () => {
  const urgencyIn = (ms: number) => expiryUrgency(token({ expiresAt: NOW + ms }), NOW, 14);
  it('is "ok" at 15 days left', () => assert.equal(urgencyIn(15 * DAY), 'ok'));
  it('is "soon" at exactly 14 days left', () => assert.equal(urgencyIn(14 * DAY), 'soon'));
  it('is "soon" at 13 days left', () => assert.equal(urgencyIn(13 * DAY), 'soon'));
  it('agrees with the text: 14.6 days reads "in 15 days" and is "ok"', () => {
    assert.equal(describeExpiry(token({ expiresAt: NOW + 14.6 * DAY }), NOW), 'expires in 15 days');
    assert.equal(urgencyIn(14.6 * DAY), 'ok');
  });
  it('is "soon" one second before expiry', () => assert.equal(urgencyIn(SECOND), 'soon'));
  it('is "expired" exactly at expiry and after', () => {
    assert.equal(urgencyIn(0), 'expired');
    assert.equal(urgencyIn(-3 * DAY), 'expired');
  });
  it('is "never" for tokens that never expire', () => {
    assert.equal(expiryUrgency(token({ neverExpires: true }), NOW, 14), 'never');
  });
  it('is "unknown" without an expiry', () => {
    assert.equal(expiryUrgency(token({}), NOW, 14), 'unknown');
  });
  it('honours another threshold', () => {
    assert.equal(expiryUrgency(token({ expiresAt: NOW + 20 * DAY }), NOW, 30), 'soon');
    assert.equal(expiryUrgency(token({ expiresAt: NOW + 2 * DAY }), NOW, 0), 'ok');
  });
});

describe('formatDateTime', () => {
  it('writes local date and time as YYYY-MM-DD HH:mm', () => {
    assert.equal(formatDateTime(new Date(2026, 10, 22, 19, 55, 42).getTime()), '2026-11-22 19:55');
  });
  it('pads single-digit fields', () => {
    assert.equal(formatDateTime(new Date(2027, 0, 5, 7, 3).getTime()), '2027-01-05 07:03');
  });
});

// The first counterexamples of format.property.test.ts on the old code: NaN printed as a date.
describe('format: numbers that are no times (#11)', () => {
  it('formatRelativeTime(NaN, 0) is not "NaN years ago"', () => {
    assert.equal(formatRelativeTime(NaN, 0), 'at an unknown time');
    assert.equal(formatRelativeTime(0, Infinity), 'at an unknown time');
  });
  it('describeExpiry with expiresAt NaN is not "expires NaN years ago"', () => {
    assert.equal(describeExpiry(token({ expiresAt: NaN }), 0), 'expiry unknown');
    assert.equal(describeExpiry(token({ expiresAt: 1e21 }), NOW), 'expiry unknown');
    assert.equal(expiryUrgency(token({ expiresAt: NaN }), NOW, 14), 'unknown');
    assert.equal(expiryUrgency(token({ expiresAt: NOW + DAY }), NaN, 14), 'unknown');
  });
  it('formatDateTime(NaN) is not "NaN-NaN-NaN NaN:NaN"', () => {
    assert.equal(formatDateTime(NaN), 'unknown date');
    assert.equal(formatDateTime(8.64e15 + 1), 'unknown date');
    assert.equal(formatDateTime(-1), 'unknown date');
  });
  it('spans beyond 10000 years are not spelled out', () => {
    assert.equal(formatRelativeTime(1e300, 0), 'in more than 10000 years');
    assert.equal(formatRelativeTime(Date.UTC(9999, 11, 31), NOW), 'in 7973 years');
  });
});

describe('formatDate', () => {
  it("is formatDateTime's date, and unknown outside the model's range", () => {
    const at = new Date(2026, 10, 22, 19, 55).getTime();
    assert.equal(formatDate(at), '2026-11-22');
    assert.ok(formatDateTime(at).startsWith(`${formatDate(at)} `));
    assert.equal(formatDate(Number.NaN), 'unknown date');
  });
});
