// Expiry warnings where the user is: which of the user's own tokens need attention across every
// instance, the status bar's words, which tokens to notify about today (once a day per token), and
// when the background refresh may ask each server again. Pure: the editor layer (expiryWatch.ts)
// feeds it what the cache holds and shows what comes out. Messages are built from translatable
// templates through l10n.t, server text always made inert.
import * as l10n from '@vscode/l10n';
import { baseUrlKey } from '../baseUrl';
import { describeExpiry, expiryUrgency, formatDate } from '../text/format';
import { DAY_MS, type ApiToken } from '../model';
import { MESSAGE_MAX_LENGTH, displayText, escapeMarkdown, inertMessageText } from '../text/displayText';
import { sortByExpiry } from '../api/tokenList';

/** One configured instance as the cache knows it now. */
export interface InstanceTokens {
  readonly name: string;
  readonly baseUrl: string;
  /** The stored credential is a Kantega API token (auth `apiToken`): one of the own tokens signs in. */
  readonly signsInWithApiToken: boolean;
  /** The id of the token it signs in with, when the extension stored that token as the credential. */
  readonly signInTokenId?: number;
  /**
   * 'online': `myTokens` is what it listed. 'rejected': the server refused the stored credential.
   * 'unknown': not checked yet, or no credential.
   */
  readonly state: 'online' | 'unreachable' | 'rejected' | 'unknown';
  /** The user's own tokens, when listed. */
  readonly myTokens?: readonly ApiToken[];
}

export interface AttentionToken {
  /** `<base URL>|<id>`: the same token seen through two entries is one token. Undefined without an id. */
  readonly key?: string;
  readonly instanceName: string;
  readonly token: ApiToken;
  readonly urgency: 'expired' | 'soon';
  /** This is the token the instance signs in with. */
  readonly signIn: boolean;
}

export interface ExpirySummary {
  readonly expired: number;
  readonly soon: number;
  /** Names of the instances that could not be reached. */
  readonly unreachable: readonly string[];
  /**
   * Instances that sign in with an API token the server refused: expired or deleted, most likely.
   * Their tokens cannot be listed, so this is the only warning about the strongest case.
   */
  readonly signInRejected: readonly InstanceTokens[];
  /** Sign-in tokens first, then soonest expiry. */
  readonly tokens: readonly AttentionToken[];
}

/** The key a token is remembered by (never a secret): base URL and id. */
export function tokenKey(baseUrl: string, id: number | undefined): string | undefined {
  return id === undefined ? undefined : `${baseUrlKey(baseUrl)}|${id}`;
}

/** The record key of "this instance's API token was refused" (a token key has an id in its place). */
function rejectedKey(instance: InstanceTokens): string {
  return `${baseUrlKey(instance.baseUrl)}|sign-in`;
}

function baseUrlOfKey(key: string): string {
  return key.slice(0, key.lastIndexOf('|'));
}

/**
 * The token an instance signs in with, when it can be known: the one the extension stored as the
 * credential (its id remembered), else deduced. The server does not say which token authenticated a
 * request, but the instance is online, so that token is listed and not expired: when exactly one own
 * token is still valid, it is the one.
 */
export function signInToken(instance: InstanceTokens, now: number): ApiToken | undefined {
  if (!instance.signsInWithApiToken || instance.state !== 'online' || !instance.myTokens) return undefined;
  const remembered = instance.myTokens.find((token) => token.id !== undefined && token.id === instance.signInTokenId);
  if (remembered) return remembered;
  const valid = instance.myTokens.filter((token) => expiryUrgency(token, now, 0) !== 'expired');
  return valid.length === 1 ? valid[0] : undefined;
}

/** The user's own tokens that are expired or expire within `warningDays`, and the instances unreachable. */
export function summarizeExpiry(instances: readonly InstanceTokens[], now: number, warningDays: number): ExpirySummary {
  const byKey = new Map<string, AttentionToken>();
  const unkeyed: AttentionToken[] = [];
  const unreachable: string[] = [];
  const signInRejected: InstanceTokens[] = [];
  for (const instance of instances) {
    if (instance.state === 'unreachable') unreachable.push(instance.name);
    if (instance.state === 'rejected' && instance.signsInWithApiToken) signInRejected.push(instance);
    if (instance.state !== 'online' || !instance.myTokens) continue;
    const signIn = signInToken(instance, now);
    for (const token of instance.myTokens) {
      const urgency = expiryUrgency(token, now, warningDays);
      if (urgency !== 'expired' && urgency !== 'soon') continue;
      const key = tokenKey(instance.baseUrl, token.id);
      const entry: AttentionToken = { key, instanceName: instance.name, token, urgency, signIn: token === signIn };
      if (key === undefined) unkeyed.push(entry);
      // Two entries for one server and user list the same token: count it once, as the sign-in one if either says so.
      else if (!byKey.has(key) || (entry.signIn && !byKey.get(key)?.signIn)) byKey.set(key, entry);
    }
  }
  const all = [...byKey.values(), ...unkeyed];
  const order = new Map(sortByExpiry(all.map((entry) => entry.token)).map((token, index) => [token, index]));
  const tokens = all.sort(
    (a, b) => Number(b.signIn) - Number(a.signIn) || (order.get(a.token) ?? 0) - (order.get(b.token) ?? 0),
  );
  const expired = tokens.filter((entry) => entry.urgency === 'expired').length;
  return { expired, soon: tokens.length - expired, unreachable, signInRejected, tokens };
}

/** Local calendar day as `YYYY-MM-DD`: "once a day" means once per the user's day. */
export function localDay(now: number): string {
  return formatDate(now);
}

/** Token key → the local day it was last notified about. */
export type NotifiedRecords = Readonly<Record<string, string>>;

export interface NotificationPlan {
  /** The tokens to notify about now (strongest first). */
  readonly notify: readonly AttentionToken[];
  /** Instances whose API-token sign-in was refused, to notify about now. */
  readonly notifyRejected: readonly InstanceTokens[];
  /** The records to keep: today's added, tokens gone or out of the window forgotten. */
  readonly records: NotifiedRecords;
}

/**
 * Which tokens to notify about today: each token needing attention at most once per local day.
 * A record is forgotten when its token no longer needs attention (renewed, deleted) on an instance
 * whose tokens are listed, or when no configured instance has its base URL; records of instances
 * that could not be listed now are kept, so that a flaky server does not bring a second notice.
 */
export function planNotifications(
  instances: readonly InstanceTokens[],
  summary: ExpirySummary,
  records: NotifiedRecords,
  now: number,
): NotificationPlan {
  const today = localDay(now);
  const listed = new Set<string>();
  const configured = new Set<string>();
  for (const instance of instances) {
    const base = baseUrlKey(instance.baseUrl);
    configured.add(base);
    if (instance.state === 'online' && instance.myTokens) listed.add(base);
  }
  const attention = new Set(summary.tokens.map((entry) => entry.key).filter((key) => key !== undefined));
  for (const instance of summary.signInRejected) attention.add(rejectedKey(instance));
  const kept: Record<string, string> = {};
  for (const [key, day] of Object.entries(records)) {
    if (typeof day !== 'string') continue;
    const base = baseUrlOfKey(key);
    if (!configured.has(base)) continue;
    if (listed.has(base) && !attention.has(key)) continue;
    kept[key] = day;
  }
  const notify: AttentionToken[] = [];
  for (const entry of summary.tokens) {
    if (entry.key === undefined || kept[entry.key] === today) continue;
    notify.push(entry);
    kept[entry.key] = today;
  }
  const notifyRejected: InstanceTokens[] = [];
  for (const instance of summary.signInRejected) {
    const key = rejectedKey(instance);
    if (kept[key] === today) continue;
    notifyRejected.push(instance);
    kept[key] = today;
  }
  return { notify, notifyRejected, records: kept };
}

export interface ExpiryNotification {
  readonly severity: 'warning' | 'information';
  /** Inert: no server text can become a link. */
  readonly message: string;
  /** Offer Renew for this token (the one an instance signs in with). */
  readonly renew?: { readonly instanceName: string; readonly tokenId: number };
  /** Offer Set Credential for this instance (its API token was refused). */
  readonly setCredential?: { readonly instanceName: string };
}

/** How many tokens a summary names before "and N more". */
const NAMED_IN_SUMMARY = 3;
/** A token name in a notification: the full one is in the report, one click away. */
const NAME_LENGTH = 60;

function quoted(token: ApiToken): string {
  return `"${displayText(token.name, NAME_LENGTH)}"`;
}

/**
 * One notification for the tokens to notify about (never one per token): the token an instance signs
 * in with leads, as a warning with Renew; otherwise a summary naming the first few.
 */
export function composeNotification(
  plan: Pick<NotificationPlan, 'notify' | 'notifyRejected'>,
  now: number,
  warningDays: number,
): ExpiryNotification | undefined {
  const { notify, notifyRejected } = plan;
  // An instance that can no longer sign in is broken now: that leads, and the rest waits for tomorrow's.
  if (notifyRejected.length) {
    const [instance] = notifyRejected;
    let message = l10n.t(
      '{0} refused the API token it signs in with: it has probably expired or been deleted. Set a new one.',
      instance.name,
    );
    const more = notifyRejected.length - 1 + notify.length;
    if (more === 1) message += ' ' + l10n.t('1 more warning is in the token report.');
    else if (more > 1) message += ' ' + l10n.t('{0} more warnings are in the token report.', more);
    return {
      severity: 'warning',
      message: inertMessageText(message, MESSAGE_MAX_LENGTH),
      setCredential: { instanceName: instance.name },
    };
  }
  if (!notify.length) return undefined;
  const [first] = notify;
  const others = notify.length - 1;
  if (first.signIn) {
    let message = l10n.t(
      'The API token {0} signs in with {1} ({2}).',
      first.instanceName,
      describeExpiry(first.token, now),
      quoted(first.token),
    );
    if (others === 1) message += ' ' + l10n.t('1 more of your API tokens needs attention.');
    else if (others > 1) message += ' ' + l10n.t('{0} more of your API tokens need attention.', others);
    const renew =
      first.token.id !== undefined && first.token.actionable
        ? { instanceName: first.instanceName, tokenId: first.token.id }
        : undefined;
    return { severity: 'warning', message: inertMessageText(message, MESSAGE_MAX_LENGTH), renew };
  }
  if (notify.length === 1) {
    const message = l10n.t(
      'Your API token {0} on {1} {2}.',
      quoted(first.token),
      first.instanceName,
      describeExpiry(first.token, now),
    );
    return {
      severity: first.urgency === 'expired' ? 'warning' : 'information',
      message: inertMessageText(message, MESSAGE_MAX_LENGTH),
    };
  }
  const named = notify
    .slice(0, NAMED_IN_SUMMARY)
    .map((entry) => l10n.t('{0} on {1}', quoted(entry.token), entry.instanceName))
    .join(', ');
  const rest = notify.length - NAMED_IN_SUMMARY;
  const list = rest > 0 ? l10n.t('{0}, and {1} more', named, rest) : named;
  const anyExpired = notify.some((entry) => entry.urgency === 'expired');
  const message = anyExpired
    ? l10n.t('{0} of your API tokens have expired or expire within {1} days: {2}', notify.length, warningDays, list)
    : l10n.t('{0} of your API tokens expire within {1} days: {2}', notify.length, warningDays, list);
  return { severity: anyExpired ? 'warning' : 'information', message: inertMessageText(message, MESSAGE_MAX_LENGTH) };
}

export interface StatusBarView {
  /** False: nothing needs attention, the item is hidden. */
  readonly visible: boolean;
  readonly text: string;
  readonly background?: 'warning' | 'error';
  /** Markdown with every server string escaped. */
  readonly tooltip: string;
  readonly accessibilityLabel: string;
}

/** At most this many tokens are listed in the tooltip; the report has them all. */
const TOOLTIP_TOKENS = 15;

/** The status bar item: `$(key) 3 expiring · $(debug-disconnect) 1 unreachable`, hidden when all is well. */
export function statusBarView(summary: ExpirySummary, now: number): StatusBarView {
  const attention = summary.expired + summary.soon;
  const unreachable = summary.unreachable.length;
  const rejected = summary.signInRejected.length;
  const parts: string[] = [];
  const spoken: string[] = [];
  if (rejected) {
    parts.push(l10n.t('$(error) {0} cannot sign in', rejected));
    spoken.push(
      rejected === 1
        ? l10n.t('1 instance refused its API token')
        : l10n.t('{0} instances refused their API tokens', rejected),
    );
  }
  if (attention) {
    const { expired, soon } = summary;
    parts.push(
      expired && soon
        ? l10n.t('$(key) {0} expired, {1} expiring', expired, soon)
        : expired
          ? l10n.t('$(key) {0} expired', expired)
          : l10n.t('$(key) {0} expiring', soon),
    );
    spoken.push(
      attention === 1
        ? l10n.t('1 of your API tokens expired or expiring')
        : l10n.t('{0} of your API tokens expired or expiring', attention),
    );
  }
  if (unreachable) {
    parts.push(l10n.t('$(debug-disconnect) {0} unreachable', unreachable));
    spoken.push(
      unreachable === 1 ? l10n.t('1 instance unreachable') : l10n.t('{0} instances unreachable', unreachable),
    );
  }
  const lines: string[] = [l10n.t('**Kantega SSO**: your API tokens across instances')];
  if (attention) lines.push('');
  for (const entry of summary.tokens.slice(0, TOOLTIP_TOKENS)) {
    const icon = entry.urgency === 'expired' ? '$(error)' : '$(warning)';
    const signIn = entry.signIn ? ' ' + l10n.t('(this instance signs in with it)') : '';
    lines.push(
      `- ${icon} ${escapeMarkdown(displayText(entry.token.name, NAME_LENGTH))} ` +
        l10n.t('on {0}', escapeMarkdown(entry.instanceName)) +
        ` \u2014 ${escapeMarkdown(describeExpiry(entry.token, now))}${signIn}`,
    );
  }
  if (summary.tokens.length > TOOLTIP_TOKENS) {
    lines.push(`- ${l10n.t('and {0} more', summary.tokens.length - TOOLTIP_TOKENS)}`);
  }
  if (rejected) {
    const names = summary.signInRejected.map((instance) => escapeMarkdown(instance.name)).join(', ');
    lines.push('', l10n.t('Refused the API token they sign in with (expired or deleted?): {0}', names));
  }
  if (unreachable) {
    lines.push('', l10n.t('Unreachable: {0}', summary.unreachable.map((name) => escapeMarkdown(name)).join(', ')));
  }
  lines.push('', l10n.t('Click to open the token report.'));
  return {
    visible: attention + unreachable + rejected > 0,
    text: parts.join(' \u00b7 '),
    background: summary.expired || rejected ? 'error' : attention ? 'warning' : undefined,
    tooltip: lines.join('\n'),
    accessibilityLabel: spoken.join(', '),
  };
}

/** The longest a server's Retry-After keeps the background refresh away: a bad header must not stop it for years. */
export const MAX_RATE_LIMIT_WAIT_MS = DAY_MS;

export interface RefreshCandidate {
  readonly name: string;
  /** When the server (by its 429's Retry-After) may be asked again, on the clock of `now`; undefined or past: now. */
  readonly rateLimitedUntil?: number;
  /** Its last check is still running (a slow or retrying server): a new one would only pile up. */
  readonly checking?: boolean;
}

export interface RefreshPlan {
  readonly refresh: readonly string[];
  readonly skipped: ReadonlyArray<{ readonly name: string; readonly until: number }>;
  /** Still being checked: left to finish. */
  readonly busy: readonly string[];
}

function waitUntil(candidate: RefreshCandidate, now: number): number | undefined {
  const until = candidate.rateLimitedUntil;
  if (until === undefined || !Number.isFinite(until) || until <= now) return undefined;
  return Math.min(until, now + MAX_RATE_LIMIT_WAIT_MS);
}

/** Which instances a background refresh asks now, and which it leaves alone until their server said. */
export function planAutoRefresh(candidates: readonly RefreshCandidate[], now: number): RefreshPlan {
  const refresh: string[] = [];
  const skipped: Array<{ name: string; until: number }> = [];
  const busy: string[] = [];
  for (const candidate of candidates) {
    const until = waitUntil(candidate, now);
    if (until !== undefined) skipped.push({ name: candidate.name, until });
    else if (candidate.checking) busy.push(candidate.name);
    else refresh.push(candidate.name);
  }
  return { refresh, skipped, busy };
}

/**
 * When the next background refresh is due: one interval after the last, or, when every instance is
 * waiting out a 429, not before the first of them may be asked again. Every time on one clock, the
 * caller's (the editor's is monotonic: a wall clock set back must not stall or spin the refresh).
 */
export function nextAutoRefreshAt(
  lastRefreshAt: number,
  intervalMinutes: number,
  candidates: readonly RefreshCandidate[],
  now: number,
): number | undefined {
  if (!Number.isFinite(intervalMinutes) || intervalMinutes <= 0) return undefined;
  const due = (Number.isFinite(lastRefreshAt) ? lastRefreshAt : now) + intervalMinutes * 60_000;
  const waits = candidates.map((candidate) => waitUntil(candidate, now));
  if (!candidates.length || waits.some((until) => until === undefined)) return Math.max(due, now);
  return Math.max(due, now, Math.min(...(waits as number[])));
}
