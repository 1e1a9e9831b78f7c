// How far the server's clock is from ours: SAML assertions carry validity windows, so a skewed
// server clock makes sign-ins fail in ways that are hard to diagnose from the login page.
import { describeSpan } from '../text/format';
import { DAY_MS } from '../model';

/** Beyond this, many identity providers' assertions are rejected (a common allowed skew is 60 s). */
export const CLOCK_SKEW_WARNING_MS = 60_000;

/**
 * "in sync", "0.4 s ahead", "2 min 3 s behind", "3 days ahead": the server's clock relative to this
 * machine's. From a day on, in the largest fitting unit: minutes and seconds of a year are noise.
 */
export function describeClockSkew(skewMs: number): string {
  if (!Number.isFinite(skewMs)) return 'unknown';
  const direction = skewMs > 0 ? 'ahead' : 'behind';
  if (Math.abs(skewMs) >= DAY_MS) return `${describeSpan(Math.abs(skewMs))} ${direction}`;
  const tenths = Math.round(Math.abs(skewMs) / 100);
  if (tenths === 0) return 'in sync';
  const seconds = tenths / 10;
  const amount =
    seconds < 60
      ? `${seconds.toFixed(1)} s`
      : `${Math.floor(Math.round(seconds) / 60)} min ${Math.round(seconds) % 60} s`;
  return `${amount} ${direction}`;
}

export function isClockSkewRisky(skewMs: number): boolean {
  return Math.abs(skewMs) > CLOCK_SKEW_WARNING_MS;
}
