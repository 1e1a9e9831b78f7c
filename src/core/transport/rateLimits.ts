// How long each server asked to be left alone. A wait belongs to the host, whichever client met it:
// the transport notes it and sends that host nothing until it is over (every client, person or
// background alike), and callers that plan ahead (background refresh) read it here. Kept on the
// monotonic clock: a wall clock set back must not make a wait last longer, nor one set forward end it.
import { originOf } from '../baseUrl';

/** How long a host that answered 429 without Retry-After is left alone. */
export const UNSTATED_RATE_LIMIT_WAIT_MS = 60_000;
/** The longest wait kept: a broken Retry-After must not shut a host out for years. */
export const MAX_RATE_LIMIT_WAIT_MS = 24 * 60 * 60_000;

/** Until when (monotonic ms) an origin asked to be left alone, and the status it asked with. */
interface Quiet {
  readonly until: number;
  readonly status: number;
}

const quietOrigins = new Map<string, Quiet>();

/** Notes that `origin` answered `status` asking for `waitMs` of quiet; a longer wait already noted stays. */
export function noteRateLimit(origin: string, waitMs: number, status: number): void {
  if (!(waitMs > 0)) return;
  const until = performance.now() + Math.min(waitMs, MAX_RATE_LIMIT_WAIT_MS);
  if (until > (quietOrigins.get(origin)?.until ?? 0)) quietOrigins.set(origin, { until, status });
}

/** How much longer `origin` asked to be left alone, and with which status; undefined once it is over. */
export function quietFor(origin: string): { readonly remainingMs: number; readonly status: number } | undefined {
  const quiet = quietOrigins.get(origin);
  if (!quiet) return undefined;
  const remainingMs = quiet.until - performance.now();
  if (remainingMs > 0) return { remainingMs, status: quiet.status };
  quietOrigins.delete(origin);
  return undefined;
}

/** When (epoch ms) the server at `baseUrl` may be asked again, if it asked for a wait not over at `now`. */
export function rateLimitedUntil(baseUrl: string, now: number = Date.now()): number | undefined {
  const quiet = quietFor(originOf(baseUrl));
  if (!quiet) return undefined;
  const until = Date.now() + quiet.remainingMs;
  return until > now ? until : undefined;
}
