// Property-based checks of everything that turns server answers into text a person sees (issue #11
// "Every answer survives"). Defined once here: the *.property.test.ts files run them with a fixed
// seed and a few hundred cases, scripts/fuzz.ts runs them with many more.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { describeClockSkew, isClockSkewRisky } from '../../src/core/api/clockSkew';
import { decodeIdentityProviders, decodeManagedGroups, sortedGroupNames } from '../../src/core/api/identityProviders';
import {
  decodeCreatedToken,
  decodePing,
  decodeSnapshot,
  decodeSnapshots,
  decodeToken,
  decodeTokenExpiry,
  decodeTokenList,
  parseJson,
  type DecodeContext,
} from '../../src/core/api/decode';
import { KantegaError } from '../../src/core/errors';
import { describeExpiry, expiryUrgency, formatDateTime, formatRelativeTime } from '../../src/core/text/format';
import { isJsonObject, type JsonObject } from '../../src/core/json';
import { createRedactor } from '../../src/core/transport/redact';
import { HttpTransport } from '../../src/core/transport/http';
import type { HttpResponse } from '../../src/core/transport/httpMessages';
import { decodeEntities } from '../../src/core/transport/transportWords';
import type { ApiToken, IdentityProvider, PingResult, Snapshot, TokenExpiry } from '../../src/core/model';
import {
  csvCell,
  displayText,
  escapeHtml,
  escapeMarkdown,
  inertMessageText,
  isBlankText,
  pickRowText,
} from '../../src/core/text/displayText';
import { groupByOwner, sortByExpiry } from '../../src/core/api/tokenList';
import {
  createdTokenAnswers,
  identityProviderAnswers,
  managedGroupAnswers,
  pingAnswers,
  snapshotListAnswers,
  tokenExpiryAnswers,
  tokenListAnswers,
  tokenRecords,
} from './answers';

/** A property with its generators, run by the tests (assert) and by scripts/fuzz.ts (check). */
export interface NamedProperty {
  assert(params: { seed?: number; numRuns?: number }): void;
  check(params: { seed?: number; numRuns?: number }): { failed: boolean; numRuns: number; report: string };
}

function named<Ts extends [unknown, ...unknown[]]>(property: fc.IPropertyWithHooks<Ts>): NamedProperty {
  return {
    assert: (params) => fc.assert(property, params),
    check: (params) => {
      const details = fc.check(property, params);
      return { failed: details.failed, numRuns: details.numRuns, report: fc.defaultReportMessage(details) ?? '' };
    },
  };
}

/** Fixed so that `npm test` is reproducible; scripts/fuzz.ts picks its own. */
export const SEED = 20261123;
/** Cases per property in `npm test`; FUZZ_RUNS raises it. */
export const NUM_RUNS = Number(process.env.FUZZ_RUNS) || 300;

/** The plausible range of times: 1970-01-01 to 9999-12-31 (the model's invariant). */
const EARLIEST = 0;
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
export const NOW = Date.UTC(2022, 0, 5, 12, 0, 0);
const ctx: DecodeContext = { operation: 'list your API tokens', receivedAt: NOW };
const pingCtx = { operation: 'check Kantega SSO', receivedAt: NOW, sentAt: NOW - 200 };

// ---------------------------------------------------------------------------------------------
// What VS Code's notifications and quick inputs render as links: a mirror of LINK_REGEX in
// vscode's src/vs/base/common/linkedText.ts (parseLinkedText). It has no backslash escapes.

const LINK_REGEX = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;

export function linksIn(text: string): string[] {
  return [...text.matchAll(LINK_REGEX)].map((m) => m[2]);
}

// ---------------------------------------------------------------------------------------------
// Generators.

/** Characters that change how text around them is shown, or that break naive string code. */
const trickyChars = [
  '\u202E', // right-to-left override
  '\u202A',
  '\u2066', // left-to-right isolate
  '\u2069',
  '\u200E',
  '\u200F',
  '\u061C',
  '\u200B',
  '\u200D',
  '\uFEFF',
  '\u0000',
  '\u0007',
  '\u001B',
  '\u007F',
  '\u0085',
  '\u009B',
  '\u00A0',
  '\u2028',
  '\u3000',
  '\t',
  '\n',
  '\r',
  ' ',
  '\uD83D', // lone high surrogate
  '\uDE42', // lone low surrogate
  '\uD83D\uDE42', // a pair
  '[',
  ']',
  '(',
  ')',
  '\\',
  '/',
  '.',
  '=',
  '+',
  '-',
  '@',
  '"',
  "'",
  ',',
  '<',
  '>',
  '&',
  '$',
  '*',
  '_',
  '`',
  '#',
  'a',
  'Z',
  '7',
  'é',
];

export const trickyString = fc.oneof(
  fc.string({ unit: fc.constantFrom(...trickyChars), maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom(
    '',
    ' ',
    '\t\n ',
    '\u202Egnp.exe',
    '\u2066admin\u2069',
    '[click](command:workbench.action.quit)',
    '[x](https://evil.example "t")',
    '\\[x\\](command:y)',
    '.',
    '..',
    '../../etc',
    'a/b',
    'a\\b',
    'x\u0000y',
    'NaN',
    'Infinity',
    '-Infinity',
    'undefined',
    '[object Object]',
    '1e21',
    '9007199254740993',
    '-1',
    '0',
    '-0',
    ' 12 ',
    '1.5',
    '0x10',
    '١٢٣',
    'Never',
    'NEVER',
    'Forever',
    'false',
    'pong',
    ' pong',
    '=HYPERLINK("http://x")',
    'x'.repeat(5000),
    '\uD800',
  ),
);

const edgeNumbers = fc.constantFrom(
  0,
  -0,
  -1,
  1,
  0.5,
  -0.5,
  2 ** 53 - 1,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53) - 2,
  1e21,
  -1e21,
  1e308,
  -1e308,
  5e-324,
  LATEST,
  LATEST + 1,
  8.64e15,
  8.64e15 + 1,
  NOW,
  2586019515,
  1641368491561,
);

const junk: fc.Arbitrary<unknown> = fc.constantFrom(
  {},
  [],
  [[[]]],
  { toString: 'x' },
  { valueOf: 1, toString: 1 },
  { response: 'pong' },
  JSON.parse('{"__proto__": {"toString": "x"}}') as unknown,
  [1, '2', null],
  null,
  true,
  false,
);

/** Any JSON value, weighted towards the ones that broke decoders before. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: edgeNumbers, weight: 3 },
  { arbitrary: trickyString, weight: 3 },
  { arbitrary: junk, weight: 2 },
  { arbitrary: fc.double(), weight: 1 },
  { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 1 },
);

const fieldNames = [
  'id',
  'tokenName',
  'description',
  'username',
  'createdAt',
  'createdAtMillis',
  'expiresAt',
  'expiresAtMillis',
  'timeUntilExpiryMillis',
  'timeUntilExpiryDays',
  'validForDays',
  'isValidForever',
  'apiToken',
  'apiTokenName',
  'apiTokenDescription',
  'timestamp',
  'response',
  'datetime',
  'timeMillis',
  'filename',
  'readable',
  'applicationName',
  'baseUrl',
  'allApiTokens',
  'apiTokens',
  'snapshots',
  'toString',
  'constructor',
];

type Path = Array<string | number>;

function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const out: Path[] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...prefix, i])));
  else if (isJsonObject(value))
    for (const key of Object.keys(value)) out.push(...pathsOf(value[key], [...prefix, key]));
  return out;
}

interface Mutation {
  readonly at: number;
  readonly kind: 'drop' | 'set' | 'add' | 'duplicate';
  readonly key: string;
  readonly value: unknown;
}

function applyMutation(doc: unknown, m: Mutation): unknown {
  const paths = pathsOf(doc);
  const path = paths[m.at % paths.length];
  if (path.length === 0) return m.kind === 'set' ? structuredClone(m.value) : doc;
  let parent = doc as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  const target = parent[last];
  // A copy: the generated value may be a shared constant, and later mutations change it in place.
  const value = structuredClone(m.value);
  if (m.kind === 'drop') {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else if (m.kind === 'set') {
    parent[last] = value;
  } else if (m.kind === 'add' && isJsonObject(target)) {
    Object.defineProperty(target, m.key, { value, enumerable: true, writable: true, configurable: true });
  } else if (m.kind === 'duplicate' && Array.isArray(parent)) {
    parent.push(structuredClone(target));
  }
  return doc;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('drop', 'set', 'set', 'set', 'add', 'duplicate'),
  key: fc.constantFrom(...fieldNames),
  value: hostileValue,
});

/** A documented answer with one to four fields dropped, retyped, pushed to their edges or added. */
export function mutated(docs: readonly unknown[]): fc.Arbitrary<unknown> {
  return fc
    .tuple(fc.constantFrom(...docs), fc.array(mutation, { minLength: 1, maxLength: 4 }))
    .map(([doc, mutations]) => mutations.reduce(applyMutation, structuredClone(doc)));
}

/** Arbitrary JSON, and arbitrary JavaScript values beyond it. */
export const arbitraryValue: fc.Arbitrary<unknown> = fc.oneof(fc.jsonValue(), fc.anything(), hostileValue);

// ---------------------------------------------------------------------------------------------
// The invariants.

const FORBIDDEN = /undefined|NaN|Infinity|\[object Object\]|\n {4}at /;

/** Text a person may see: a string, without the words of a bug, bidi or control characters, or links. */
export function assertShownText(text: unknown, what: string): void {
  assert.equal(typeof text, 'string', `${what} is not a string`);
  const s = text as string;
  assert.ok(!FORBIDDEN.test(s), `${what} prints ${JSON.stringify(s)}`);
}

function assertTime(t: unknown, what: string): void {
  if (t === undefined) return;
  assert.ok(typeof t === 'number' && t >= EARLIEST && t <= LATEST, `${what} is not a plausible time: ${String(t)}`);
}

function assertOptionalText(s: unknown, what: string): void {
  if (s !== undefined) assert.equal(typeof s, 'string', `${what} is not a string`);
}

function assertVisible(s: unknown, what: string): void {
  assert.equal(typeof s, 'string', `${what} is not a string`);
  assert.ok(!isBlankText(s as string), `${what} is blank: ${JSON.stringify(s)}`);
}

function assertId(id: unknown, what: string): void {
  if (id === undefined) return;
  assert.ok(Number.isSafeInteger(id) && (id as number) >= 0 && !Object.is(id, -0), `${what} is ${String(id)}`);
}

/** Server text a message quotes, which may say anything (`NaN` included): the other words are ours. */
const QUOTED_ECHO = /(?<=starts with |says )"[\s\S]*?"(?=\) \(field "| instead of ")/;

/** A KantegaError whose message a person can read. */
export function assertCleanError(e: unknown): void {
  if (!(e instanceof KantegaError)) throw new Error(`escaped as ${String(e)}`);
  assert.equal(e.kind, 'badResponse');
  assertShownText(e.message.replace(QUOTED_ECHO, '""'), 'the error message');
  assert.equal(displayText(e.message, Infinity), e.message, 'the error message has control characters');
  assert.deepEqual(linksIn(e.message), [], 'the error message has a link');
}

function assertExpiryTexts(t: ApiToken | TokenExpiry): void {
  assertShownText(describeExpiry(t, NOW), 'describeExpiry');
  assert.ok(['expired', 'soon', 'ok', 'never', 'unknown'].includes(expiryUrgency(t, NOW, 14)));
  if (t.expiresAt !== undefined) {
    assertShownText(formatDateTime(t.expiresAt), 'formatDateTime(expiresAt)');
    assertShownText(formatRelativeTime(t.expiresAt, NOW), 'formatRelativeTime(expiresAt)');
  }
}

export function assertToken(t: ApiToken): void {
  assertId(t.id, 'id');
  assert.equal(t.actionable, t.id !== undefined, 'actionable without an id, or not with one');
  assertVisible(t.name, 'name');
  assertOptionalText(t.description, 'description');
  assert.equal(t.descriptionUnknown, t.description === undefined, 'descriptionUnknown disagrees with description');
  assertOptionalText(t.username, 'username');
  assertOptionalText(t.createdAtText, 'createdAtText');
  assertOptionalText(t.expiresAtText, 'expiresAtText');
  assertTime(t.createdAt, 'createdAt');
  assertTime(t.expiresAt, 'expiresAt');
  assert.equal(typeof t.neverExpires, 'boolean');
  if (t.neverExpires) assert.equal(t.expiresAt, undefined, 'a token that never expires has an expiry');
  assertId(t.validForDays, 'validForDays');
  assertExpiryTexts(t);
  if (t.createdAt !== undefined) assertShownText(formatDateTime(t.createdAt), 'formatDateTime(createdAt)');
}

function assertTokenExpiry(t: TokenExpiry): void {
  assertId(t.id, 'id');
  if (t.name !== undefined) assertVisible(t.name, 'name');
  assertOptionalText(t.expiresAtText, 'expiresAtText');
  assertTime(t.expiresAt, 'expiresAt');
  assert.ok(
    t.neverExpires || t.expiresAt !== undefined || t.expiresAtText !== undefined,
    'an expiry answer that says nothing',
  );
  if (t.daysLeft !== undefined) assert.ok(Number.isSafeInteger(t.daysLeft), `daysLeft is ${t.daysLeft}`);
  assertExpiryTexts(t);
}

/** Characters that make a snapshot id unsafe to put in a restore URL. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_ID = /[/\\\u0000-\u001F\u007F-\u009F]/;

export function assertSnapshot(s: Snapshot): void {
  assertVisible(s.id, 'id');
  assert.ok(s.id !== '.' && s.id !== '..' && !UNSAFE_ID.test(s.id), `unsafe id ${JSON.stringify(s.id)}`);
  assertVisible(s.description, 'description');
  for (const key of ['filename', 'applicationName', 'applicationVersion', 'pluginVersion', 'baseUrl'] as const) {
    assertOptionalText(s[key], key);
  }
  assertTime(s.timeMillis, 'timeMillis');
  assert.equal(typeof s.readable, 'boolean');
  if (s.timeMillis !== undefined) {
    assertShownText(formatDateTime(s.timeMillis), 'formatDateTime(timeMillis)');
    assertShownText(formatRelativeTime(s.timeMillis, NOW), 'formatRelativeTime(timeMillis)');
  }
}

function assertPing(p: PingResult): void {
  assertTime(p.serverTime, 'serverTime');
  assert.ok(p.serverTime !== undefined);
  assert.ok(Number.isFinite(p.clockSkewMs) && Number.isFinite(p.roundTripMs) && p.roundTripMs >= 0);
  assertOptionalText(p.serverZone, 'serverZone');
  if (p.serverZone !== undefined) assert.match(p.serverZone, /^UTC([+-]\d\d:\d\d)?( \([\w+\-/]+\))?$/);
  assertShownText(describeClockSkew(p.clockSkewMs), 'describeClockSkew');
  assert.equal(typeof isClockSkewRisky(p.clockSkewMs), 'boolean');
}

/** Runs `decode`; what it returns must pass `check`, and what it throws must be a clean KantegaError. */
function survives<T>(decode: () => T, check: (value: T) => void): void {
  let value: T;
  try {
    value = decode();
  } catch (e) {
    assertCleanError(e);
    return;
  }
  check(value);
}

function assertTokenList(tokens: ApiToken[]): void {
  assert.ok(Array.isArray(tokens));
  tokens.forEach(assertToken);
  // The tree sorts and groups what the decoder returns.
  assert.equal(sortByExpiry(tokens).length, tokens.length);
  assert.equal(
    groupByOwner(tokens).reduce((n, g) => n + g.tokens.length, 0),
    tokens.length,
  );
}

function assertIdentityProviders(providers: IdentityProvider[]): void {
  assert.ok(Array.isArray(providers));
  const ids = new Set<string>();
  for (const p of providers) {
    assert.equal(typeof p.id, 'string');
    assert.ok(!isBlankText(p.id), 'blank IdP id');
    assert.ok(!ids.has(p.id), 'IdP id listed twice');
    ids.add(p.id);
    assertVisible(p.name, 'IdP name');
  }
}

function assertManagedGroups(groups: string[]): void {
  assert.ok(Array.isArray(groups));
  for (const group of groups) assertVisible(group, 'group name');
  // What the tree shows: each name once, in one order.
  const shown = sortedGroupNames(groups);
  assert.equal(shown.length, new Set(groups).size);
  for (let i = 1; i < shown.length; i++) assert.ok(shown[i - 1] < shown[i], 'not unique and sorted');
}

function assertSnapshotList(snapshots: Snapshot[]): void {
  assert.ok(Array.isArray(snapshots));
  snapshots.forEach(assertSnapshot);
  for (let i = 1; i < snapshots.length; i++) {
    assert.ok((snapshots[i - 1].timeMillis ?? 0) >= (snapshots[i].timeMillis ?? 0), 'not newest first');
  }
}

// ---------------------------------------------------------------------------------------------
// The properties, by name. Each takes one generated input.

const REDACTED = 'S3CRETVALUE';
const redactCtx: DecodeContext = { ...ctx, redact: (text) => text.split(REDACTED).join('***') };

export const decodeChecks = {
  decodePing: (v: unknown) => survives(() => decodePing(v, pingCtx), assertPing),
  decodeSnapshots: (v: unknown) => {
    let skipped = 0;
    survives(
      () => decodeSnapshots(v, { ...ctx, onSkipped: (n) => (skipped += n) }),
      (snapshots) => {
        assertSnapshotList(snapshots);
        const list = Array.isArray(v) ? v : (v as JsonObject).snapshots;
        assert.equal(snapshots.length + skipped, (list as unknown[]).length, 'records lost without a count');
      },
    );
  },
  decodeSnapshot: (v: unknown) =>
    survives(
      () => (isJsonObject(v) ? decodeSnapshot(v) : undefined),
      (s) => s && assertSnapshot(s),
    ),
  decodeTokenList: (v: unknown) => survives(() => decodeTokenList(v, ctx), assertTokenList),
  decodeToken: (v: unknown) =>
    survives(
      () => (isJsonObject(v) ? decodeToken(v, ctx) : undefined),
      (t) => t && assertToken(t),
    ),
  decodeCreatedToken: (v: unknown) =>
    survives(
      () => decodeCreatedToken(v, ctx),
      (t) => {
        assertToken(t);
        assertVisible(t.secret, 'secret');
      },
    ),
  decodeTokenExpiry: (v: unknown) => survives(() => decodeTokenExpiry(v, ctx), assertTokenExpiry),
  decodeIdentityProviders: (v: unknown) => {
    let skipped = 0;
    survives(
      () => decodeIdentityProviders(v, { ...ctx, onSkipped: (n) => (skipped += n) }),
      (providers) => {
        assertIdentityProviders(providers);
        assert.equal(providers.length + skipped, (v as unknown[]).length, 'records lost without a count');
      },
    );
  },
  decodeManagedGroups: (v: unknown) => {
    let skipped = 0;
    survives(
      () => decodeManagedGroups(v, { ...ctx, onSkipped: (n) => (skipped += n) }),
      (groups) => {
        assertManagedGroups(groups);
        assert.equal(groups.length + skipped, (v as unknown[]).length, 'entries lost without a count');
      },
    );
  },
};

const documented: Record<keyof typeof decodeChecks, readonly unknown[]> = {
  decodePing: pingAnswers,
  decodeSnapshots: snapshotListAnswers,
  decodeSnapshot: (snapshotListAnswers[0] as JsonObject[]).slice(),
  decodeTokenList: tokenListAnswers,
  decodeToken: tokenRecords,
  decodeCreatedToken: createdTokenAnswers,
  decodeTokenExpiry: tokenExpiryAnswers,
  decodeIdentityProviders: identityProviderAnswers,
  decodeManagedGroups: managedGroupAnswers,
};

/** A body: documented answers as JSON text, cut short, with text around them, or any text at all. */
const body: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(mutated([...tokenListAnswers, ...pingAnswers, ...snapshotListAnswers]), fc.nat(), trickyString)
    .map(([doc, cut, extra]) => {
      const json = JSON.stringify(doc) ?? '';
      return cut % 3 === 0 ? json : cut % 3 === 1 ? json.slice(0, cut % (json.length + 1)) : extra + json;
    }),
  fc.tuple(trickyString, trickyString).map(([a, b]) => `${a}${REDACTED}${b}`),
  fc.string({ unit: 'binary' }),
  trickyString,
);

/** Every property, by name: the test files and scripts/fuzz.ts run these. */
export function decodeProperties(): Record<string, NamedProperty> {
  const out: Record<string, NamedProperty> = {};
  for (const [name, check] of Object.entries(decodeChecks)) {
    out[`${name}: mutated documented answers`] = named(
      fc.property(mutated(documented[name as keyof typeof decodeChecks]), check),
    );
    out[`${name}: arbitrary values`] = named(fc.property(arbitraryValue, check));
  }
  return out;
}

export function parseJsonProperties(): Record<string, NamedProperty> {
  return {
    'parseJson: any body': named(
      fc.property(body, (text) => {
        let parsed: unknown;
        try {
          parsed = parseJson(text, redactCtx);
        } catch (e) {
          assertCleanError(e);
          assert.ok(!(e as Error).message.includes(REDACTED), 'the secret is in the message');
          return;
        }
        assert.deepEqual(parsed, JSON.parse(text));
      }),
    ),
    'decodePing: the response echo is redacted': named(
      fc.property(trickyString, trickyString, (a, b) => {
        try {
          decodePing({ response: `${a}${REDACTED}${b}`, timestamp: NOW }, { ...redactCtx, sentAt: NOW });
        } catch (e) {
          assertCleanError(e);
          assert.ok(!(e as Error).message.includes(REDACTED), 'the secret is in the message');
        }
      }),
    ),
  };
}

/** Any number at all, with the edges (NaN, infinities, beyond Date's range) made likely. */
const anyNumber: fc.Arbitrary<number> = fc.oneof(
  edgeNumbers,
  fc.double(),
  fc.constantFrom(NaN, Infinity, -Infinity),
  fc.integer({ min: EARLIEST, max: LATEST }),
);

function anyToken(expiresAt: number, neverExpires: boolean): ApiToken {
  return { id: 1, name: 'ci', descriptionUnknown: false, neverExpires, actionable: true, expiresAt };
}

export function formatProperties(): Record<string, NamedProperty> {
  return {
    'formatRelativeTime: any two numbers': named(
      fc.property(anyNumber, anyNumber, (t, now) => assertShownText(formatRelativeTime(t, now), 'formatRelativeTime')),
    ),
    'describeExpiry and expiryUrgency: any expiry and now': named(
      fc.property(anyNumber, anyNumber, (t, now) => {
        for (const never of [false, true]) {
          assertShownText(describeExpiry(anyToken(t, never), now), 'describeExpiry');
          const urgency = expiryUrgency(anyToken(t, never), now, 14);
          assert.ok(['expired', 'soon', 'ok', 'never', 'unknown'].includes(urgency), urgency);
        }
      }),
    ),
    'formatDateTime and describeClockSkew: any number': named(
      fc.property(anyNumber, anyNumber, (t, skew) => {
        const date = formatDateTime(t);
        assertShownText(date, 'formatDateTime');
        assert.match(date, /^(\d{4,5}-\d\d-\d\d \d\d:\d\d|unknown date)$/);
        assertShownText(describeClockSkew(skew), 'describeClockSkew');
      }),
    ),
  };
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_OR_BIDI = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function assertOneLine(out: string, maxLength: number): void {
  assert.ok(!CONTROL_OR_BIDI.test(out), `control or bidi character in ${JSON.stringify(out)}`);
  assert.ok(!LONE_SURROGATE.test(out), `lone surrogate in ${JSON.stringify(out)}`);
  assert.ok(!/^\s|\s$|\s\s|[^\S ]/.test(out), `stray whitespace in ${JSON.stringify(out)}`);
  assert.ok(out.length <= maxLength, `longer than ${maxLength}: ${out.length}`);
}

/** Undoes RFC 4180 quoting of one cell. */
function readCsvCell(cell: string): string {
  if (!cell.startsWith('"')) {
    assert.ok(!/[",\r\n]/.test(cell), `unquoted cell with a special character: ${JSON.stringify(cell)}`);
    return cell;
  }
  assert.ok(cell.endsWith('"') && cell.length >= 2);
  const inner = cell.slice(1, -1);
  assert.ok(!/(^|[^"])"("")*([^"]|$)/.test(inner), 'an unescaped quote inside');
  return inner.replace(/""/g, '"');
}

const maxLength = fc.oneof(fc.integer({ min: 1, max: 60 }), fc.constant(200));

export function textProperties(): Record<string, NamedProperty> {
  return {
    'displayText: one clean line within maxLength, idempotent': named(
      fc.property(trickyString, maxLength, (s, max) => {
        const out = displayText(s, max);
        assertOneLine(out, max);
        assert.equal(displayText(out, max), out, 'not idempotent');
        const full = displayText(s, Infinity);
        if (out !== full) {
          assert.ok(out.endsWith('\u2026'), 'shortened without an ellipsis');
          assert.ok(full.startsWith(out.slice(0, -1)), 'shortened text is not a prefix');
        }
      }),
    ),
    'isBlankText: blank exactly when nothing visible is left': named(
      fc.property(trickyString, (s) => {
        // Joiners are kept in display text (emoji sequences need them) but show nothing on their own.
        assert.equal(isBlankText(s), displayText(s, Infinity).replace(/[\u200C\u200D\s]/g, '') === '');
      }),
    ),
    'inertMessageText: never a link in a notification': named(
      fc.property(
        fc.oneof(
          trickyString,
          fc.tuple(trickyString, trickyString).map(([a, b]) => `[${a}](command:${b})`),
        ),
        maxLength,
        (s, max) => {
          const out = inertMessageText(s, max);
          assertOneLine(out, max);
          assert.deepEqual(linksIn(out), [], `a link in ${JSON.stringify(out)}`);
          // Messages put server strings side by side: together they are no link either.
          const joined = out + inertMessageText(`(command:x)${s}`, max);
          assert.deepEqual(linksIn(joined), [], `a link in ${JSON.stringify(joined)}`);
        },
      ),
    ),
    'escapeMarkdown: no markdown syntax survives': named(
      fc.property(trickyString, maxLength, (s, max) => {
        const out = escapeMarkdown(s, max);
        const unescaped = out.replace(/\\[!-/:-@[-`{-~]/g, '');
        assert.ok(!/[!-/:-@[-`{-~]/.test(unescaped), `unescaped punctuation in ${JSON.stringify(out)}`);
        assert.equal(out.replace(/\\([!-/:-@[-`{-~])/g, '$1'), displayText(s, max));
      }),
    ),
    'pickRowText: no codicon syntax survives, and it reads back': named(
      fc.property(
        fc.oneof(
          trickyString,
          fc.tuple(trickyString, trickyString).map(([a, b]) => `${a}$(${b})`),
        ),
        maxLength,
        (s, max) => {
          const out = pickRowText(s, max);
          // Quick picks render $(name) unless a backslash stands right before it.
          assert.ok(!/(^|[^\\])\$\(/.test(out), `icon syntax in ${JSON.stringify(out)}`);
          assert.equal(out.replace(/\\\$\(/g, '$('), displayText(s, max));
        },
      ),
    ),
    'escapeHtml: no markup survives, and it reads back': named(
      fc.property(trickyString, (s) => {
        const out = escapeHtml(s);
        assert.ok(!/[<>"']|&(?!(amp|lt|gt|quot|#39);)/.test(out), `markup in ${JSON.stringify(out)}`);
        const back = out
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&quot;/g, '"')
          .replace(/&#39;/g, "'")
          .replace(/&amp;/g, '&');
        assert.equal(back, s);
      }),
    ),
    'csvCell: one RFC 4180 cell that no spreadsheet takes for a formula': named(
      fc.property(trickyString, (s) => {
        const value = readCsvCell(csvCell(s));
        assert.ok(!/^[=+\-@\t\r]/.test(value), `formula ${JSON.stringify(value)}`);
        assert.equal(value, /^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
      }),
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// The redactor: whatever the secret and however a server echoes it, the message holds none of it.

const secretChars = [...'abcXYZ0129:&$%+/=;#<>"\' ü€😀'];
/** Secrets from four characters up (shorter ones are masked as whole words only, tested by example). */
const secretArb = fc.string({ unit: fc.constantFrom(...secretChars), minLength: 4, maxLength: 24 });
const usernameArb = fc.string({ unit: fc.constantFrom(...'admin.@-_ü'), minLength: 1, maxLength: 12 });

const toBase64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** Ways a server, a proxy or an error page echoes a secret; `n` picks the details (where to split...). */
const echoForms: Record<string, (secret: string, username: string, n: number) => string> = {
  raw: (s) => s,
  'Basic header': (s, u) => `Authorization: Basic ${toBase64(`${u}:${s}`)}`,
  'Basic value wrapped': (s, u, n) => toBase64(`${u}:${s}`).replace(new RegExp(`(.{${(n % 7) + 4}})`, 'g'), '$1\r\n'),
  Bearer: (s) => `Bearer ${s}`,
  base64: (s) => toBase64(s),
  'base64 without padding': (s) => toBase64(s).replace(/=+$/, ''),
  encodeURIComponent: (s) => encodeURIComponent(s),
  'percent-encoding, lower-case hex': (s) => encodeURIComponent(s).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()),
  'form encoding': (s) => new URLSearchParams({ a: s }).toString().slice(2),
  'split by a line break': (s, _u, n) => {
    const chars = Array.from(s);
    const at = (n % (chars.length - 1)) + 1;
    return `${chars.slice(0, at).join('')}\n${chars.slice(at).join('')}`;
  },
  'spaces between characters': (s) => Array.from(s).join(' '),
  'HTML entities': (s, _u, n) =>
    Array.from(s)
      .map((c, i) => {
        const code = c.codePointAt(0) as number;
        const pick = (n >> (i % 16)) & 3;
        return pick === 0
          ? c
          : pick === 1
            ? `&#${code};`
            : pick === 2
              ? `&#x${code.toString(16)};`
              : `&#X${code.toString(16).toUpperCase()};`;
      })
      .join(''),
};

export function redactProperties(): Record<string, NamedProperty> {
  return {
    'createRedactor: no echo of a secret survives, in any form, among any text': named(
      fc.property(
        secretArb,
        usernameArb,
        fc.constantFrom(...Object.keys(echoForms)),
        fc.nat(),
        trickyString,
        trickyString,
        (secret, username, form, n, before, after) => {
          const echo = echoForms[form](secret, username, n);
          const out = createRedactor({ secrets: [secret], username })(`${before}${echo}${after}`);
          assert.ok(!out.includes(echo), `the ${form} form survives in ${JSON.stringify(out)}`);
          assert.ok(!out.includes(secret), `the secret survives in ${JSON.stringify(out)}`);
          assert.ok(out.includes('***'), 'nothing masked');
        },
      ),
    ),
    'createRedactor: text holding no form of the secret is left as it was': named(
      fc.property(
        secretArb,
        usernameArb,
        // No ASCII letter, digit or punctuation: every echo form of a secret needs some.
        fc.string({ unit: fc.constantFrom(...' \n\tæøå中文ß\u202E\u00A0'), maxLength: 40 }),
        (secret, username, text) => {
          assert.equal(createRedactor({ secrets: [secret], username })(text), text);
        },
      ),
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// The transport's words for an error status (issue #15): whatever the status, headers and body, the
// message reads as ours, holds no secret, names a page's title at most once, and hands on a login
// page or a redirect host only by the rules (own origin; a plain host name).

const INSTANCE = 'https://jira.example.com/jira';
/** Words that only reach a message by mistake, in server text too (so that generated text holds none). */
const BUG_WORDS = /undefined|NaN|Infinity|\[object Object\]/;
/** Server text without the words of a bug, however entities and invisible characters would join them. */
const serverText = trickyString.filter((s) => !BUG_WORDS.test(displayText(decodeEntities(s), Infinity)));

const hostileUrl: fc.Arbitrary<string> = fc.oneof(
  serverText,
  fc.constantFrom(
    '/jira/login.jsp',
    'login.jsp?os_destination=%2Frest',
    'https://jira.example.com/jira/login.jsp',
    'http://jira.example.com/jira/login.jsp',
    'https://jira.example.com:8443/jira/login.jsp',
    'https://admin:S3CRETVALUE@jira.example.com/jira/login.jsp',
    'https://jira.example.com/jira/login.jsp?p=S3CRETVALUE',
    'https://evil.example/login.jsp',
    '//evil.example/login.jsp',
    'javascript:alert(1)',
    'data:text/html,<script>1</script>',
    'https://idp.example.test/adfs/ls/?SAMLRequest=x&RelayState=y',
    'https://idp.example.test/oauth2/authorize?client_id=jira',
    'https://a(b)c.test/saml',
    'https://[x](command:y).test/',
    'https://bücher.example/sso',
    `https://${'a'.repeat(300)}.test/adfs`,
    '/jira/adfs/ls',
    'https://jira.example.com/jira/rest/ksso/api/info/1.0/ping',
  ),
  fc
    .tuple(
      fc.constantFrom('https://', 'http://', '//', '/'),
      serverText,
      fc.constantFrom('/adfs/ls/', '/login.jsp?', '/x'),
    )
    .map(([a, b, c]) => `${a}${b}${c}`),
);

const retryAfterValue: fc.Arbitrary<string> = fc.oneof(
  fc.nat({ max: 10 ** 9 }).map(String),
  fc.integer({ min: -(10 ** 13), max: 10 ** 13 }).map((ms) => new Date(NOW + ms).toUTCString()),
  serverText,
  fc.constantFrom('1e3', '-1', '0', '99999999999999999999', 'Wed, 21 Oct 2015 07:28:00 GMT', 'NaN'),
);

/** A page titled `title`, in its head and again as its heading, as nginx and Tomcat write them. */
const titledPage = fc
  .tuple(fc.constantFrom(502, 503, 504, 500), fc.stringMatching(/^[A-Z][a-z]{3,10} [A-Z][a-z]{3,10}$/), serverText)
  .map(([status, words, rest]) => {
    const title = `${status} ${words}`;
    return {
      title,
      body: `<html>\r\n<head><title>${title}</title></head>\r\n<body><h1>${title}</h1>${rest}</body></html>`,
    };
  });

const anyAnswer = fc.record({
  status: fc.oneof(
    fc.constantFrom(301, 302, 303, 307, 308, 401, 403, 404, 429, 500, 502, 503, 504),
    fc.integer({ min: 100, max: 599 }),
  ),
  headers: fc.record(
    {
      location: hostileUrl,
      'retry-after': retryAfterValue,
      date: fc.oneof(
        serverText,
        fc.integer({ min: -(10 ** 12), max: 10 ** 12 }).map((ms) => new Date(NOW + ms).toUTCString()),
      ),
      server: fc.oneof(
        serverText,
        fc.constantFrom('nginx/1.22.1', 'Apache/2.4.57 (Debian)', 'awselb/2.0', 'Apache-Coyote/1.1'),
      ),
      'x-seraph-loginreason': fc.oneof(serverText, fc.constantFrom('AUTHENTICATION_DENIED', 'AUTHENTICATED_FAILED')),
      'x-authentication-denied-reason': fc.oneof(
        serverText,
        hostileUrl.map((url) => `CAPTCHA_CHALLENGE; login-url=${url}`),
      ),
      'x-ausername': fc.constant('admin'),
    },
    { requiredKeys: [] },
  ),
  contentType: fc.constantFrom('text/html', 'application/json', 'text/plain', ''),
  page: fc.oneof(
    titledPage,
    serverText.map((body) => ({ title: undefined, body })),
    fc.constant({ title: undefined, body: '<html><body>login S3CRETVALUE failed for admin:S3CRETVALUE</body></html>' }),
  ),
  receivedAt: fc.oneof(fc.constant(NOW), fc.integer({ min: EARLIEST, max: LATEST })),
});

/** What a reverse proxy answers when the application behind it is down: its page, its Server header. */
const proxyAnswer = fc.record({
  status: fc.constantFrom(502, 503, 504),
  headers: fc.record(
    {
      server: fc.oneof(
        fc.constantFrom('nginx/1.22.1', 'Apache/2.4.57 (Debian)', 'awselb/2.0', 'cloudflare'),
        serverText,
      ),
      'retry-after': retryAfterValue,
    },
    { requiredKeys: [] },
  ),
  contentType: fc.constantFrom('text/html', 'text/html; charset=iso-8859-1'),
  page: titledPage,
  receivedAt: fc.constant(NOW),
});

const answerArb = fc.oneof(anyAnswer, proxyAnswer);

export function statusErrorProperties(): Record<string, NamedProperty> {
  const transport = new HttpTransport({ baseUrl: INSTANCE, secrets: [REDACTED], username: 'admin' });
  const origin = new URL(INSTANCE).origin;
  return {
    'statusError: any status, headers and body give a message of ours, without a secret, a title at most once': named(
      fc.property(answerArb, fc.constantFrom<'GET' | 'POST'>('GET', 'POST'), (answer, method) => {
        const response: HttpResponse = {
          status: answer.status,
          headers: answer.headers,
          contentType: answer.contentType,
          body: answer.page.body,
          receivedAt: answer.receivedAt,
          sentAt: answer.receivedAt,
        };
        const e = transport.statusError(
          { method, path: '/rest/ksso/api/x', operation: 'list your API tokens' },
          response,
        );
        assert.ok(e instanceof KantegaError);
        assertShownText(e.message, 'the message');
        assert.ok(e.message.startsWith('Could not list your API tokens: '), e.message);
        assert.ok(!e.message.includes(REDACTED), `a secret in ${JSON.stringify(e.message)}`);
        if (answer.page.title) {
          const times = e.message.split(answer.page.title).length - 1;
          assert.ok(times <= 1, `the title ${times} times in ${JSON.stringify(e.message)}`);
        }
        if (e.loginUrl !== undefined) {
          assert.equal(e.kind, 'captcha');
          const url = new URL(e.loginUrl);
          assert.equal(url.origin, origin, `login page on another origin: ${e.loginUrl}`);
          assert.equal(url.username + url.password, '', `credentials in ${e.loginUrl}`);
          assert.ok(!e.loginUrl.includes(REDACTED));
        }
        if (e.redirectHost !== undefined) {
          assert.equal(e.kind, 'ssoGateway');
          assert.match(e.redirectHost, /^([a-z0-9_.-]{1,253}|\[[0-9a-f:.]+\])$/);
          assert.ok(e.message.includes(` at ${e.redirectHost} `), e.message);
        }
        if (e.kind === 'captcha' && e.loginUrl === undefined) {
          assert.doesNotMatch(e.message, /login-url|https?:\/\//, 'an unusable login page is never named');
        }
      }),
    ),
  };
}
