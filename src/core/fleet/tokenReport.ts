// The token report's model: one plain row per token of every instance, and the sorting, filtering
// and paging the report panel does on them in the extension host (the page only ever receives one
// page of rows), plus the CSV and JSON export of what the filter shows. Pure: no `vscode`, tested
// directly. Built for 50,000 rows: sort keys and search text are computed once per row, and a sort
// order is kept until the rows change.
import { daysUntilExpiry, expiryUrgency, formatDate, formatDateTime } from '../text/format';
import { isProduction } from '../instanceConfig';
import { isPlausibleTime, type ApiToken } from '../model';
import { csvCell, csvDocument, wholeText } from '../text/displayText';

/** The report's state column: `unknown` when the server gave no usable expiry. */
export type TokenState = 'expired' | 'expiring' | 'valid' | 'never' | 'unknown';

export interface ReportRow {
  readonly instanceName: string;
  readonly environment?: string;
  readonly production: boolean;
  /** Undefined when the server did not say (a record of the user's own list may lack it). */
  readonly owner?: string;
  readonly name: string;
  /** Undefined when unknown (API 2.0) or absent; `descriptionUnknown` tells which. */
  readonly description?: string;
  readonly descriptionUnknown: boolean;
  readonly createdAt?: number;
  readonly expiresAt?: number;
  readonly neverExpires: boolean;
  /** Whole days left as `describeExpiry` rounds them (negative once expired); undefined without an expiry. */
  readonly daysLeft?: number;
  readonly state: TokenState;
  /** The instance's configured user owns it: renew applies. */
  readonly isOwn: boolean;
  /** Undefined when the server sent no usable id: no action can address the token. */
  readonly tokenId?: number;
}

export const REPORT_COLUMNS = [
  'instance',
  'environment',
  'owner',
  'name',
  'description',
  'created',
  'expires',
  'daysLeft',
  'state',
] as const;
export type ReportColumn = (typeof REPORT_COLUMNS)[number];

export const QUICK_FILTERS = ['expired', 'expiring', 'never', 'mine'] as const;
export type QuickFilter = (typeof QUICK_FILTERS)[number];

export interface SortSpec {
  readonly column: ReportColumn;
  readonly descending: boolean;
}

export interface ReportQuery {
  /** Words that must each appear in one of the row's text columns (case-insensitive). */
  readonly text: string;
  /**
   * The state filters (expired, expiring, never) admit a row in any of the chosen states; `mine`
   * narrows to the user's own tokens on top of that.
   */
  readonly quick: readonly QuickFilter[];
  readonly sort: SortSpec;
}

function tokenState(token: ApiToken, now: number, warningDays: number): TokenState {
  switch (expiryUrgency(token, now, warningDays)) {
    case 'expired':
      return 'expired';
    case 'soon':
      return 'expiring';
    case 'ok':
      return 'valid';
    case 'never':
      return 'never';
    default:
      return 'unknown';
  }
}

export interface ReportInstance {
  readonly name: string;
  readonly environment?: string;
}

/** The rows of one instance's tokens, as listed (own and others'). */
export function buildReportRows(
  instance: ReportInstance,
  tokens: ReadonlyArray<{ readonly token: ApiToken; readonly isOwn: boolean }>,
  now: number,
  warningDays: number,
): ReportRow[] {
  const production = isProduction(instance);
  return tokens.map(({ token, isOwn }) => {
    const state = tokenState(token, now, warningDays);
    const expiresAt = token.expiresAt !== undefined && isPlausibleTime(token.expiresAt) ? token.expiresAt : undefined;
    const description =
      token.descriptionUnknown || token.description === undefined ? undefined : wholeText(token.description);
    return {
      instanceName: instance.name,
      environment: instance.environment,
      production,
      owner: token.username !== undefined ? wholeText(token.username) : undefined,
      name: wholeText(token.name),
      description,
      descriptionUnknown: token.descriptionUnknown,
      createdAt: token.createdAt !== undefined && isPlausibleTime(token.createdAt) ? token.createdAt : undefined,
      expiresAt: token.neverExpires ? undefined : expiresAt,
      neverExpires: token.neverExpires,
      // Counted as the state's warning window counts them, so "3 days left" and the state agree.
      daysLeft: daysUntilExpiry(token, now),
      state,
      isOwn,
      tokenId: token.actionable && token.id !== undefined ? token.id : undefined,
    };
  });
}

/** How each state sorts: most urgent first. */
const STATE_ORDER: Record<TokenState, number> = { expired: 0, expiring: 1, valid: 2, never: 3, unknown: 4 };

/** A row's value in a column; null when it has none (sorts after every value, ascending). */
export type SortKey = string | number | null;

/**
 * The key a row sorts by in a column. Text compares as people read it (see compareSortKeys); a
 * missing value sorts after every present one (ascending), a token that never expires after every
 * expiry.
 */
export function sortKey(row: ReportRow, column: ReportColumn): SortKey {
  switch (column) {
    case 'instance':
      return row.instanceName;
    case 'environment':
      return row.environment ?? null;
    case 'owner':
      return row.owner ?? null;
    case 'name':
      return row.name;
    case 'description':
      return row.description ?? null;
    case 'created':
      return row.createdAt ?? Number.MAX_VALUE;
    case 'expires':
      return row.neverExpires ? Number.MAX_VALUE : (row.expiresAt ?? Infinity);
    case 'daysLeft':
      return row.neverExpires ? Number.MAX_VALUE : (row.daysLeft ?? Infinity);
    case 'state':
      return STATE_ORDER[row.state];
  }
}

/**
 * Text in the user's language order, ignoring case and accents, with numbers by value ("build 9"
 * before "build 10"): about 75 ms for 50,000 names, once per sort (the order is kept). Made on the
 * first sort: a collator loads the language's collation data (~7 ms), which activation need not pay.
 */
let textOrder: Intl.Collator | undefined;

/** How two sort keys compare (ascending): text by textOrder, numbers by value, none last. */
export function compareSortKeys(a: SortKey, b: SortKey): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  if (typeof a === 'string' && typeof b === 'string') {
    textOrder ??= new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
    return textOrder.compare(a, b);
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Row indexes in `spec`'s order; ties keep the rows' order (the sort is stable), also when descending. */
function sortedIndexes(rows: readonly ReportRow[], spec: SortSpec): number[] {
  // Keys once per row (not per comparison): sorting 50,000 rows compares about 800,000 times.
  const keys = rows.map((row) => sortKey(row, spec.column));
  const sign = spec.descending ? -1 : 1;
  const order = rows.map((_row, index) => index);
  order.sort((a, b) => sign * compareSortKeys(keys[a], keys[b]) || a - b);
  return order;
}

/** Local date and time as the report shows an expiry; empty when unknown. */
export function shownTime(ms: number | undefined): string {
  return ms === undefined ? '' : formatDateTime(ms);
}

/** Local date as the report shows a creation (the minute matters for an expiry, not for a creation). */
export function shownDate(ms: number | undefined): string {
  return ms === undefined ? '' : formatDate(ms);
}

/** Everything the filter box matches, lower-cased once: the text columns as the report shows them. */
export function searchText(row: ReportRow, stateLabel: (state: TokenState) => string = (s) => s): string {
  return [
    row.instanceName,
    row.environment ?? '',
    row.owner ?? '',
    row.name,
    row.description ?? '',
    shownDate(row.createdAt),
    row.neverExpires ? 'never' : shownTime(row.expiresAt),
    row.daysLeft !== undefined ? String(row.daysLeft) : '',
    stateLabel(row.state),
    row.tokenId !== undefined ? String(row.tokenId) : '',
  ]
    .join('\n')
    .toLowerCase();
}

/** The words of a filter text, lower-cased; none for a blank filter. */
export function filterTerms(text: string): string[] {
  return text.toLowerCase().split(/\s+/).filter(Boolean);
}

/** Whether the row passes the quick filters (state filters are alternatives; `mine` narrows). */
export function passesQuickFilters(row: ReportRow, quick: readonly QuickFilter[]): boolean {
  if (quick.includes('mine') && !row.isOwn) return false;
  // The state filters are named as the states they admit.
  const states: readonly string[] = quick.filter((filter) => filter !== 'mine');
  return !states.length || states.includes(row.state);
}

function matchesTerms(text: string, terms: readonly string[]): boolean {
  for (const term of terms) if (!text.includes(term)) return false;
  return true;
}

export interface ReportPage {
  readonly rows: ReportRow[];
  /** Index of the first row of the page within the matching rows. */
  readonly offset: number;
  /** How many rows match the query. */
  readonly matching: number;
  /** How many rows there are. */
  readonly total: number;
}

/**
 * The rows with what each query needs precomputed: the search text once, each column's order once
 * (until the rows change). A query then costs one pass over the rows in the sorted order.
 */
export class ReportModel {
  /** Built on the first query with filter text: opening the report does not pay for it. */
  private search: string[] | undefined;
  private readonly orders = new Map<string, number[]>();

  constructor(
    readonly rows: readonly ReportRow[],
    private readonly stateLabel?: (state: TokenState) => string,
  ) {}

  /** Builds the search text now (the panel does so once the first page is shown, before anyone types). */
  prepareSearch(): void {
    this.searchTexts();
  }

  private searchTexts(): string[] {
    this.search ??= this.rows.map((row) => searchText(row, this.stateLabel));
    return this.search;
  }

  /** Indexes of the matching rows, in the query's order. */
  private matchingIndexes(query: ReportQuery): number[] {
    const key = `${query.sort.column}:${query.sort.descending ? 'desc' : 'asc'}`;
    let order = this.orders.get(key);
    if (!order) {
      order = sortedIndexes(this.rows, query.sort);
      this.orders.set(key, order);
    }
    const terms = filterTerms(query.text);
    if (!terms.length && !query.quick.length) return order;
    const search = terms.length ? this.searchTexts() : [];
    return order.filter(
      (index) =>
        passesQuickFilters(this.rows[index], query.quick) && (!terms.length || matchesTerms(search[index], terms)),
    );
  }

  /** Every row the query shows, in its order (for export). */
  matching(query: ReportQuery): ReportRow[] {
    return this.matchingIndexes(query).map((index) => this.rows[index]);
  }

  /** One page of the rows the query shows; an offset beyond the end gives the last page. */
  page(query: ReportQuery, offset: number, pageSize: number): ReportPage {
    const indexes = this.matchingIndexes(query);
    const size = Math.max(1, Math.floor(pageSize));
    const lastPage = indexes.length ? Math.floor((indexes.length - 1) / size) * size : 0;
    const start = Math.min(Math.max(0, Math.floor(offset / size) * size), lastPage);
    return {
      rows: indexes.slice(start, start + size).map((index) => this.rows[index]),
      offset: start,
      matching: indexes.length,
      total: this.rows.length,
    };
  }

  /** How many rows each quick filter alone would show. */
  counts(): Record<QuickFilter, number> {
    const counts: Record<QuickFilter, number> = { expired: 0, expiring: 0, never: 0, mine: 0 };
    for (const row of this.rows) {
      if (row.isOwn) counts.mine++;
      if (row.state === 'expired') counts.expired++;
      else if (row.state === 'expiring') counts.expiring++;
      else if (row.state === 'never') counts.never++;
    }
    return counts;
  }
}

// ---------------------------------------------------------------------------------------------
// Export. The same fields in CSV and JSON; server text cleaned as in the report; times ISO 8601 UTC.

/** One exported token: plain values only (strings, numbers, booleans, null). */
export interface ExportRecord {
  instance: string;
  environment: string | null;
  owner: string | null;
  id: number | null;
  name: string;
  description: string | null;
  descriptionUnknown: boolean;
  created: string | null;
  expires: string | null;
  neverExpires: boolean;
  daysLeft: number | null;
  state: TokenState;
}

export const EXPORT_FIELDS: ReadonlyArray<keyof ExportRecord> = [
  'instance',
  'environment',
  'owner',
  'id',
  'name',
  'description',
  'descriptionUnknown',
  'created',
  'expires',
  'neverExpires',
  'daysLeft',
  'state',
];

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

function exportRecord(row: ReportRow): ExportRecord {
  // Server text was cleaned when the row was made. Instance and environment stay as configured in
  // the row (actions look the instance up by that name), but a person typed them: cleaned here.
  return {
    instance: wholeText(row.instanceName),
    environment: row.environment !== undefined ? wholeText(row.environment) : null,
    owner: row.owner ?? null,
    id: row.tokenId ?? null,
    name: row.name,
    description: row.description ?? null,
    descriptionUnknown: row.descriptionUnknown,
    created: iso(row.createdAt),
    expires: iso(row.expiresAt),
    neverExpires: row.neverExpires,
    daysLeft: row.daysLeft ?? null,
    state: row.state,
  };
}

/**
 * RFC 4180 CSV with a header row and CRLF line ends, starting with the byte-order mark. Text cells
 * go through `csvCell` (a cell that starts like a formula gets a leading `'`); numbers and booleans
 * are ours and written plainly.
 */
export function toCsv(rows: readonly ReportRow[]): string {
  const lines = [EXPORT_FIELDS.join(',')];
  for (const row of rows) {
    const record = exportRecord(row);
    lines.push(
      EXPORT_FIELDS.map((field) => {
        const value = record[field];
        if (value === null) return '';
        return typeof value === 'string' ? csvCell(value) : String(value);
      }).join(','),
    );
  }
  return csvDocument(lines);
}

/** A JSON array of `ExportRecord`s. */
export function toJson(rows: readonly ReportRow[]): string {
  return JSON.stringify(rows.map(exportRecord), null, 2) + '\n';
}
