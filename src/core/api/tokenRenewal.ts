// Renewing the one token picked. The server renews whichever token the pasted secret is (or, with an
// empty body, the token signing in), not the one the person had in mind: the outcome is checked
// against the token picked, so that a message never names one token and shows another's expiry.
import type { ApiToken, CallOptions, TokenExpiry } from '../model';
import type { KantegaClient } from './client';

/** Within this, two derived expiries are the same instant (lists derive it from the answer's arrival). */
const SAME_EXPIRY_MS = 60_000;

export type RenewalOutcome =
  /** The token picked, with the expiry the server now gives it. */
  | { readonly kind: 'renewed'; readonly token: ApiToken }
  /** The answer names another token (the secret was that one's): it was renewed, the token picked was not. */
  | { readonly kind: 'renewedAnother'; readonly renewed: TokenExpiry & { readonly id: number } }
  /** Accepted, but the answer names no token and the one picked, listed again, expires no later than before. */
  | { readonly kind: 'unconfirmed'; readonly token: ApiToken };

/** The token with the expiry an expiry answer (status or renewal) gave it. */
export function withExpiry(token: ApiToken, expiry: TokenExpiry): ApiToken {
  return {
    ...token,
    neverExpires: expiry.neverExpires,
    expiresAt: expiry.neverExpires ? undefined : (expiry.expiresAt ?? token.expiresAt),
    expiresAtText: expiry.expiresAtText ?? token.expiresAtText,
  };
}

/**
 * Whether `after` shows a renewal of `before`: it expires later (or never). Unknown expiries cannot
 * be compared and count as moved, as does a token that never expired (a renewal changes nothing).
 */
export function expiryMoved(before: ApiToken, after: ApiToken): boolean {
  if (before.neverExpires || after.neverExpires) return true;
  if (before.expiresAt === undefined || after.expiresAt === undefined) return true;
  return after.expiresAt > before.expiresAt + SAME_EXPIRY_MS;
}

/**
 * Renews `picked` with its secret, or without one (the empty body: the token the client signs in
 * with, which the caller has made sure is `picked`). When the answer names no token, the token is
 * listed again by id to see whether its expiry moved.
 */
export async function renewPickedToken(
  client: KantegaClient,
  picked: ApiToken & { readonly id: number },
  secret: string | undefined,
  options: CallOptions = {},
): Promise<RenewalOutcome> {
  const answer = await client.renewToken(secret, options);
  if (answer?.id !== undefined) {
    if (answer.id !== picked.id) return { kind: 'renewedAnother', renewed: { ...answer, id: answer.id } };
    return { kind: 'renewed', token: withExpiry(picked, answer) };
  }
  const listed = (await client.listMyTokens(options)).find((token) => token.id === picked.id);
  if (!listed) return { kind: 'unconfirmed', token: picked };
  return expiryMoved(picked, listed) ? { kind: 'renewed', token: listed } : { kind: 'unconfirmed', token: listed };
}
