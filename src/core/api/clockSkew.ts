// How far the server's clock is from ours: SAML assertions carry validity windows, so a skewed
// server clock makes sign-ins fail in ways that are hard to diagnose from the login page.
import * as l10n from '@vscode/l10n';
import { describeSpan, formatDecimal } from '../text/format';
import { DAY_MS } from '../model';

/** Beyond this, many identity providers' assertions are rejected (a common allowed skew is 60 s). */
const CLOCK_SKEW_WARNING_MS = 60_000;

/**
 * "in sync", "0.4 s ahead", "2 min 3 s behind", "3 days ahead": the server's clock relative to this
 * machine's. From a day on, in the largest fitting unit: minutes and seconds of a year are noise.
 */
export function describeClockSkew(skewMs: number): string {
  if (!Number.isFinite(skewMs)) return l10n.t('unknown');
  const ahead = skewMs > 0;
  const directed = (amount: string) => (ahead ? l10n.t('{0} ahead', amount) : l10n.t('{0} behind', amount));
  if (Math.abs(skewMs) >= DAY_MS) return directed(describeSpan(Math.abs(skewMs)));
  const tenths = Math.round(Math.abs(skewMs) / 100);
  if (tenths === 0) return l10n.t('in sync');
  const seconds = tenths / 10;
  return directed(
    seconds < 60
      ? l10n.t('{0} s', formatDecimal(seconds, 1))
      : l10n.t('{0} min {1} s', Math.floor(Math.round(seconds) / 60), Math.round(seconds) % 60),
  );
}

export function isClockSkewRisky(skewMs: number): boolean {
  return Math.abs(skewMs) > CLOCK_SKEW_WARNING_MS;
}

/** The offset and zone at the end of the ping's `datetime`, `…+02:00[Europe/Oslo]` or `…Z`. */
const ZONE = /(Z|[+-]\d{2}:\d{2})(?:\[([A-Za-z][\w+\-/]{0,63})\])?$/;

/**
 * The server's time zone as its ping states it: `UTC+02:00 (Europe/Oslo)`, `UTC+01:00`, `UTC`.
 * Worth showing beside the skew: a server an hour "off" in local terms may be right in its zone.
 * Anything else (not text, no offset at the end) is no zone.
 */
export function zoneOfDateTime(datetime: unknown): string | undefined {
  if (typeof datetime !== 'string') return undefined;
  const match = ZONE.exec(datetime.trim());
  if (!match) return undefined;
  const offset = match[1] === 'Z' || match[1] === '+00:00' ? 'UTC' : `UTC${match[1]}`;
  return match[2] ? `${offset} (${match[2]})` : offset;
}
