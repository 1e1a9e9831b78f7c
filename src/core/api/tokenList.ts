// How token lists are ordered and grouped for the tree and the pickers.
import { expiryUrgency } from '../text/format';
import type { ApiToken } from '../model';

/** Soonest expiry first (expired ones lead), then tokens that never expire, then unknown expiry; ties by name. */
export function sortByExpiry(tokens: readonly ApiToken[]): ApiToken[] {
  const rank = (token: ApiToken) =>
    token.expiresAt !== undefined ? token.expiresAt : token.neverExpires ? Number.MAX_VALUE : Infinity;
  return [...tokens].sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    return ra === rb ? a.name.localeCompare(b.name) : ra < rb ? -1 : 1;
  });
}

/** Whether a token belongs to `username` (Atlassian user names are case-insensitive). */
export function isOwnToken(token: ApiToken, username: string): boolean {
  return !!token.username && token.username.toLowerCase() === username.toLowerCase();
}

export interface OwnerGroup {
  /** Empty when the server did not say whose tokens these are. */
  readonly username: string;
  readonly tokens: ApiToken[];
}

/** Every user's tokens (the admin list), grouped by owner; owners alphabetically, tokens by expiry. */
export function groupByOwner(tokens: readonly ApiToken[]): OwnerGroup[] {
  const byUser = new Map<string, ApiToken[]>();
  for (const token of tokens) {
    const username = token.username ?? '';
    const owned = byUser.get(username);
    if (owned) owned.push(token);
    else byUser.set(username, [token]);
  }
  return [...byUser.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([username, owned]) => ({ username, tokens: sortByExpiry(owned) }));
}

/** The admin list without the signed-in user's own tokens (those are listed separately). */
export function otherUsersTokens(all: readonly ApiToken[], mine: readonly ApiToken[], username: string): ApiToken[] {
  const ownIds = new Set(mine.map((token) => token.id).filter((id) => id !== undefined));
  return all.filter((token) => !(token.id !== undefined && ownIds.has(token.id)) && !isOwnToken(token, username));
}

export interface ExpiryAttention {
  readonly expired: number;
  /** Expiring within the warning window, not yet expired. */
  readonly soon: number;
}

/** How many tokens need attention: expired, and expiring within `warningDays` (as the tree colours them). */
export function countExpiryAttention(tokens: readonly ApiToken[], now: number, warningDays: number): ExpiryAttention {
  let expired = 0;
  let soon = 0;
  for (const token of tokens) {
    const urgency = expiryUrgency(token, now, warningDays);
    if (urgency === 'expired') expired++;
    else if (urgency === 'soon') soon++;
  }
  return { expired, soon };
}
