// How far the server's clock is from ours: SAML assertions carry validity windows, so a skewed
// server clock makes sign-ins fail in ways that are hard to diagnose from the login page.

/** Beyond this, many identity providers' assertions are rejected (a common allowed skew is 60 s). */
export const CLOCK_SKEW_WARNING_MS = 60_000;

/** "in sync", "0.4 s ahead", "2 min 3 s behind" — the server's clock relative to this machine's. */
export function describeClockSkew(skewMs: number): string {
  const tenths = Math.round(Math.abs(skewMs) / 100);
  if (tenths === 0) return 'in sync';
  const seconds = tenths / 10;
  const amount =
    seconds < 60
      ? `${seconds.toFixed(1)} s`
      : `${Math.floor(Math.round(seconds) / 60)} min ${Math.round(seconds) % 60} s`;
  return skewMs > 0 ? `${amount} ahead` : `${amount} behind`;
}

export function isClockSkewRisky(skewMs: number): boolean {
  return Math.abs(skewMs) > CLOCK_SKEW_WARNING_MS;
}
