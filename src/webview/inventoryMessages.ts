// The messages between the fleet inventory panel and its page, and the one filter and sort both
// sides apply: the page to draw, the panel to export exactly what the page shows. Plain module: the
// page script (src/webview/inventoryPage.ts) is bundled with it, the panel imports it. The panel
// sends every row (one per configured instance: a few hundred at most); the page sorts and filters.
import { summarizeInventory, type InventoryAssessment } from '../core/fleet/inventory';
import { INVENTORY_COLUMNS, type InventoryRowView, type InventoryTableColumn } from '../core/fleet/inventoryText';
import { compareSortKeys } from '../core/fleet/tokenReport';
import { isJsonObject } from '../core/json';

export { INVENTORY_COLUMNS, type InventoryRowView, type InventoryTableColumn };

/** Longer filter text is no search a person types: refused. */
export const MAX_FILTER_LENGTH = 500;

const ROW_ACTIONS = ['snapshot', 'reveal', 'refresh', 'compare'] as const;
export type RowAction = (typeof ROW_ACTIONS)[number];

/** What the page shows: filters and sort. Kept in the page's state across reloads. */
export interface ViewState {
  readonly text: string;
  /** Only instances of this environment ('' : those without one); null: every environment. */
  readonly environment: string | null;
  /** Only instances of this product ('' : product unknown); null: every product. */
  readonly product: string | null;
  /** null: the configured order (then `descending` is not used). */
  readonly column: InventoryTableColumn | null;
  readonly descending: boolean;
}

export const DEFAULT_VIEW: ViewState = { text: '', environment: null, product: null, column: null, descending: false };

// ---- page → panel ----

export interface ReadyMessage {
  readonly type: 'ready';
}
export interface RefreshMessage {
  readonly type: 'refresh';
}
/** Export what the page shows: the panel applies this view to its own rows. */
export interface ExportMessage {
  readonly type: 'export';
  readonly view: ViewState;
}
/** A row's button: the instance by name only; the panel looks it up in the settings again. */
export interface RowActionMessage {
  readonly type: 'rowAction';
  readonly action: RowAction;
  readonly instanceName: string;
}
export type PageMessage = ReadyMessage | RefreshMessage | ExportMessage | RowActionMessage;

// ---- panel → page ----

export interface InventoryMessage {
  readonly type: 'inventory';
  /** One row per configured instance, in the configured order; every text made inert (displayText). */
  readonly rows: readonly InventoryRowView[];
  /** The line above the table: the differences and warnings counted. */
  readonly summary: string;
  /** Instances whose facts are still loading. */
  readonly loading: number;
}

export interface StatusMessage {
  readonly type: 'status';
  readonly text: string;
  readonly isError: boolean;
}

export type PanelMessage = InventoryMessage | StatusMessage;

// ---- the view ----

function searchText(row: InventoryRowView): string {
  const parts = [row.instanceName, row.environment, row.product];
  for (const column of INVENTORY_COLUMNS) {
    const cell = row.cells[column];
    parts.push(cell.text, ...cell.marks);
    if (cell.detail !== undefined) parts.push(cell.detail);
  }
  return parts.join('\n').toLocaleLowerCase();
}

/** The rows the view shows, in its order: filtered by environment, product and text, then sorted (stable). */
export function shownRows(rows: readonly InventoryRowView[], view: ViewState): InventoryRowView[] {
  const needle = view.text.trim().toLocaleLowerCase();
  const kept = rows.filter(
    (row) =>
      (view.environment === null || row.environment === view.environment) &&
      (view.product === null || row.product === view.product) &&
      (!needle || searchText(row).includes(needle)),
  );
  const column = view.column;
  if (column === null) return kept;
  const sign = view.descending ? -1 : 1;
  const order = kept.map((row, index) => ({ row, index, key: row.cells[column].sortKey }));
  order.sort((a, b) => sign * compareSortKeys(a.key, b.key) || a.index - b.index);
  return order.map((entry) => entry.row);
}

/**
 * The assessment of the instances the view shows, in its order, for an export of what the page shows:
 * each instance keeps its marks (made against the whole fleet) and the summary counts theirs.
 */
export function shownAssessment(
  assessment: InventoryAssessment,
  rows: readonly InventoryRowView[],
): InventoryAssessment {
  const byName = new Map(assessment.instances.map((instance) => [instance.facts.name, instance]));
  const instances = rows.flatMap((row) => byName.get(row.instanceName) ?? []);
  return { instances, summary: summarizeInventory(instances, assessment.summary.comparedProducts) };
}

// ---- checks: anything else (a forged or stale message) is ignored ----

const isName = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length < 1000;
const isChoice = (value: unknown): value is string | null =>
  value === null || (typeof value === 'string' && value.length < 1000);

export function isViewState(value: unknown): value is ViewState {
  if (!isJsonObject(value)) return false;
  const { text, environment, product, column, descending } = value;
  return (
    typeof text === 'string' &&
    text.length <= MAX_FILTER_LENGTH &&
    isChoice(environment) &&
    isChoice(product) &&
    (column === null || (INVENTORY_COLUMNS as readonly unknown[]).includes(column)) &&
    typeof descending === 'boolean'
  );
}

export function isPageMessage(value: unknown): value is PageMessage {
  if (!isJsonObject(value)) return false;
  switch (value.type) {
    case 'ready':
    case 'refresh':
      return true;
    case 'export':
      return isViewState(value.view);
    case 'rowAction':
      return (ROW_ACTIONS as readonly unknown[]).includes(value.action) && isName(value.instanceName);
    default:
      return false;
  }
}

export function isPanelMessage(value: unknown): value is PanelMessage {
  if (!isJsonObject(value)) return false;
  if (value.type === 'status') return typeof value.text === 'string';
  return (
    value.type === 'inventory' &&
    Array.isArray(value.rows) &&
    typeof value.summary === 'string' &&
    typeof value.loading === 'number'
  );
}

/** The words the page shows that the host translates (vscode.l10n) and hands over in the HTML. */
export interface PageStrings {
  /** `{0}` instances still loading. */
  readonly loading: string;
  /** `{0}` of `{1}` instances shown. */
  readonly showing: string;
  readonly noMatch: string;
  readonly noInstances: string;
  readonly allEnvironments: string;
  readonly noEnvironment: string;
  readonly allProducts: string;
  readonly unknownProduct: string;
  readonly snapshot: string;
  readonly reveal: string;
  readonly refresh: string;
  readonly compare: string;
  /** Action button labels with the instance name: `{0}` is the name. */
  readonly snapshotLabel: string;
  readonly revealLabel: string;
  readonly refreshLabel: string;
  readonly compareLabel: string;
  /** Read before a mark's words by a screen reader: what kind of mark it is. */
  readonly drift: string;
  readonly warning: string;
}
