import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeClockSkew, isClockSkewRisky } from '../../../src/core/api/clockSkew';

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
