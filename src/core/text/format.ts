// Human wording for times and token expiry, shared by the tree, notifications and the token webview.
// Spans and relative times come from Intl in the display locale (so that a translation inflects
// them: "in 12 Tagen", "vor 3 Tagen"), without digit grouping; the phrases around them from l10n.t.
// In English the words are exactly what tests assert. Dates stay ISO-like in every locale.
import * as l10n from '@vscode/l10n';
import { DAY_MS as DAY, isPlausibleTime, type ApiToken, type TokenExpiry } from '../model';
import { displayLocale } from './displayLanguage';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Up to this many days we count in days: token validities of 30 and 90 days read exactly. */
const MAX_DAYS_SHOWN_AS_DAYS = 90;
const DAYS_PER_MONTH = 365.25 / 12;
const DAYS_PER_YEAR = 365.25;
/** The model's times span about 8000 years: a longer span comes from a caller's bug, and is not spelled out. */
const MAX_YEARS_SHOWN = 10_000;

export type ExpiryUrgency = 'expired' | 'soon' | 'ok' | 'never' | 'unknown';

export type TimeUnit = 'second' | 'minute' | 'hour' | 'day' | 'month' | 'year';

/** Formatters per locale and kind: made once, as a list of 50,000 tokens words every expiry. */
const formatters = new Map<string, Intl.NumberFormat | Intl.RelativeTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.RelativeTimeFormat>(key: string, make: (locale: string) => T): T {
  const locale = displayLocale();
  const full = `${locale}|${key}`;
  let formatter = formatters.get(full) as T | undefined;
  if (!formatter) formatters.set(full, (formatter = make(locale)));
  return formatter;
}

/** "1 minute", "3 minutes", "1.5 seconds" ("3 Minuten", "1,5 Sekunden"): a count of a unit, in words. */
export function quantity(count: number, unit: TimeUnit): string {
  return cached(
    `unit:${unit}`,
    (locale) => new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long', useGrouping: false }),
  ).format(count);
}

/** A number with exactly `fractionDigits` decimals in the display locale ("0.4", "0,4"), no grouping. */
export function formatDecimal(value: number, fractionDigits: number): string {
  return cached(
    `decimal:${fractionDigits}`,
    (locale) =>
      new Intl.NumberFormat(locale, {
        minimumFractionDigits: fractionDigits,
        maximumFractionDigits: fractionDigits,
        useGrouping: false,
      }),
  ).format(value);
}

/** "in 12 days", "3 days ago" ("in 12 Tagen", "vor 3 Tagen"): digits ungrouped, as spans are. */
function relativeTime(value: number, unit: TimeUnit): string {
  const format = cached('relative', (locale) => new Intl.RelativeTimeFormat(locale, { numeric: 'always' }));
  // Only counts of a thousand and more are grouped: the parts only for those (a list words every expiry).
  if (Math.abs(value) < 1000) return format.format(value, unit);
  return format
    .formatToParts(value, unit)
    .filter((part) => part.type !== 'group')
    .map((part) => part.value)
    .join('');
}

/** Rounds half away from zero on the magnitude, so past and future round alike. */
function roundedUnits(absMs: number, unitMs: number): number {
  return Math.max(1, Math.round(absMs / unitMs));
}

/** The largest fitting unit for a time difference (at least a minute), and the count of it. */
function spanOf(absMs: number): { readonly count: number; readonly unit: TimeUnit } {
  const minutes = roundedUnits(absMs, MINUTE);
  if (minutes < 60) return { count: minutes, unit: 'minute' };
  const hours = roundedUnits(absMs, HOUR);
  if (hours < 24) return { count: hours, unit: 'hour' };
  const days = roundedUnits(absMs, DAY);
  if (days <= MAX_DAYS_SHOWN_AS_DAYS) return { count: days, unit: 'day' };
  const months = Math.round(days / DAYS_PER_MONTH);
  if (months < 12) return { count: months, unit: 'month' };
  return { count: Math.max(1, Math.round(days / DAYS_PER_YEAR)), unit: 'year' };
}

/** The magnitude of a time difference in the largest fitting unit, e.g. "12 days", "5 hours". */
export function describeSpan(absMs: number): string {
  const { count, unit } = spanOf(absMs);
  return count > MAX_YEARS_SHOWN && unit === 'year'
    ? l10n.t('more than {0} years', MAX_YEARS_SHOWN)
    : quantity(count, unit);
}

/**
 * `epochMs` relative to `now`: "in 12 days", "3 days ago", "in 5 hours", "in 2 months", "1 year ago".
 * Within a minute: "just now" for the past (and exactly now), "in less than a minute" for the future.
 */
export function formatRelativeTime(epochMs: number, now: number): string {
  const diff = epochMs - now;
  if (!Number.isFinite(diff)) return l10n.t('at an unknown time');
  if (Math.abs(diff) < MINUTE) return diff > 0 ? l10n.t('in less than a minute') : l10n.t('just now');
  const { count, unit } = spanOf(Math.abs(diff));
  if (count > MAX_YEARS_SHOWN && unit === 'year') {
    return diff > 0
      ? l10n.t('in more than {0} years', MAX_YEARS_SHOWN)
      : l10n.t('more than {0} years ago', MAX_YEARS_SHOWN);
  }
  return relativeTime(diff > 0 ? count : -count, unit);
}

/** "expires in 12 days" | "never expires" | "expired 3 days ago" | "expiry unknown". */
export function describeExpiry(token: ApiToken | TokenExpiry, now: number): string {
  if (token.neverExpires) return l10n.t('never expires');
  const expiresAt = knownExpiry(token, now);
  if (expiresAt === undefined) return l10n.t('expiry unknown');
  const relative = formatRelativeTime(expiresAt, now);
  return expiresAt <= now ? l10n.t('expired {0}', relative) : l10n.t('expires {0}', relative);
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
  if (!isPlausibleTime(epochMs)) return l10n.t('unknown date');
  const d = new Date(epochMs);
  return `${formatDate(epochMs)} ${twoDigits(d.getHours())}:${twoDigits(d.getMinutes())}`;
}

/** Local date as "2026-11-22", independent of the locale; "unknown date" outside the model's range. */
export function formatDate(epochMs: number): string {
  if (!isPlausibleTime(epochMs)) return l10n.t('unknown date');
  const d = new Date(epochMs);
  return `${d.getFullYear()}-${twoDigits(d.getMonth() + 1)}-${twoDigits(d.getDate())}`;
}
