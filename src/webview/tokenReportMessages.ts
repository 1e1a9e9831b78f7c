// The messages between the token report panel and its page, in one place for both sides. Plain
// module: the page script (src/webview/tokenReportPage.ts) is bundled with it, the panel imports it.
// The host holds every row; the page asks for one page at a time and gets at most PAGE_SIZE rows.
import {
  QUICK_FILTERS,
  REPORT_COLUMNS,
  type QuickFilter,
  type ReportColumn,
  type TokenState,
} from '../core/fleet/tokenReport';
import { isJsonObject } from '../core/json';

/** The page the report draws at a time: every long list's page. */
export { PAGE_SIZE } from '../core/text/displayText';
/** Longer filter text is no search a person types; it is refused rather than scanned 50,000 times. */
export const MAX_FILTER_LENGTH = 500;

const ROW_ACTIONS = ['open', 'copyId', 'delete', 'renew', 'rotate'] as const;
export type RowAction = (typeof ROW_ACTIONS)[number];

/** What the page shows: sort, filter and which page. Kept in the page's state across reloads. */
export interface ViewState {
  readonly text: string;
  readonly quick: readonly QuickFilter[];
  readonly column: ReportColumn;
  readonly descending: boolean;
  readonly offset: number;
}

// ---- page → panel ----

export interface ReadyMessage {
  readonly type: 'ready';
}
/** Asks for the rows of a view; `seq` grows with each query so that the page can drop stale answers. */
export interface QueryMessage {
  readonly type: 'query';
  readonly seq: number;
  readonly view: ViewState;
}
/** A row's button: the token by instance and id only; the panel finds it in what it loaded. */
export interface RowActionMessage {
  readonly type: 'rowAction';
  readonly action: RowAction;
  readonly instanceName: string;
  readonly tokenId: number;
}
export interface RetryMessage {
  readonly type: 'retry';
  readonly instanceName: string;
}
export interface SimpleMessage {
  readonly type: 'refresh' | 'export';
}
export type PageMessage = ReadyMessage | QueryMessage | RowActionMessage | RetryMessage | SimpleMessage;

// ---- panel → page ----

/** One row as the page shows it: display text only, and the two keys a row action sends back. */
export interface RowView {
  readonly instanceName: string;
  readonly environment: string;
  readonly production: boolean;
  readonly owner: string;
  readonly name: string;
  /** Undefined when unknown (API 2.0): the page says so. */
  readonly description?: string;
  readonly created: string;
  readonly expires: string;
  readonly daysLeft: string;
  readonly state: TokenState;
  readonly stateLabel: string;
  readonly isOwn: boolean;
  /** Undefined: the token cannot be addressed, so the row offers no action. */
  readonly tokenId?: number;
}

export interface InstanceView {
  readonly name: string;
  readonly state: 'loading' | 'loaded' | 'failed';
  /** The reason it could not be listed (failed), or how many tokens it has (loaded). */
  readonly detail: string;
}

export interface RowsMessage {
  readonly type: 'rows';
  readonly seq: number;
  readonly rows: readonly RowView[];
  readonly offset: number;
  readonly matching: number;
  readonly total: number;
  readonly counts: Readonly<Record<QuickFilter, number>>;
  readonly instances: readonly InstanceView[];
}

export interface StatusMessage {
  readonly type: 'status';
  readonly text: string;
  readonly isError: boolean;
}

export type PanelMessage = RowsMessage | StatusMessage;

// ---- checks: anything else (a forged or stale message) is ignored ----

const isName = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length < 1000;
const isIndex = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

function isViewState(value: unknown): value is ViewState {
  if (!isJsonObject(value)) return false;
  const { text, quick, column, descending, offset } = value;
  return (
    typeof text === 'string' &&
    text.length <= MAX_FILTER_LENGTH &&
    Array.isArray(quick) &&
    quick.length <= QUICK_FILTERS.length &&
    quick.every((filter) => (QUICK_FILTERS as readonly unknown[]).includes(filter)) &&
    (REPORT_COLUMNS as readonly unknown[]).includes(column) &&
    typeof descending === 'boolean' &&
    isIndex(offset)
  );
}

export function isPageMessage(value: unknown): value is PageMessage {
  if (!isJsonObject(value)) return false;
  switch (value.type) {
    case 'ready':
    case 'refresh':
    case 'export':
      return true;
    case 'query':
      return isIndex(value.seq) && isViewState(value.view);
    case 'rowAction':
      return (
        (ROW_ACTIONS as readonly unknown[]).includes(value.action) &&
        isName(value.instanceName) &&
        isIndex(value.tokenId)
      );
    case 'retry':
      return isName(value.instanceName);
    default:
      return false;
  }
}

export function isPanelMessage(value: unknown): value is PanelMessage {
  if (!isJsonObject(value)) return false;
  if (value.type === 'status') return typeof value.text === 'string';
  return value.type === 'rows' && isIndex(value.seq) && Array.isArray(value.rows) && Array.isArray(value.instances);
}

/** The words the page shows that the host translates (vscode.l10n) and hands over in the HTML. */
export interface PageStrings {
  readonly loading: string;
  readonly unknown: string;
  readonly never: string;
  readonly open: string;
  readonly copyId: string;
  readonly delete: string;
  readonly renew: string;
  readonly rotate: string;
  readonly retry: string;
  readonly noId: string;
  /** `{0}`–`{1}` of `{2}` matching, `{3}` tokens in all. */
  readonly showing: string;
  readonly noMatch: string;
  readonly noTokens: string;
  /** Action button labels with the token name: `{0}` is the name. */
  readonly openLabel: string;
  readonly copyIdLabel: string;
  readonly deleteLabel: string;
  readonly renewLabel: string;
  readonly rotateLabel: string;
  readonly retryLabel: string;
  readonly tokensOf: string;
  readonly sortedBy: string;
}
