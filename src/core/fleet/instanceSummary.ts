// The plain-text documents Compare Managed Groups… and Compare Instances… open side by side in the
// editor's diff view: an identity provider's managed groups, one per line, and a summary of one
// instance. Both sides are made by the same function with lines in a fixed order, so that the diff
// pairs like with like and marks only what differs. Pure: no `vscode`, no clock (`now` is passed);
// words come through `t` (vscode.l10n.t in the editor), server text always as one inert line.
import { describeClockSkew, isClockSkewRisky } from '../api/clockSkew';
import { sameBaseUrl } from '../baseUrl';
import { isPlausibleTime } from '../model';
import { displayText } from '../text/displayText';
import { describeExpiry, formatDate, formatDateTime, formatRelativeTime } from '../text/format';
import type { IdpFacts, InstanceFacts, Known, SnapshotFacts, TokenFacts } from './inventory';
import { counted, statusWords, unknownReasonWords, type Translate } from './inventoryWords';
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
function unknownText(known: Extract<Known<unknown>, { known: false }>, t: Translate): string {
  const why = unknownReasonWords(known.reason, t);
  return known.reason === 'failed' && known.message !== undefined && line(known.message)
    ? t('unknown — {0}: {1}', why, line(known.message, REASON_MAX_LENGTH))
    : t('unknown — {0}', why);
}

/** A count as digits; anything but a whole number of zero or more is "unknown" (never NaN). */
function countText(n: number, t: Translate): string {
  return Number.isSafeInteger(n) && n >= 0 ? String(n) : t('unknown');
}

/** A time a snapshot or backup was taken: "2026-05-01 14:03 (3 days ago)", or "date unknown". */
function takenText(takenAt: number | undefined, now: number, t: Translate): string {
  if (takenAt === undefined || !isPlausibleTime(takenAt)) return t('date unknown');
  return Number.isFinite(now)
    ? t('{0} ({1})', formatDateTime(takenAt), formatRelativeTime(takenAt, now))
    : formatDateTime(takenAt);
}

/**
 * A value of the newest snapshot: `read` it there when there is a snapshot; "take a snapshot" when
 * there is none; why not when the snapshots are not known.
 */
function fromNewest(facts: InstanceFacts, t: Translate, read: (newest: SnapshotFacts) => string | undefined): string {
  if (!facts.snapshots.known) return unknownText(facts.snapshots, t);
  const newest = facts.snapshots.value.newest;
  if (!newest) return t('unknown — take a snapshot to learn it');
  const value = read(newest);
  return value === undefined || !line(value) ? t('unknown — the newest snapshot does not say') : line(value);
}

function productText(facts: InstanceFacts, t: Translate): string {
  return fromNewest(facts, t, (newest) =>
    [newest.applicationName, newest.applicationVersion].filter((part) => part !== undefined && line(part)).join(' '),
  );
}

function reportedBaseUrlText(facts: InstanceFacts, t: Translate): string {
  const reported = fromNewest(facts, t, (newest) => newest.baseUrl);
  const baseUrl = facts.snapshots.known ? facts.snapshots.value.newest?.baseUrl : undefined;
  if (baseUrl === undefined || !line(baseUrl)) return reported;
  return sameBaseUrl(baseUrl, facts.baseUrl)
    ? t('{0} — the configured one', reported)
    : t('{0} — NOT the configured one', reported);
}

function snapshotLines(facts: InstanceFacts, now: number, t: Translate): string[] {
  const { snapshots } = facts;
  if (!snapshots.known) {
    const why = unknownText(snapshots, t);
    return [t('Newest snapshot: {0}', why), t('Snapshots: {0}', why), t('Newest upgrade backup: {0}', why)];
  }
  const { newest, upgradeBackup, count } = snapshots.value;
  const backup = upgradeBackup
    ? t(
        '{0} → {1}, {2}',
        line(upgradeBackup.from, 60) || t('unknown'),
        line(upgradeBackup.to, 60) || t('unknown'),
        takenText(upgradeBackup.takenAt, now, t),
      )
    : t('none');
  return [
    t('Newest snapshot: {0}', newest ? takenText(newest.takenAt, now, t) : t('none')),
    t('Snapshots: {0}', countText(count, t)),
    t('Newest upgrade backup: {0}', backup),
  ];
}

function clockText(facts: InstanceFacts, t: Translate): string {
  const skew = facts.clockSkewMs;
  if (skew === undefined || !Number.isFinite(skew)) {
    return facts.status === 'online'
      ? t('unknown — the server did not tell its time')
      : unknownText({ known: false, reason: 'offline' }, t);
  }
  return isClockSkewRisky(skew)
    ? t('{0} — more than SAML sign-ins tolerate', describeClockSkew(skew))
    : describeClockSkew(skew);
}

function signInTokenText(tokens: TokenFacts, now: number, t: Translate): string {
  if (!tokens.signsInWithApiToken) return t('none — it does not sign in with a Kantega API token');
  const token = tokens.signInToken;
  if (!token) return t('unknown — which of the tokens it is cannot be told');
  const name = line(token.name, 200);
  if (token.neverExpires || token.expiresAt === undefined || !isPlausibleTime(token.expiresAt)) {
    return t('"{0}", {1}', name, describeExpiry(token, now));
  }
  return t('"{0}", {1} ({2})', name, describeExpiry(token, now), formatDate(token.expiresAt));
}

function tokenLines(facts: InstanceFacts, now: number, t: Translate): string[] {
  const { tokens } = facts;
  if (!tokens.known) {
    const why = unknownText(tokens, t);
    return [
      t('API tokens: {0}', why),
      t('Expired: {0}', why),
      t('Expiring within the warning window: {0}', why),
      t('Never expiring: {0}', why),
      t('Sign-in API token: {0}', why),
    ];
  }
  const value = tokens.value;
  return [
    value.scope === 'everyone'
      ? t("API tokens (everyone's): {0}", countText(value.total, t))
      : t('API tokens (your own): {0}', countText(value.total, t)),
    t('Expired: {0}', countText(value.expired, t)),
    t('Expiring within the warning window: {0}', countText(value.expiring, t)),
    t('Never expiring: {0}', countText(value.neverExpiring, t)),
    t('Sign-in API token: {0}', signInTokenText(value, now, t)),
  ];
}

/** Identity providers by name as they are matched across instances, then as written, then by id. */
function byName(a: IdpFacts, b: IdpFacts): number {
  const [ka, kb] = [idpNameKey(a.name), idpNameKey(b.name)];
  if (ka !== kb) return ka < kb ? -1 : 1;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function groupCountText(groups: Known<readonly string[]>, t: Translate): string {
  if (!groups.known) return t('managed groups {0}', unknownText(groups, t));
  return counted(t, groups.value.length, '{0} managed group', '{0} managed groups');
}

/** The IdP list (each with its count), then each IdP's groups under a heading of its own. */
function identityProviderLines(facts: InstanceFacts, t: Translate): string[] {
  const { identityProviders } = facts;
  if (!identityProviders.known) return [t('Identity providers: {0}', unknownText(identityProviders, t))];
  const idps = [...identityProviders.value].sort(byName);
  const name = (idp: IdpFacts) => line(idp.name, 200) || t('(no name)');
  const lines = [
    t('Identity providers: {0}', countText(idps.length, t)),
    ...idps.map((idp) => t('  {0}: {1}', name(idp), groupCountText(idp.groups, t))),
  ];
  for (const idp of idps) {
    lines.push('');
    if (!idp.groups.known) {
      lines.push(t('Managed groups of {0}: {1}', name(idp), unknownText(idp.groups, t)));
      continue;
    }
    lines.push(t('Managed groups of {0} ({1}):', name(idp), countText(idp.groups.value.length, t)));
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
export function instanceSummaryDocument(facts: InstanceFacts, t: Translate, now: number): string {
  return document([
    t('Instance: {0}', line(facts.name, 200)),
    t(
      'Environment: {0}',
      facts.environment !== undefined && line(facts.environment) ? line(facts.environment) : t('none'),
    ),
    facts.statusMessage !== undefined && line(facts.statusMessage) && facts.status !== 'online'
      ? t('Status: {0} — {1}', statusWords(facts.status, t), line(facts.statusMessage, REASON_MAX_LENGTH))
      : t('Status: {0}', statusWords(facts.status, t)),
    '',
    t('Product (newest snapshot): {0}', productText(facts, t)),
    t(
      'Kantega SSO (newest snapshot): {0}',
      fromNewest(facts, t, (newest) => newest.pluginVersion),
    ),
    t('Base URL (configured): {0}', line(facts.baseUrl) || t('none')),
    t('Base URL (as the product reports it): {0}', reportedBaseUrlText(facts, t)),
    '',
    ...snapshotLines(facts, now, t),
    t('Server clock: {0}', clockText(facts, t)),
    '',
    ...tokenLines(facts, now, t),
    '',
    ...identityProviderLines(facts, t),
  ]);
}
