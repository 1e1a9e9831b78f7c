// Turns what servers actually send into the model. The vendor's own examples disagree with each
// other (2.0's name-in-description bug, records without id, numbers as strings, two list shapes),
// so every field is checked: what can be kept is kept, and what cannot is named in the error.
// Whatever arrives, the result keeps the model's invariants (times plausible or unknown, ids safe
// integers or absent, names never blank) or the decoder throws a KantegaError (issue #11).
import * as l10n from '@vscode/l10n';
import { couldNot, KantegaError } from '../errors';
import { isJsonObject, type JsonObject } from '../json';
import {
  DAY_MS,
  isPlausibleTime,
  type ApiToken,
  type CreatedToken,
  type PingResult,
  type Snapshot,
  type TokenExpiry,
} from '../model';
import { displayText, inertMessageText, isBlankText, sentences } from '../text/displayText';
import { zoneOfDateTime } from './clockSkew';
import { isSafePathSegment } from './pathSegment';

export interface DecodeContext {
  /** For messages: "list snapshots". */
  readonly operation: string;
  /** Local clock when the answer arrived: the server's relative times count from here. */
  readonly receivedAt: number;
  /** Masks secrets in server text before it goes into an error message (servers echo what they were sent). */
  readonly redact?: (text: string) => string;
  /** Told how many records of a list were left out: not objects, or snapshots without a safe id. */
  readonly onSkipped?: (count: number) => void;
}

/** How much server text an error message quotes. */
const EXCERPT_LENGTH = 40;
/** How much the redactor sees: a secret longer than this could show in part in the excerpt. */
const REDACT_WINDOW = 4096;

/** `answer`: what was wrong, as a clause ("the server's answer is not a JSON object"); `field`: where. */
export function badResponse(ctx: DecodeContext, field: string, answer: string): KantegaError {
  return new KantegaError(
    'badResponse',
    couldNot(
      ctx.operation,
      sentences(
        l10n.t('{0} (field "{1}").', answer, field),
        l10n.t(
          'The server may run an unsupported Kantega SSO version, or something between you and it changed the answer.',
        ),
      ),
    ),
    { field },
  );
}

/**
 * Server text quoted in an error message: controls and bidi characters removed first (so that none
 * can split a secret out of the redactor's sight), then secrets masked, then shortened and made inert
 * (notifications render `[x](command:y)` as a link).
 */
function excerpt(text: string, ctx: DecodeContext): string {
  const line = displayText(text.slice(0, REDACT_WINDOW), Infinity);
  return inertMessageText(ctx.redact ? ctx.redact(line) : line, EXCERPT_LENGTH);
}

/** Parses a JSON body; a body that is not JSON becomes a `badResponse` naming the body, never `Unexpected token`. */
export function parseJson(body: string, ctx: DecodeContext): unknown {
  try {
    return JSON.parse(body);
  } catch {
    const start = excerpt(body.trimStart(), ctx);
    const answer = start
      ? l10n.t('the server\'s answer is not valid JSON (it starts with "{0}")', start)
      : body.trim()
        ? l10n.t("the server's answer is not valid JSON (it starts with characters that cannot be shown)")
        : l10n.t("the server's answer is not valid JSON (it is empty)");
    throw badResponse(ctx, 'body', answer);
  }
}

export function decodePing(value: unknown, ctx: DecodeContext & { sentAt: number }): PingResult {
  const body = asObject(value, ctx);
  const serverTime = toNumber(body.timestamp);
  if (serverTime === undefined) {
    throw badResponse(
      ctx,
      'timestamp',
      body.timestamp === undefined
        ? l10n.t("the server's answer has no server time")
        : l10n.t("the server's answer has a server time that is not a number"),
    );
  }
  // A server clock in the year 300000 is not a skew to report: the answer is wrong.
  if (!isPlausibleTime(serverTime)) {
    throw badResponse(ctx, 'timestamp', l10n.t("the server's answer has a server time that is not a plausible date"));
  }
  if (body.response !== undefined && body.response !== 'pong') {
    throw badResponse(
      ctx,
      'response',
      typeof body.response === 'string'
        ? l10n.t('the server\'s answer says "{0}" instead of "{1}"', excerpt(body.response, ctx), 'pong')
        : l10n.t('the server\'s answer has a response that is not the text "{0}"', 'pong'),
    );
  }
  const roundTripMs = Math.max(0, ctx.receivedAt - ctx.sentAt);
  // The server read its clock roughly halfway through the round trip.
  const clockSkewMs = Math.round(serverTime - (ctx.sentAt + roundTripMs / 2));
  return { serverTime, clockSkewMs, roundTripMs, serverZone: zoneOfDateTime(body.datetime) };
}

/** Snapshots newest first. Records without a safe id cannot be restored, so they are left out. */
export function decodeSnapshots(value: unknown, ctx: DecodeContext): Snapshot[] {
  const list = Array.isArray(value)
    ? value
    : isJsonObject(value) && Array.isArray(value.snapshots)
      ? value.snapshots
      : undefined;
  if (!list) throw badResponse(ctx, 'body', l10n.t("the server's answer is not a list of snapshots"));
  const snapshots: Snapshot[] = [];
  for (const raw of list) {
    const snapshot = isJsonObject(raw) ? decodeSnapshot(raw) : undefined;
    if (snapshot) snapshots.push(snapshot);
  }
  if (snapshots.length < list.length) ctx.onSkipped?.(list.length - snapshots.length);
  return snapshots.sort((a, b) => (b.timeMillis ?? 0) - (a.timeMillis ?? 0));
}

export function decodeSnapshot(raw: JsonObject): Snapshot | undefined {
  const id = toText(raw.id);
  if (id === undefined || !isSafePathSegment(id)) return undefined;
  const filename = toVisibleText(raw.filename);
  return {
    id,
    description: toVisibleText(raw.description) ?? filename ?? id,
    filename,
    timeMillis: toTime(raw.timeMillis),
    applicationName: toVisibleText(raw.applicationName),
    applicationVersion: toVisibleText(raw.applicationVersion),
    pluginVersion: toVisibleText(raw.pluginVersion),
    baseUrl: toVisibleText(raw.baseUrl),
    readable: raw.readable !== false && raw.readable !== 'false',
  };
}

/** A token list: a bare array, or `{"allApiTokens": [...]}` as the vendor shows for admins. */
export function decodeTokenList(value: unknown, ctx: DecodeContext): ApiToken[] {
  const list = Array.isArray(value)
    ? value
    : isJsonObject(value) && Array.isArray(value.allApiTokens)
      ? value.allApiTokens
      : isJsonObject(value) && Array.isArray(value.apiTokens)
        ? value.apiTokens
        : undefined;
  if (!list) throw badResponse(ctx, 'allApiTokens', l10n.t("the server's answer is not a list of API tokens"));
  const tokens: ApiToken[] = [];
  for (const raw of list) if (isJsonObject(raw)) tokens.push(decodeToken(raw, ctx));
  if (tokens.length < list.length) ctx.onSkipped?.(list.length - tokens.length);
  return tokens;
}

/**
 * One token record. Name and description: when `tokenName` is present both mean what they say
 * (API 3.0, POST answers, a fixed 2.0); without it, `description` carries the name (API 1.0, and
 * 2.0's GET bug) and the real description is unknown. A blank name counts as none.
 */
export function decodeToken(raw: JsonObject, ctx: DecodeContext): ApiToken {
  const id = toId(raw.id);
  const tokenName = toText(raw.tokenName);
  const description = toText(raw.description);
  const descriptionUnknown = tokenName === undefined;
  const visibleDescription = description !== undefined && !isBlankText(description) ? description : undefined;
  const name =
    (tokenName !== undefined && !isBlankText(tokenName) ? tokenName : undefined) ??
    (descriptionUnknown ? visibleDescription : undefined) ??
    (id !== undefined ? l10n.t('Token {0}', id) : l10n.t('Unnamed token'));
  const expiry = decodeExpiry(raw, ctx);
  return {
    id,
    name,
    description: descriptionUnknown ? undefined : (visibleDescription ?? ''),
    descriptionUnknown,
    username: toVisibleText(raw.username),
    createdAt: toTime(raw.createdAtMillis),
    createdAtText: toVisibleText(raw.createdAt),
    // Field by field rather than a spread: this runs for every record of lists of 100,000.
    expiresAt: expiry.expiresAt,
    expiresAtText: expiry.expiresAtText,
    neverExpires: expiry.neverExpires,
    validForDays: toId(raw.validForDays),
    actionable: id !== undefined,
  };
}

export function decodeCreatedToken(value: unknown, ctx: DecodeContext): CreatedToken {
  const raw = asObject(value, ctx);
  const secret = toVisibleText(raw.apiToken);
  if (secret === undefined) {
    throw new KantegaError(
      'badResponse',
      couldNot(
        ctx.operation,
        sentences(
          l10n.t('the server answered without the token\'s secret (field "{0}").', 'apiToken'),
          l10n.t('The token may have been created anyway: refresh, delete it if it is there, and create it again.'),
        ),
      ),
      { field: 'apiToken' },
    );
  }
  const token = decodeToken(raw, ctx);
  // Create answers carry no creation time: the token was made just before the answer arrived.
  return { ...token, createdAt: token.createdAt ?? ctx.receivedAt, secret };
}

export function decodeTokenExpiry(value: unknown, ctx: DecodeContext): TokenExpiry {
  const raw = asObject(value, ctx);
  const expiry = decodeExpiry(raw, ctx);
  if (!expiry.neverExpires && expiry.expiresAt === undefined && expiry.expiresAtText === undefined) {
    throw badResponse(ctx, 'expiresAt', l10n.t("the server's answer says nothing about when the token expires"));
  }
  const days = toNumber(raw.timeUntilExpiryDays);
  return {
    id: toId(raw.id),
    // 2.0 puts the name in apiTokenDescription (the bug); a fixed server may say tokenName.
    name: toVisibleText(raw.tokenName) ?? toVisibleText(raw.apiTokenName) ?? toVisibleText(raw.apiTokenDescription),
    ...expiry,
    daysLeft:
      days !== undefined && fromNow(ctx, days, DAY_MS) !== undefined
        ? Math.floor(days)
        : expiry.expiresAt !== undefined
          ? Math.floor((expiry.expiresAt - ctx.receivedAt) / DAY_MS)
          : undefined,
  };
}

/** Absolute expiry from `expiresAtMillis`, else from the answer's arrival + `timeUntilExpiryMillis` (or days). */
function decodeExpiry(
  raw: JsonObject,
  ctx: DecodeContext,
): { expiresAt?: number; expiresAtText?: string; neverExpires: boolean } {
  const expiresAtText = toVisibleText(raw.expiresAt);
  const neverExpires =
    (expiresAtText !== undefined && isWord(expiresAtText, 'never')) ||
    (typeof raw.validForDays === 'string' && isWord(raw.validForDays, 'forever')) ||
    raw.isValidForever === true;
  if (neverExpires) return { expiresAtText, neverExpires };
  const expiresAt =
    toTime(raw.expiresAtMillis) ??
    fromNow(ctx, toNumber(raw.timeUntilExpiryMillis), 1) ??
    fromNow(ctx, toNumber(raw.timeUntilExpiryDays), DAY_MS);
  return { expiresAt, expiresAtText, neverExpires: false };
}

/** `text` is `word` in any case; no regex, as this runs for every record. */
function isWord(text: string, word: string): boolean {
  return text.length === word.length && text.toLowerCase() === word;
}

/** The body as a JSON object, or a `badResponse` saying it is not one. */
function asObject(value: unknown, ctx: DecodeContext): JsonObject {
  if (!isJsonObject(value)) throw badResponse(ctx, 'body', l10n.t("the server's answer is not a JSON object"));
  return value;
}

/** A number, also when sent as a numeric string (the API sends both). */
function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

/** A time within the model's range, else unknown. */
function toTime(value: unknown): number | undefined {
  const n = toNumber(value);
  return n !== undefined && isPlausibleTime(n) ? n : undefined;
}

/** The answer's arrival plus `amount` units, when that is a plausible time. */
function fromNow(ctx: DecodeContext, amount: number | undefined, unitMs: number): number | undefined {
  if (amount === undefined) return undefined;
  const t = ctx.receivedAt + amount * unitMs;
  return isPlausibleTime(t) ? t : undefined;
}

/** An id or count: a safe integer >= 0, sent as a number or a string of digits; anything else is unknown. */
function toId(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  // `+ 0` turns -0 into 0.
  return Number.isSafeInteger(n) && n >= 0 ? n + 0 : undefined;
}

function toText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'boolean') return String(value);
  return undefined;
}

/** Text with something visible in it; blank text is as good as none. */
function toVisibleText(value: unknown): string | undefined {
  const text = toText(value);
  return text !== undefined && !isBlankText(text) ? text : undefined;
}
