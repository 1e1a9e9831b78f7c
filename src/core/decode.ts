// Turns what servers actually send into the model. The vendor's own examples disagree with each
// other (2.0's name-in-description bug, records without id, numbers as strings, two list shapes),
// so every field is checked: what can be kept is kept, and what cannot is named in the error.
import { KantegaError } from './errors';
import { isJsonObject, type JsonObject } from './json';
import type { ApiToken, CreatedToken, PingResult, Snapshot, TokenExpiry } from './model';

export interface DecodeContext {
  /** For messages: "list snapshots". */
  readonly operation: string;
  /** Local clock when the answer arrived: the server's relative times count from here. */
  readonly receivedAt: number;
}

const DAY_MS = 86_400_000;

export function badResponse(ctx: DecodeContext, field: string, problem: string): KantegaError {
  return new KantegaError(
    'badResponse',
    `Could not ${ctx.operation}: the server's answer ${problem} (field "${field}"). The server may run an unsupported Kantega SSO version, or something between you and it changed the answer.`,
    { field },
  );
}

/** Parses a JSON body; a body that is not JSON becomes a `badResponse` naming the body, never `Unexpected token`. */
export function parseJson(body: string, ctx: DecodeContext): unknown {
  try {
    return JSON.parse(body);
  } catch {
    const start = body.trim().slice(0, 40).replace(/\s+/g, ' ');
    throw badResponse(ctx, 'body', `is not valid JSON${start ? ` (it starts with "${start}")` : ' (it is empty)'}`);
  }
}

export function decodePing(value: unknown, ctx: DecodeContext & { sentAt: number }): PingResult {
  const body = asObject(value, ctx, 'body', 'is not a JSON object');
  const serverTime = toNumber(body.timestamp);
  if (serverTime === undefined) {
    throw badResponse(
      ctx,
      'timestamp',
      body.timestamp === undefined ? 'has no server time' : 'has a server time that is not a number',
    );
  }
  if (body.response !== undefined && body.response !== 'pong') {
    throw badResponse(ctx, 'response', `says "${String(body.response).slice(0, 40)}" instead of "pong"`);
  }
  const roundTripMs = Math.max(0, ctx.receivedAt - ctx.sentAt);
  // The server read its clock roughly halfway through the round trip.
  const clockSkewMs = Math.round(serverTime - (ctx.sentAt + roundTripMs / 2));
  return { serverTime, clockSkewMs, roundTripMs, serverDateTime: toText(body.datetime) };
}

/** Snapshots newest first. Records without an id cannot be restored, so they are left out. */
export function decodeSnapshots(value: unknown, ctx: DecodeContext): Snapshot[] {
  const list = Array.isArray(value)
    ? value
    : isJsonObject(value) && Array.isArray(value.snapshots)
      ? value.snapshots
      : undefined;
  if (!list) throw badResponse(ctx, 'body', 'is not a list of snapshots');
  const snapshots = list
    .filter(isJsonObject)
    .map((raw) => decodeSnapshot(raw))
    .filter((s): s is Snapshot => s !== undefined);
  return snapshots.sort((a, b) => (b.timeMillis ?? 0) - (a.timeMillis ?? 0));
}

export function decodeSnapshot(raw: JsonObject): Snapshot | undefined {
  const id = toText(raw.id);
  if (!id) return undefined;
  return {
    id,
    description: toText(raw.description) ?? toText(raw.filename) ?? id,
    filename: toText(raw.filename),
    timeMillis: toNumber(raw.timeMillis),
    applicationName: toText(raw.applicationName),
    applicationVersion: toText(raw.applicationVersion),
    pluginVersion: toText(raw.pluginVersion),
    baseUrl: toText(raw.baseUrl),
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
  if (!list) throw badResponse(ctx, 'allApiTokens', 'is not a list of API tokens');
  return list.filter(isJsonObject).map((raw) => decodeToken(raw, ctx));
}

/**
 * One token record. Name and description: when `tokenName` is present both mean what they say
 * (API 3.0, POST answers, a fixed 2.0); without it, `description` carries the name (API 1.0, and
 * 2.0's GET bug) and the real description is unknown.
 */
export function decodeToken(raw: JsonObject, ctx: DecodeContext): ApiToken {
  const id = toInteger(raw.id);
  const tokenName = toText(raw.tokenName);
  const description = toText(raw.description);
  const name = tokenName ?? description ?? (id !== undefined ? `Token ${id}` : 'Unnamed token');
  const expiry = decodeExpiry(raw, ctx);
  const validFor = toText(raw.validForDays);
  return {
    id,
    name,
    description: tokenName !== undefined ? (description ?? '') : undefined,
    descriptionUnknown: tokenName === undefined,
    username: toText(raw.username),
    createdAt: toNumber(raw.createdAtMillis),
    createdAtText: toText(raw.createdAt),
    ...expiry,
    validForDays: validFor !== undefined && /^\d+$/.test(validFor) ? Number(validFor) : undefined,
    actionable: id !== undefined,
  };
}

export function decodeCreatedToken(value: unknown, ctx: DecodeContext): CreatedToken {
  const raw = asObject(value, ctx, 'body', 'is not a JSON object');
  const secret = toText(raw.apiToken);
  if (!secret) {
    throw new KantegaError(
      'badResponse',
      `Could not ${ctx.operation}: the server answered without the token's secret (field "apiToken"). The token may have been created anyway: refresh, delete it if it is there, and create it again.`,
      { field: 'apiToken' },
    );
  }
  const token = decodeToken(raw, ctx);
  // Create answers carry no creation time: the token was made just before the answer arrived.
  return { ...token, createdAt: token.createdAt ?? ctx.receivedAt, secret };
}

export function decodeTokenExpiry(value: unknown, ctx: DecodeContext): TokenExpiry {
  const raw = asObject(value, ctx, 'body', 'is not a JSON object');
  const expiry = decodeExpiry(raw, ctx);
  if (!expiry.neverExpires && expiry.expiresAt === undefined && expiry.expiresAtText === undefined) {
    throw badResponse(ctx, 'expiresAt', 'says nothing about when the token expires');
  }
  const days = toNumber(raw.timeUntilExpiryDays);
  return {
    id: toInteger(raw.id),
    // 2.0 puts the name in apiTokenDescription (the bug); a fixed server may say tokenName.
    name: toText(raw.tokenName) ?? toText(raw.apiTokenName) ?? toText(raw.apiTokenDescription),
    ...expiry,
    daysLeft:
      days ?? (expiry.expiresAt !== undefined ? Math.floor((expiry.expiresAt - ctx.receivedAt) / DAY_MS) : undefined),
  };
}

/** Absolute expiry from `expiresAtMillis`, else from the answer's arrival + `timeUntilExpiryMillis`. */
function decodeExpiry(
  raw: JsonObject,
  ctx: DecodeContext,
): { expiresAt?: number; expiresAtText?: string; neverExpires: boolean } {
  const expiresAtText = toText(raw.expiresAt);
  const neverExpires =
    (expiresAtText !== undefined && /^never$/i.test(expiresAtText)) ||
    /^forever$/i.test(toText(raw.validForDays) ?? '') ||
    raw.isValidForever === true;
  if (neverExpires) return { expiresAtText, neverExpires };
  const absolute = toNumber(raw.expiresAtMillis);
  const relative = toNumber(raw.timeUntilExpiryMillis);
  const relativeDays = toNumber(raw.timeUntilExpiryDays);
  const expiresAt =
    absolute ??
    (relative !== undefined
      ? ctx.receivedAt + relative
      : relativeDays !== undefined
        ? ctx.receivedAt + relativeDays * DAY_MS
        : undefined);
  return { expiresAt, expiresAtText, neverExpires: false };
}

function asObject(value: unknown, ctx: DecodeContext, field: string, problem: string): JsonObject {
  if (!isJsonObject(value)) throw badResponse(ctx, field, problem);
  return value;
}

/** A number, also when sent as a numeric string (the API sends both). */
function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

function toInteger(value: unknown): number | undefined {
  const n = toNumber(value);
  return n !== undefined && Number.isInteger(n) ? n : undefined;
}

function toText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}
