// How Kantega SSO writes dates, secrets and token records on the wire, per the vendor pages
// (/work/shared/seeds). Dates are server-local without a zone, as the Java server prints them.
import { randomBytes } from 'node:crypto';

export const DAY_MS = 24 * 60 * 60 * 1000;

/** The token as the simulator stores it. `expiresAt` undefined = never expires. */
export interface SimulatorToken {
  id: number;
  username: string;
  name: string;
  description: string;
  secret: string;
  createdAt: number;
  expiresAt?: number;
  /** Validity the token was created with, in days (used to renew); undefined = forever or unknown. */
  validForDays?: number;
}

export type TokenApiVersion = '2.0' | '3.0';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

// The zone offset per quarter hour (offsets change on quarter-hour boundaries at most): the local
// Date getters each look the zone up, which made a 100,000-token list take most of a second.
const offsetCache = new Map<number, number>();
const QUARTER_HOUR_MS = 15 * 60 * 1000;

function offsetMinutesAt(ms: number): number {
  const quarter = Math.floor(ms / QUARTER_HOUR_MS);
  let offset = offsetCache.get(quarter);
  if (offset === undefined) {
    if (offsetCache.size > 1_000_000) offsetCache.clear();
    offset = -new Date(ms).getTimezoneOffset();
    offsetCache.set(quarter, offset);
  }
  return offset;
}

function localParts(ms: number) {
  const offsetMinutes = offsetMinutesAt(ms);
  // The UTC getters of the shifted instant read the local wall clock, without zone lookups.
  const d = new Date(ms + offsetMinutes * 60_000);
  return {
    date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    hh: pad(d.getUTCHours()),
    mm: pad(d.getUTCMinutes()),
    ss: pad(d.getUTCSeconds()),
    ms: pad(d.getUTCMilliseconds(), 3),
    offsetMinutes,
  };
}

/** `2022-01-05T08:41:31` */
export function localDateTime(ms: number): string {
  const p = localParts(ms);
  return `${p.date}T${p.hh}:${p.mm}:${p.ss}`;
}

/** `2022-02-04T08:41` */
export function localDateTimeMinutes(ms: number): string {
  const p = localParts(ms);
  return `${p.date}T${p.hh}:${p.mm}`;
}

/** `2022-01-04T17:29:02.042`, as in the default token name `api_token_<...>`. */
export function localDateTimeMillis(ms: number): string {
  const p = localParts(ms);
  return `${p.date}T${p.hh}:${p.mm}:${p.ss}.${p.ms}`;
}

/** `2022-01-04-13_17_04`, as in snapshot ids `sso-snapshot-2022-01-04-13_17_04`. */
export function snapshotStamp(ms: number): string {
  const p = localParts(ms);
  return `${p.date}-${p.hh}_${p.mm}_${p.ss}`;
}

/** Java's ZonedDateTime text: `2022-04-09T05:10:06.160+02:00[Europe/Oslo]` (or `...Z[UTC]`). */
export function zonedDateTime(ms: number): string {
  const p = localParts(ms);
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const sign = p.offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(p.offsetMinutes);
  const offset = p.offsetMinutes === 0 ? 'Z' : `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  return `${localDateTimeMillis(ms)}${offset}[${zone}]`;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** 128 characters of A-Z2-7, like the secrets in the vendor's examples (80 random bytes, base32). */
export function newTokenSecret(): string {
  const bytes = randomBytes(80);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

function expiryFields(token: SimulatorToken, now: number) {
  if (token.expiresAt === undefined) return { expiresAt: 'Never' as const };
  const millis = token.expiresAt - now;
  return {
    expiresAt: localDateTimeMinutes(token.expiresAt),
    timeUntilExpiryMillis: millis,
    // Java's ChronoUnit.DAYS.between truncates toward zero, and Kantega sends the number as a string.
    timeUntilExpiryDays: String(Math.trunc(millis / DAY_MS)),
  };
}

/**
 * A token as GET lists show it. API 2.0 (5.7.0's bug) puts the NAME in `description` and has no
 * `tokenName`; 3.0 has both right. Field order follows the vendor examples.
 */
export function tokenListRecord(token: SimulatorToken, now: number, api: TokenApiVersion): Record<string, unknown> {
  const expiry = expiryFields(token, now);
  // Built by assignment, not spreads: a 100,000-token list spends its time here.
  const record: Record<string, unknown> = {};
  if (expiry.timeUntilExpiryDays !== undefined) record.timeUntilExpiryDays = expiry.timeUntilExpiryDays;
  record.createdAt = localDateTime(token.createdAt);
  record.createdAtMillis = token.createdAt;
  if (expiry.timeUntilExpiryMillis !== undefined) record.timeUntilExpiryMillis = expiry.timeUntilExpiryMillis;
  if (api === '2.0') {
    record.description = token.name;
  } else {
    record.tokenName = token.name;
    record.description = token.description;
  }
  record.id = token.id;
  record.expiresAt = expiry.expiresAt;
  record.username = token.username;
  return record;
}

/**
 * `user/expiry/status` (and the renew answer). 2.0: `apiTokenDescription` holds the NAME (the
 * documented bug). 3.0 (undocumented, our choice): `tokenName` and the real `apiTokenDescription`.
 */
export function expiryStatusRecord(token: SimulatorToken, now: number, api: TokenApiVersion): Record<string, unknown> {
  const expiry = expiryFields(token, now);
  return {
    expiresAt: expiry.expiresAt,
    ...(api === '2.0'
      ? { apiTokenDescription: token.name }
      : { tokenName: token.name, apiTokenDescription: token.description }),
    id: token.id,
    ...(expiry.timeUntilExpiryMillis !== undefined
      ? { timeUntilExpiryMillis: expiry.timeUntilExpiryMillis, timeUntilExpiryDays: expiry.timeUntilExpiryDays }
      : {}),
  };
}

/** The 201 answer to a create, identical in 2.0 and 3.0 (POST answers were never buggy). */
export function createdTokenRecord(token: SimulatorToken): Record<string, unknown> {
  if (token.expiresAt === undefined) {
    return {
      apiToken: token.secret,
      validForDays: 'Forever',
      tokenName: token.name,
      description: token.description,
      id: token.id,
      expiresAt: 'Never',
    };
  }
  return {
    validForDays: String(token.validForDays ?? Math.round((token.expiresAt - token.createdAt) / DAY_MS)),
    expiresAt: localDateTimeMinutes(token.expiresAt),
    apiToken: token.secret,
    tokenName: token.name,
    description: token.description,
    id: token.id,
    expiresAtMillis: token.expiresAt,
  };
}
