// The fleet inventory in words: each instance's cells and marks as the table shows them, the summary
// line above it, and the Markdown, CSV and JSON exports. Pure: the words come from translatable
// templates through l10n.t, and every server value goes through `quote`,
// which makes it inert for the surface it lands on (displayText for the webview's textContent,
// escapeMarkdown for Markdown). Tested directly, with properties.
import * as l10n from '@vscode/l10n';
import { describeClockSkew } from '../api/clockSkew';
import { sameBaseUrl } from '../baseUrl';
import { isProduction } from '../instanceConfig';
import { isPlausibleTime } from '../model';
import { csvCell, csvDocument, displayText, escapeMarkdown, wholeText } from '../text/displayText';
import { formatDate, formatRelativeTime } from '../text/format';
import { managedGroupCount, statusWords, unknownReasonWords } from './inventoryWords';
import {
  isDriftMark,
  type InstanceAssessment,
  type InventoryAssessment,
  type InventoryMark,
  type InventoryStatus,
  type InventorySummary,
  type Known,
  type Reference,
  type TokenFacts,
} from './inventory';

/** The table's columns, in order: what is compared across instances first, then each one's own state. */
export const INVENTORY_COLUMNS = [
  'instance',
  'environment',
  'status',
  'product',
  'kantegaSso',
  'identityProviders',
  'baseUrl',
  'snapshot',
  'upgradeBackup',
  'clock',
  'tokens',
  'signInToken',
] as const;
export type InventoryTableColumn = (typeof INVENTORY_COLUMNS)[number];

export interface InventoryCell {
  readonly text: string;
  /** What the column sorts by: text (compared with numbers by value), a number, or null (last). */
  readonly sortKey: string | number | null;
  /** Each mark of the cell in words. */
  readonly marks: readonly string[];
  /** 'drift' when a mark says the value differs from the product's reference, else 'warning'. */
  readonly severity?: 'drift' | 'warning';
  /** The value is not known (not loaded, not offered, offline): shown as such, never as different. */
  readonly unknown: boolean;
  /** A longer explanation (the status check's message, the configured base URL). */
  readonly detail?: string;
}

export interface InventoryRowView {
  readonly instanceName: string;
  readonly environment: string;
  readonly production: boolean;
  /** The product it is compared within, '' when unknown. */
  readonly product: string;
  readonly online: boolean;
  readonly cells: Readonly<Record<InventoryTableColumn, InventoryCell>>;
}

export interface TextOptions {
  readonly now: number;
  /** Makes a server value inert for the surface (default: displayText, for textContent and plain text). */
  readonly quote?: (serverText: string) => string;
}

export function inventoryColumnLabels(): Record<InventoryTableColumn, string> {
  return {
    instance: l10n.t('Instance'),
    environment: l10n.t('Environment'),
    status: l10n.t('Status'),
    product: l10n.t('Product'),
    kantegaSso: l10n.t('Kantega SSO'),
    baseUrl: l10n.t('Base URL (product)'),
    snapshot: l10n.t('Newest snapshot'),
    upgradeBackup: l10n.t('Upgrade backup'),
    clock: l10n.t('Clock'),
    tokens: l10n.t('API tokens'),
    signInToken: l10n.t('Sign-in token'),
    identityProviders: l10n.t('Identity providers'),
  };
}

function joinedLabels(labels: readonly string[], quote: (s: string) => string): string {
  return labels.map((s) => quote(s)).join(', ');
}

function referenceWords(reference: Reference, quote: (s: string) => string): string {
  switch (reference.kind) {
    case 'production':
      return quote(reference.label);
    case 'majority':
      return joinedLabels(reference.labels, quote);
    case 'none':
      return l10n.t('{0} (no production instance, no majority)', joinedLabels(reference.labels, quote));
  }
}

/** A mark in words: "staging runs Kantega SSO 7.3.0, production 7.2.1", "AD FS missing on test". */
export function describeMark(
  mark: InventoryMark,
  quote: (s: string) => string = displayText,
  now = Date.now(),
): string {
  switch (mark.kind) {
    case 'productVersion':
    case 'pluginVersion':
      return l10n.t(
        '{0} runs {1} {2}, {3} {4}',
        quote(mark.label),
        quote(mark.product),
        quote(mark.value),
        referenceWords(mark.reference, quote),
        quote(mark.referenceValue),
      );
    case 'idpMissing':
      return l10n.t(
        '{0} missing on {1} (trusted on {2})',
        quote(mark.idp),
        quote(mark.label),
        referenceWords(mark.reference, quote),
      );
    case 'idpExtra':
      return l10n.t(
        '{0} only on {1}, not on {2}',
        quote(mark.idp),
        quote(mark.label),
        referenceWords(mark.reference, quote),
      );
    case 'groupsDiffer': {
      const differing = mark.missing + mark.extra;
      const differ =
        differing === 1
          ? l10n.t('{0} managed group differs', differing)
          : l10n.t('{0} managed groups differ', differing);
      return l10n.t(
        '{0} on {1} from {2} ({3} missing, {4} extra)',
        differ,
        quote(mark.idp),
        referenceWords(mark.reference, quote),
        mark.missing,
        mark.extra,
      );
    }
    case 'baseUrl':
      return mark.belongsTo !== undefined
        ? l10n.t(
            'The product believes its address is {0}, the address of {1}: SAML redirects go there',
            quote(mark.productBaseUrl),
            quote(mark.belongsTo),
          )
        : l10n.t('The product believes its address is {0}, not the configured one', quote(mark.productBaseUrl));
    case 'staleSnapshot':
      return l10n.t('Newest snapshot is {0} days old (more than {1})', mark.ageDays, mark.maxAgeDays);
    case 'noSnapshot':
      return l10n.t('No snapshot: take one before changing anything');
    case 'clockSkew':
      return l10n.t('Server clock {0}: SAML sign-ins may fail', describeClockSkew(mark.skewMs));
    case 'expiredTokens':
      return mark.count === 1 ? l10n.t('{0} expired token', mark.count) : l10n.t('{0} expired tokens', mark.count);
    case 'signInTokenExpiring':
      return mark.expired
        ? l10n.t('The token this instance signs in with has expired')
        : l10n.t('The token this instance signs in with expires {0}', formatRelativeTime(mark.expiresAt, now));
  }
}

/**
 * A cell's words for a value not known: "loading…" while it loads; "unknown" for an instance that is
 * not online (its status cell says why, once, not in every cell of its row); else "unknown" and why.
 */
function unknownWords(known: Known<unknown> & { known: false }): string {
  if (known.reason === 'loading') return l10n.t('loading…');
  if (known.reason === 'offline') return l10n.t('unknown');
  return l10n.t('unknown ({0})', unknownReasonWords(known.reason));
}

function dateWords(at: number | undefined, now: number): string {
  if (at === undefined || !isPlausibleTime(at)) return l10n.t('unknown date');
  return l10n.t('{0} ({1})', formatDate(at), formatRelativeTime(at, now));
}

type Cells = Record<InventoryTableColumn, InventoryCell>;

const cell = (text: string, sortKey: string | number | null, extra: Partial<InventoryCell> = {}): InventoryCell => ({
  text,
  sortKey,
  marks: [],
  unknown: false,
  ...extra,
});

function statusCell(assessment: InstanceAssessment, quote: (s: string) => string): InventoryCell {
  const { facts } = assessment;
  const detail = facts.statusMessage !== undefined ? quote(facts.statusMessage) : undefined;
  const extra = detail ? { detail } : {};
  if (facts.status === 'online') {
    const forbidden = !facts.snapshots.known && facts.snapshots.reason === 'forbidden';
    return forbidden ? cell(l10n.t('online, needs a system administrator'), 1) : cell(statusWords('online'), 0);
  }
  const order: Record<Exclude<InventoryStatus, 'online'>, number> = {
    credentialMissing: 2,
    needsConsent: 2,
    credentialRejected: 3,
    unreachable: 4,
    error: 5,
    checking: 6,
  };
  return cell(statusWords(facts.status), order[facts.status], {
    ...extra,
    ...(facts.status === 'checking' ? { unknown: true } : {}),
  });
}

function snapshotUnknownText(assessment: InstanceAssessment): string | undefined {
  const snapshots = assessment.facts.snapshots;
  if (!snapshots.known) return unknownWords(snapshots);
  return snapshots.value.newest ? undefined : l10n.t('unknown — take a snapshot to learn it');
}

/** The token figures' cell and the sign-in token's, or both saying why the tokens are unknown. */
function tokenCells(
  known: Known<TokenFacts>,
  now: number,
  quote: (s: string) => string,
): { tokens: InventoryCell; signInToken: InventoryCell } {
  if (!known.known) {
    const unknownCell = cell(unknownWords(known), null, { unknown: true });
    return { tokens: unknownCell, signInToken: unknownCell };
  }
  const list = known.value;
  const figures = [list.total, list.expired, list.expiring, list.neverExpiring];
  const tokens = cell(
    list.scope === 'everyone'
      ? l10n.t('{0} (everyone’s): {1} expired, {2} expiring, {3} never expire', ...figures)
      : l10n.t('{0} (your own): {1} expired, {2} expiring, {3} never expire', ...figures),
    list.total,
  );
  const signIn = list.signInToken;
  const signInToken = !list.signsInWithApiToken
    ? cell(l10n.t('signs in with a password or personal access token'), null)
    : !signIn
      ? cell(l10n.t('unknown (cannot tell which token)'), null, { unknown: true })
      : signIn.neverExpires
        ? cell(l10n.t('{0}: never expires', quote(signIn.name)), Number.MAX_VALUE)
        : signIn.expiresAt !== undefined && isPlausibleTime(signIn.expiresAt)
          ? cell(l10n.t('{0}: expires {1}', quote(signIn.name), dateWords(signIn.expiresAt, now)), signIn.expiresAt)
          : cell(l10n.t('{0}: expiry unknown', quote(signIn.name)), null, { unknown: true });
  return { tokens, signInToken };
}

function cellsOf(assessment: InstanceAssessment, options: TextOptions): Cells {
  const { facts } = assessment;
  const { now } = options;
  const quote = options.quote ?? displayText;
  const snapshots = facts.snapshots.known ? facts.snapshots.value : undefined;
  const newest = snapshots?.newest;
  const unknownSnapshot = snapshotUnknownText(assessment);
  const asOf = newest ? l10n.t('as of the snapshot of {0}', dateWords(newest.takenAt, now)) : undefined;
  const unknownCell = (): InventoryCell => cell(unknownSnapshot ?? l10n.t('unknown'), null, { unknown: true });

  const product =
    newest?.applicationName !== undefined || newest?.applicationVersion !== undefined
      ? cell(
          [newest.applicationName, newest.applicationVersion]
            .filter((part): part is string => part !== undefined)
            .map((s) => quote(s))
            .join(' '),
          `${newest.applicationName ?? ''} ${newest.applicationVersion ?? ''}`.trim(),
          asOf ? { detail: asOf } : {},
        )
      : unknownCell();
  const kantegaSso =
    newest?.pluginVersion !== undefined
      ? cell(quote(newest.pluginVersion), newest.pluginVersion, asOf ? { detail: asOf } : {})
      : unknownCell();
  const configured = l10n.t('configured: {0}', quote(facts.baseUrl));
  const baseUrl =
    newest?.baseUrl !== undefined
      ? cell(
          sameBaseUrl(newest.baseUrl, facts.baseUrl) ? l10n.t('as configured') : quote(newest.baseUrl),
          newest.baseUrl,
          {
            detail: configured,
          },
        )
      : cell(unknownSnapshot ?? l10n.t('unknown'), null, { unknown: true, detail: configured });
  const snapshot = snapshots
    ? newest
      ? cell(l10n.t('{0}, {1} in all', dateWords(newest.takenAt, now), snapshots.count), newest.takenAt ?? null)
      : cell(l10n.t('none'), null)
    : unknownCell();
  const backup = snapshots?.upgradeBackup;
  const upgradeBackup = snapshots
    ? backup
      ? cell(
          l10n.t(
            '{0} → {1}, {2}',
            quote(backup.from),
            quote(backup.to),
            backup.takenAt !== undefined && isPlausibleTime(backup.takenAt)
              ? formatDate(backup.takenAt)
              : l10n.t('unknown date'),
          ),
          backup.takenAt ?? null,
        )
      : cell(l10n.t('none'), null)
    : unknownCell();
  const clock =
    facts.clockSkewMs !== undefined && Number.isFinite(facts.clockSkewMs)
      ? cell(describeClockSkew(facts.clockSkewMs), Math.abs(facts.clockSkewMs))
      : cell(l10n.t('unknown'), null, { unknown: true });

  const { tokens, signInToken } = tokenCells(facts.tokens, now, quote);

  const idps = facts.identityProviders;
  const identityProviders = idps.known
    ? cell(
        idps.value.length
          ? idps.value
              .map((idp) =>
                l10n.t(
                  '{0} ({1})',
                  quote(idp.name),
                  idp.groups.known ? managedGroupCount(idp.groups.value.length) : unknownWords(idp.groups),
                ),
              )
              .join(', ')
          : l10n.t('none'),
        idps.value.length,
      )
    : cell(unknownWords(idps), null, { unknown: true });

  return {
    instance: cell(quote(facts.name), facts.name),
    environment: cell(facts.environment ? quote(facts.environment) : '', facts.environment ?? null),
    status: statusCell(assessment, quote),
    product,
    kantegaSso,
    baseUrl,
    snapshot,
    upgradeBackup,
    clock,
    tokens,
    signInToken,
    identityProviders,
  };
}

/** Each instance's row: its cells with their marks in words. */
export function inventoryRows(assessment: InventoryAssessment, options: TextOptions): InventoryRowView[] {
  const quote = options.quote ?? displayText;
  return assessment.instances.map((instance) => {
    const cells = cellsOf(instance, options);
    const marked: Partial<Record<InventoryTableColumn, { marks: string[]; drift: boolean }>> = {};
    for (const mark of instance.marks) {
      const entry = (marked[mark.column] ??= { marks: [], drift: false });
      entry.marks.push(describeMark(mark, quote, options.now));
      if (isDriftMark(mark)) entry.drift = true;
    }
    for (const [column, entry] of Object.entries(marked) as Array<
      [InventoryTableColumn, { marks: string[]; drift: boolean }]
    >) {
      cells[column] = { ...cells[column], marks: entry.marks, severity: entry.drift ? 'drift' : 'warning' };
    }
    return {
      instanceName: instance.facts.name,
      environment: instance.facts.environment ?? '',
      production: isProduction(instance.facts),
      product: instance.product ?? '',
      online: instance.facts.status === 'online',
      cells,
    };
  });
}

/** The line above the table: how many differences and warnings, and how many instances could not be asked. */
export function inventorySummaryLine(summary: InventorySummary): string {
  const parts: string[] = [];
  if (summary.differences === 0) {
    parts.push(
      summary.comparedProducts
        ? l10n.t('No differences between instances of the same product.')
        : l10n.t('No two instances of the same product to compare.'),
    );
  } else {
    parts.push(
      l10n.t(
        '{0} on {1}.',
        summary.differences === 1
          ? l10n.t('{0} difference', summary.differences)
          : l10n.t('{0} differences', summary.differences),
        summary.driftingInstances === 1
          ? l10n.t('{0} instance', summary.driftingInstances)
          : l10n.t('{0} instances', summary.driftingInstances),
      ),
    );
  }
  parts.push(
    summary.warnings === 0
      ? l10n.t('No warnings.')
      : summary.warnings === 1
        ? l10n.t('{0} warning.', summary.warnings)
        : l10n.t('{0} warnings.', summary.warnings),
  );
  if (summary.offline)
    parts.push(
      summary.offline === 1
        ? l10n.t('{0} instance is not online: its values are unknown.', summary.offline)
        : l10n.t('{0} instances are not online: their values are unknown.', summary.offline),
    );
  return parts.join(' ');
}

/** A cell for the Markdown table: its text and marks, on one line. */
function markdownCell(value: InventoryCell): string {
  const marks = value.marks.map((mark) => `⚠ ${mark}`);
  return [value.text, ...marks].filter((part) => part !== '').join(' · ') || ' ';
}

/**
 * A Markdown document: a heading, the summary line and one table row per instance, ready for a
 * change ticket or a Confluence page. Server values are escaped (escapeMarkdown): a name cannot
 * open a link, an image, HTML or a new table cell.
 */
export function inventoryMarkdown(assessment: InventoryAssessment, options: Omit<TextOptions, 'quote'>): string {
  const rows = inventoryRows(assessment, { ...options, quote: (s) => escapeMarkdown(s) });
  const labels = inventoryColumnLabels();
  const header = `| ${INVENTORY_COLUMNS.map((column) => labels[column]).join(' | ')} |`;
  const rule = `| ${INVENTORY_COLUMNS.map(() => '---').join(' | ')} |`;
  const lines = rows.map(
    (row) => `| ${INVENTORY_COLUMNS.map((column) => markdownCell(row.cells[column])).join(' | ')} |`,
  );
  return [
    `# ${l10n.t('Kantega SSO fleet inventory, {0}', formatDate(options.now))}`,
    '',
    inventorySummaryLine(assessment.summary),
    '',
    header,
    rule,
    ...lines,
    '',
  ].join('\n');
}

/** CSV for spreadsheets: one column per table column and one for the marks; every cell formula-safe. */
export function inventoryCsv(rows: readonly InventoryRowView[]): string {
  const labels = inventoryColumnLabels();
  const header = [...INVENTORY_COLUMNS.map((column) => labels[column]), l10n.t('Differences and warnings')];
  const lines = [header.map(csvCell).join(',')];
  for (const row of rows) {
    const marks = INVENTORY_COLUMNS.flatMap((column) => row.cells[column].marks).join('; ');
    lines.push([...INVENTORY_COLUMNS.map((column) => row.cells[column].text), marks].map(csvCell).join(','));
  }
  return csvDocument(lines);
}

const clean = (s: string | undefined) => (s === undefined ? null : wholeText(s));
const isoTime = (ms: number | undefined) =>
  ms !== undefined && isPlausibleTime(ms) ? new Date(ms).toISOString() : null;

/** JSON for scripts: each instance's facts (group counts, not the groups) and its marks, kind and words. */
export function inventoryJson(assessment: InventoryAssessment, options: Omit<TextOptions, 'quote'>): string {
  const instances = assessment.instances.map((instance) => {
    const { facts } = instance;
    const snapshots = facts.snapshots.known ? facts.snapshots.value : undefined;
    const tokens = facts.tokens.known ? facts.tokens.value : undefined;
    const idps = facts.identityProviders.known ? facts.identityProviders.value : undefined;
    return {
      name: clean(facts.name),
      environment: clean(facts.environment),
      product: instance.product ?? null,
      status: facts.status,
      configuredBaseUrl: clean(facts.baseUrl),
      productBaseUrl: clean(snapshots?.newest?.baseUrl),
      applicationName: clean(snapshots?.newest?.applicationName),
      applicationVersion: clean(snapshots?.newest?.applicationVersion),
      kantegaSsoVersion: clean(snapshots?.newest?.pluginVersion),
      newestSnapshotAt: isoTime(snapshots?.newest?.takenAt),
      snapshotCount: snapshots ? snapshots.count : null,
      upgradeBackup: snapshots?.upgradeBackup
        ? {
            from: clean(snapshots.upgradeBackup.from),
            to: clean(snapshots.upgradeBackup.to),
            takenAt: isoTime(snapshots.upgradeBackup.takenAt),
          }
        : null,
      clockSkewMs:
        facts.clockSkewMs !== undefined && Number.isFinite(facts.clockSkewMs) ? Math.round(facts.clockSkewMs) : null,
      tokens: tokens
        ? {
            scope: tokens.scope,
            total: tokens.total,
            expired: tokens.expired,
            expiring: tokens.expiring,
            neverExpiring: tokens.neverExpiring,
            signInTokenExpiresAt: tokens.signInToken?.neverExpires ? 'never' : isoTime(tokens.signInToken?.expiresAt),
          }
        : null,
      identityProviders: idps
        ? idps.map((idp) => ({
            name: clean(idp.name),
            managedGroups: idp.groups.known ? idp.groups.value.length : null,
          }))
        : null,
      marks: instance.marks.map((mark) => ({
        column: mark.column,
        kind: mark.kind,
        drift: isDriftMark(mark),
        text: describeMark(mark, displayText, options.now),
      })),
    };
  });
  return JSON.stringify({ generatedAt: isoTime(options.now), summary: assessment.summary, instances }, null, 2) + '\n';
}
