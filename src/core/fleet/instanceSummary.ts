// The plain-text documents Compare Managed Groups… and Compare Instances… open side by side in the
// editor's diff view: an identity provider's managed groups, one per line, and a summary of one
// instance. Both sides are made by the same function with lines in a fixed order, so that the diff
// pairs like with like and marks only what differs. Pure: no `vscode`, no clock (`now` is passed);
// words come through l10n.t, server text always as one inert line.
import * as l10n from '@vscode/l10n';
import { describeClockSkew, isClockSkewRisky } from '../api/clockSkew';
import { sameBaseUrl } from '../baseUrl';
import { isPlausibleTime } from '../model';
import { displayText } from '../text/displayText';
import { describeExpiry, formatDate, formatDateTime, formatRelativeTime } from '../text/format';
import type { IdpFacts, InstanceFacts, Known, SnapshotFacts, TokenFacts } from './inventory';
import { managedGroupCount, statusWords, unknownReasonWords } from './inventoryWords';
import { idpNameKey } from './managedGroups';

/** A line of server text in a document: long enough that names differing late still read apart. */
const LINE_MAX_LENGTH = 1_000;
/** A status message or a reason a value is unknown: a sentence, not a page. */
const REASON_MAX_LENGTH = 300;

/**
 * Server text as one line of a document. What a reader sees: the text with control and direction
 * characters removed, each run of white space (a newline or tab within a name included) as one
 * space, trimmed, and cut with "…" past `maxLength`. So a group named "a\nb" shows as "a b" on
 * one line, never as the two lines "a" and "b" (which would pass for two groups).
 */
function line(text: string, maxLength = LINE_MAX_LENGTH): string {
  return displayText(text, maxLength);
}

/** Lines joined, each ending in a newline (as a text file's), or '' for none. */
function document(lines: readonly string[]): string {
  return lines.map((text) => `${text}\n`).join('');
}

/** An identity provider's managed groups, one per line in the order given (the cache keeps them sorted). */
export function managedGroupsDocument(groups: readonly string[]): string {
  return document(groups.map((group) => line(group)));
}

/** What a reader is told in place of a value that is not known, and why. */
function unknownText(known: Extract<Known<unknown>, { known: false }>): string {
  const why = unknownReasonWords(known.reason);
  return known.reason === 'failed' && known.message !== undefined && line(known.message)
    ? l10n.t('unknown — {0}: {1}', why, line(known.message, REASON_MAX_LENGTH))
    : l10n.t('unknown — {0}', why);
}

/** A count as digits; anything but a whole number of zero or more is "unknown" (never NaN). */
function countText(n: number): string {
  return Number.isSafeInteger(n) && n >= 0 ? String(n) : l10n.t('unknown');
}

/** A time a snapshot or backup was taken: "2026-05-01 14:03 (3 days ago)", or "date unknown". */
function takenText(takenAt: number | undefined, now: number): string {
  if (takenAt === undefined || !isPlausibleTime(takenAt)) return l10n.t('date unknown');
  return Number.isFinite(now)
    ? l10n.t('{0} ({1})', formatDateTime(takenAt), formatRelativeTime(takenAt, now))
    : formatDateTime(takenAt);
}

/**
 * A value of the newest snapshot: `read` it there when there is a snapshot; "take a snapshot" when
 * there is none; why not when the snapshots are not known.
 */
function fromNewest(facts: InstanceFacts, read: (newest: SnapshotFacts) => string | undefined): string {
  if (!facts.snapshots.known) return unknownText(facts.snapshots);
  const newest = facts.snapshots.value.newest;
  if (!newest) return l10n.t('unknown — take a snapshot to learn it');
  const value = read(newest);
  return value === undefined || !line(value) ? l10n.t('unknown — the newest snapshot does not say') : line(value);
}

function productText(facts: InstanceFacts): string {
  return fromNewest(facts, (newest) =>
    [newest.applicationName, newest.applicationVersion].filter((part) => part !== undefined && line(part)).join(' '),
  );
}

function reportedBaseUrlText(facts: InstanceFacts): string {
  const reported = fromNewest(facts, (newest) => newest.baseUrl);
  const baseUrl = facts.snapshots.known ? facts.snapshots.value.newest?.baseUrl : undefined;
  if (baseUrl === undefined || !line(baseUrl)) return reported;
  return sameBaseUrl(baseUrl, facts.baseUrl)
    ? l10n.t('{0} — the configured one', reported)
    : l10n.t('{0} — NOT the configured one', reported);
}

function snapshotLines(facts: InstanceFacts, now: number): string[] {
  const { snapshots } = facts;
  if (!snapshots.known) {
    const why = unknownText(snapshots);
    return [
      l10n.t('Newest snapshot: {0}', why),
      l10n.t('Snapshots: {0}', why),
      l10n.t('Newest upgrade backup: {0}', why),
    ];
  }
  const { newest, upgradeBackup, count } = snapshots.value;
  const backup = upgradeBackup
    ? l10n.t(
        '{0} → {1}, {2}',
        line(upgradeBackup.from, 60) || l10n.t('unknown'),
        line(upgradeBackup.to, 60) || l10n.t('unknown'),
        takenText(upgradeBackup.takenAt, now),
      )
    : l10n.t('none');
  return [
    l10n.t('Newest snapshot: {0}', newest ? takenText(newest.takenAt, now) : l10n.t('none')),
    l10n.t('Snapshots: {0}', countText(count)),
    l10n.t('Newest upgrade backup: {0}', backup),
  ];
}

function clockText(facts: InstanceFacts): string {
  const skew = facts.clockSkewMs;
  if (skew === undefined || !Number.isFinite(skew)) {
    return facts.status === 'online'
      ? l10n.t('unknown — the server did not tell its time')
      : unknownText({ known: false, reason: 'offline' });
  }
  return isClockSkewRisky(skew)
    ? l10n.t('{0} — more than SAML sign-ins tolerate', describeClockSkew(skew))
    : describeClockSkew(skew);
}

function signInTokenText(tokens: TokenFacts, now: number): string {
  if (!tokens.signsInWithApiToken) return l10n.t('none — it does not sign in with a Kantega API token');
  const token = tokens.signInToken;
  if (!token) return l10n.t('unknown — which of the tokens it is cannot be told');
  const name = line(token.name, 200);
  if (token.neverExpires || token.expiresAt === undefined || !isPlausibleTime(token.expiresAt)) {
    return l10n.t('"{0}", {1}', name, describeExpiry(token, now));
  }
  return l10n.t('"{0}", {1} ({2})', name, describeExpiry(token, now), formatDate(token.expiresAt));
}

function tokenLines(facts: InstanceFacts, now: number): string[] {
  const { tokens } = facts;
  if (!tokens.known) {
    const why = unknownText(tokens);
    return [
      l10n.t('API tokens: {0}', why),
      l10n.t('Expired: {0}', why),
      l10n.t('Expiring within the warning window: {0}', why),
      l10n.t('Never expiring: {0}', why),
      l10n.t('Sign-in API token: {0}', why),
    ];
  }
  const value = tokens.value;
  return [
    value.scope === 'everyone'
      ? l10n.t("API tokens (everyone's): {0}", countText(value.total))
      : l10n.t('API tokens (your own): {0}', countText(value.total)),
    l10n.t('Expired: {0}', countText(value.expired)),
    l10n.t('Expiring within the warning window: {0}', countText(value.expiring)),
    l10n.t('Never expiring: {0}', countText(value.neverExpiring)),
    l10n.t('Sign-in API token: {0}', signInTokenText(value, now)),
  ];
}

/** Identity providers by name as they are matched across instances, then as written, then by id. */
function byName(a: IdpFacts, b: IdpFacts): number {
  const [ka, kb] = [idpNameKey(a.name), idpNameKey(b.name)];
  if (ka !== kb) return ka < kb ? -1 : 1;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function groupCountText(groups: Known<readonly string[]>): string {
  if (!groups.known) return l10n.t('managed groups {0}', unknownText(groups));
  return managedGroupCount(groups.value.length);
}

/** The IdP list (each with its count), then each IdP's groups under a heading of its own. */
function identityProviderLines(facts: InstanceFacts): string[] {
  const { identityProviders } = facts;
  if (!identityProviders.known) return [l10n.t('Identity providers: {0}', unknownText(identityProviders))];
  const idps = [...identityProviders.value].sort(byName);
  const name = (idp: IdpFacts) => line(idp.name, 200) || l10n.t('(no name)');
  const lines = [
    l10n.t('Identity providers: {0}', countText(idps.length)),
    ...idps.map((idp) => l10n.t('  {0}: {1}', name(idp), groupCountText(idp.groups))),
  ];
  for (const idp of idps) {
    lines.push('');
    if (!idp.groups.known) {
      lines.push(l10n.t('Managed groups of {0}: {1}', name(idp), unknownText(idp.groups)));
      continue;
    }
    lines.push(l10n.t('Managed groups of {0} ({1}):', name(idp), countText(idp.groups.value.length)));
    for (const group of idp.groups.value) lines.push(`  ${line(group)}`);
  }
  return lines;
}

/**
 * One instance as plain text, for a side-by-side diff with another: status, product and Kantega SSO
 * versions, base URLs, snapshots, clock, token figures, then the identity providers (sorted by name)
 * and their managed groups. The lines up to "Identity providers" are always the same in number and
 * order, whatever is known; an unknown value says "unknown" and why. The facts hold no secret, and
 * neither does this.
 */
export function instanceSummaryDocument(facts: InstanceFacts, now: number): string {
  return document([
    l10n.t('Instance: {0}', line(facts.name, 200)),
    l10n.t(
      'Environment: {0}',
      facts.environment !== undefined && line(facts.environment) ? line(facts.environment) : l10n.t('none'),
    ),
    facts.statusMessage !== undefined && line(facts.statusMessage) && facts.status !== 'online'
      ? l10n.t('Status: {0} — {1}', statusWords(facts.status), line(facts.statusMessage, REASON_MAX_LENGTH))
      : l10n.t('Status: {0}', statusWords(facts.status)),
    '',
    l10n.t('Product (newest snapshot): {0}', productText(facts)),
    l10n.t(
      'Kantega SSO (newest snapshot): {0}',
      fromNewest(facts, (newest) => newest.pluginVersion),
    ),
    l10n.t('Base URL (configured): {0}', line(facts.baseUrl) || l10n.t('none')),
    l10n.t('Base URL (as the product reports it): {0}', reportedBaseUrlText(facts)),
    '',
    ...snapshotLines(facts, now),
    l10n.t('Server clock: {0}', clockText(facts)),
    '',
    ...tokenLines(facts, now),
    '',
    ...identityProviderLines(facts),
  ]);
}
