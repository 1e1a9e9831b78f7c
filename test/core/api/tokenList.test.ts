import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiToken } from '../../../src/core/model';
import {
  countExpiryAttention,
  groupByOwner,
  isOwnToken,
  otherUsersTokens,
  sortByExpiry,
} from '../../../src/core/api/tokenList';

function token(name: string, fields: Partial<ApiToken> = {}): ApiToken {
  return { name, descriptionUnknown: false, neverExpires: false, actionable: true, ...fields };
}

describe('sortByExpiry (order of tokens in the tree)', () => {
  it('puts the most urgent first: expired, then soonest, then never-expiring, then unknown; ties by name', () => {
    const sorted = sortByExpiry([
      token('unknown'),
      token('forever', { neverExpires: true }),
      token('later', { expiresAt: 5_000 }),
      token('b soon', { expiresAt: 2_000 }),
      token('a soon', { expiresAt: 2_000 }),
      token('expired', { expiresAt: 1_000 }),
    ]);
    assert.deepEqual(
      sorted.map((t) => t.name),
      ['expired', 'a soon', 'b soon', 'later', 'forever', 'unknown'],
    );
  });
});

describe('groupByOwner (All API Tokens, by user)', () => {
  it('groups by user name alphabetically, keeps tokens without an owner in their own group', () => {
    const groups = groupByOwner([
      token('j2', { username: 'john.doe', expiresAt: 9 }),
      token('a1', { username: 'admin' }),
      token('j1', { username: 'john.doe', expiresAt: 3 }),
      token('orphan'),
    ]);
    assert.deepEqual(
      groups.map((g) => [g.username, g.tokens.map((t) => t.name)]),
      [
        ['', ['orphan']],
        ['admin', ['a1']],
        ['john.doe', ['j1', 'j2']],
      ],
    );
  });
});

describe("own and other users' tokens", () => {
  it('compares user names without case and leaves the signed-in user out of the others', () => {
    assert.equal(isOwnToken(token('x', { username: 'Admin' }), 'admin'), true);
    assert.equal(isOwnToken(token('x'), 'admin'), false);
    const mine = [token('mine', { id: 1, username: 'admin' })];
    const all = [
      mine[0],
      token('same id, other spelling', { id: 1 }),
      token('johns', { id: 2, username: 'john.doe' }),
      token('ADMIN other', { id: 3, username: 'ADMIN' }),
    ];
    assert.deepEqual(
      otherUsersTokens(all, mine, 'admin').map((t) => t.name),
      ['johns'],
    );
  });
});

describe('countExpiryAttention', () => {
  const DAY = 86_400_000;
  const now = Date.UTC(2026, 10, 23);
  const token = (name: string, expiresAt: number | undefined, neverExpires = false): ApiToken => ({
    name,
    expiresAt,
    neverExpires,
    descriptionUnknown: false,
    actionable: true,
  });

  it('counts expired tokens and those within the warning window, as the tree colours them', () => {
    const tokens = [
      token('gone', now - DAY),
      token('now', now),
      token('soon', now + 3 * DAY),
      token('edge', now + 14 * DAY),
      token('later', now + 15 * DAY),
      token('forever', undefined, true),
      token('unknown', undefined),
    ];
    assert.deepEqual(countExpiryAttention(tokens, now, 14), { expired: 2, soon: 2 });
    assert.deepEqual(countExpiryAttention(tokens, now, 0), { expired: 2, soon: 0 });
  });
});
