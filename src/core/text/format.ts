// Human wording for times and token expiry, shared by the tree, notifications and the token webview.
// Deterministic English (no Intl locale data) so that tests can assert exact strings.
import { DAY_MS as DAY, isPlausibleTime, type ApiToken, type TokenExpiry } from '../model';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Up to this many days we count in days: token validities of 30 and 90 days read exactly. */
const MAX_DAYS_SHOWN_AS_DAYS = 90;
const DAYS_PER_MONTH = 365.25 / 12;
const DAYS_PER_YEAR = 365.25;
/** The model's times span about 8000 years: a longer span comes from a caller's bug, and is not spelled out. */
const MAX_YEARS_SHOWN = 10_000;

export type ExpiryUrgency = 'expired' | 'soon' | 'ok' | 'never' | 'unknown';

/** "1 minute", "3 minutes". */
export function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

/** Rounds half away from zero on the magnitude, so past and future round alike. */
function roundedUnits(absMs: number, unitMs: number): number {
  return Math.max(1, Math.round(absMs / unitMs));
}

/** The magnitude of a time difference in the largest fitting unit, e.g. "12 days", "5 hours". */
export function describeSpan(absMs: number): string {
  const minutes = roundedUnits(absMs, MINUTE);
  if (minutes < 60) return plural(minutes, 'minute');
  const hours = roundedUnits(absMs, HOUR);
  if (hours < 24) return plural(hours, 'hour');
  const days = roundedUnits(absMs, DAY);
  if (days <= MAX_DAYS_SHOWN_AS_DAYS) return plural(days, 'day');
  const months = Math.round(days / DAYS_PER_MONTH);
  if (months < 12) return plural(months, 'month');
  const years = Math.max(1, Math.round(days / DAYS_PER_YEAR));
  return years > MAX_YEARS_SHOWN ? `more than ${MAX_YEARS_SHOWN} years` : plural(years, 'year');
}

/**
 * `epochMs` relative to `now`: "in 12 days", "3 days ago", "in 5 hours", "in 2 months", "1 year ago".
 * Within a minute: "just now" for the past (and exactly now), "in less than a minute" for the future.
 */
export function formatRelativeTime(epochMs: number, now: number): string {
  const diff = epochMs - now;
  if (!Number.isFinite(diff)) return 'at an unknown time';
  if (Math.abs(diff) < MINUTE) return diff > 0 ? 'in less than a minute' : 'just now';
  const span = describeSpan(Math.abs(diff));
  return diff > 0 ? `in ${span}` : `${span} ago`;
}

/** "expires in 12 days" | "never expires" | "expired 3 days ago" | "expiry unknown". */
export function describeExpiry(token: ApiToken | TokenExpiry, now: number): string {
  if (token.neverExpires) return 'never expires';
  const expiresAt = knownExpiry(token, now);
  if (expiresAt === undefined) return 'expiry unknown';
  const relative = formatRelativeTime(expiresAt, now);
  return expiresAt <= now ? `expired ${relative}` : `expires ${relative}`;
}

/**
 * How urgent the token's expiry is. A token is expired from its expiry instant on. It is 'soon' when
 * the whole days left, rounded as `describeExpiry` shows them, are at most `warningDays`, so that the
 * colour always agrees with the text beside it.
 */
export function expiryUrgency(token: ApiToken | TokenExpiry, now: number, warningDays: number): ExpiryUrgency {
  if (token.neverExpires) return 'never';
  const expiresAt = knownExpiry(token, now);
  if (expiresAt === undefined) return 'unknown';
  if (expiresAt <= now) return 'expired';
  return wholeDaysLeft(expiresAt, now) <= warningDays ? 'soon' : 'ok';
}

/** Whole days until a known expiry (negative once expired), rounded as the warning window counts them. */
export function daysUntilExpiry(token: ApiToken | TokenExpiry, now: number): number | undefined {
  if (token.neverExpires) return undefined;
  const expiresAt = knownExpiry(token, now);
  return expiresAt === undefined ? undefined : wholeDaysLeft(expiresAt, now);
}

function wholeDaysLeft(expiresAt: number, now: number): number {
  return Math.round((expiresAt - now) / DAY) || 0; // never -0
}

/** The expiry when it is one the model allows (decoders leave others undefined) and `now` is a time. */
function knownExpiry(token: ApiToken | TokenExpiry, now: number): number | undefined {
  const { expiresAt } = token;
  return expiresAt !== undefined && isPlausibleTime(expiresAt) && Number.isFinite(now) ? expiresAt : undefined;
}

function twoDigits(n: number): string {
  return String(n).padStart(2, '0');
}

/** Local date and time as "2026-11-22 19:55", independent of the locale; "unknown date" outside the model's range. */
export function formatDateTime(epochMs: number): string {
  if (!isPlausibleTime(epochMs)) return 'unknown date';
  const d = new Date(epochMs);
  return `${formatDate(epochMs)} ${twoDigits(d.getHours())}:${twoDigits(d.getMinutes())}`;
}

/** Local date as "2026-11-22", independent of the locale; "unknown date" outside the model's range. */
export function formatDate(epochMs: number): string {
  if (!isPlausibleTime(epochMs)) return 'unknown date';
  const d = new Date(epochMs);
  return `${d.getFullYear()}-${twoDigits(d.getMonth() + 1)}-${twoDigits(d.getDate())}`;
}
