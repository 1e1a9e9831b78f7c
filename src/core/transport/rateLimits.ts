// How long each server asked to be left alone. A rate limit belongs to the host, whichever client
// met it: the transport notes it, and callers that only see a status message (background refresh)
// read it here.
import { originOf } from '../baseUrl';

/** How long a host that answered 429 without Retry-After is left alone by callers that can wait. */
export const UNSTATED_RATE_LIMIT_WAIT_MS = 60_000;

/** Until when each origin's last lasting 429 asked to be left alone (epoch ms). */
const rateLimitedOrigins = new Map<string, number>();

export function noteRateLimit(origin: string, until: number): void {
  if (Number.isFinite(until) && until > (rateLimitedOrigins.get(origin) ?? 0)) rateLimitedOrigins.set(origin, until);
}

/** When the server at `baseUrl` said it may be asked again, if it answered 429 with a wait not yet over. */
export function rateLimitedUntil(baseUrl: string, now: number = Date.now()): number | undefined {
  const origin = originOf(baseUrl);
  const until = rateLimitedOrigins.get(origin);
  if (until === undefined || until > now) return until;
  rateLimitedOrigins.delete(origin);
  return undefined;
}
