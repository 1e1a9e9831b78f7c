// The fleet inventory page: draws every instance's row as the extension sends it (each cell's text
// and, under it, its marks in words), filters and sorts them here (a few hundred rows at most), and
// sends what the person asks (a row's button, Refresh, Export with the view it shows). Rows are built
// with textContent, never HTML, so server text is never markup. The view (filters, sort) is kept in
// the webview state so that hiding and showing the panel keeps it; rows are not.
// Bundled by esbuild for the browser; type-checked with the rest.
import {
  DEFAULT_VIEW,
  INVENTORY_COLUMNS,
  isPanelMessage,
  isViewState,
  shownRows,
  type InventoryMessage,
  type InventoryRowView,
  type InventoryTableColumn,
  type PageMessage,
  type PageStrings,
  type RowAction,
  type ViewState,
} from './inventoryMessages';
import { fillPlaceholders as fill } from '../core/text/displayText';
import { byId, count, element, refocusRowButton, showStatus, startPage } from './pageKit';

const { vscode, root, strings } = startPage<PageMessage, ViewState, PageStrings>('inventory');
const filterInput = byId<HTMLInputElement>('filter');
const environmentSelect = byId<HTMLSelectElement>('environment-filter');
const productSelect = byId<HTMLSelectElement>('product-filter');
const tbody = byId<HTMLTableSectionElement>('rows');
const summary = byId('summary');
const shownCount = byId('shown-count');
const loadingNote = byId('loading');
const status = byId('status');

const saved = vscode.getState();
let view: ViewState = isViewState(saved) ? saved : DEFAULT_VIEW;
let last: InventoryMessage | undefined;

function send(message: PageMessage): void {
  vscode.postMessage(message);
}

function change(changes: Partial<ViewState>): void {
  view = { ...view, ...changes };
  vscode.setState(view);
  if (last) draw(last);
  else showControls();
}

// ---- controls ----

/** A select's value for a choice: '*' for every one, '=' and the value for one (so '' stays a value). */
const optionValue = (choice: string | null) => (choice === null ? '*' : `=${choice}`);
const choiceOf = (value: string) => (value.startsWith('=') ? value.slice(1) : null);

function fillSelect(select: HTMLSelectElement, all: string, blank: string, values: string[], chosen: string | null) {
  const choices = new Set(values);
  // The chosen value stays offered while no row has it any more: the select says what filters.
  if (chosen !== null) choices.add(chosen);
  const sorted = [...choices].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)));
  const options = [new Option(all, optionValue(null))];
  for (const value of sorted) options.push(new Option(value === '' ? blank : value, optionValue(value)));
  const focused = document.activeElement === select;
  select.replaceChildren(...options);
  select.value = optionValue(chosen);
  if (focused) select.focus();
}

function showControls(): void {
  if (filterInput.value !== view.text) filterInput.value = view.text;
  for (const th of Array.from(document.querySelectorAll<HTMLElement>('th[data-column]'))) {
    const sorted = th.dataset.column === view.column;
    th.setAttribute('aria-sort', sorted ? (view.descending ? 'descending' : 'ascending') : 'none');
    const mark = th.querySelector('.sort-mark');
    if (mark) mark.textContent = sorted ? (view.descending ? ' ▼' : ' ▲') : '';
  }
}

let filterTimer: ReturnType<typeof setTimeout> | undefined;
filterInput.addEventListener('input', () => {
  clearTimeout(filterTimer);
  filterTimer = setTimeout(() => change({ text: filterInput.value }), 100);
});
environmentSelect.addEventListener('change', () => change({ environment: choiceOf(environmentSelect.value) }));
productSelect.addEventListener('change', () => change({ product: choiceOf(productSelect.value) }));

for (const th of Array.from(document.querySelectorAll<HTMLElement>('th[data-column]'))) {
  // A <button> in the header: Enter and Space sort, as a click does.
  th.querySelector('button')?.addEventListener('click', () => {
    const column = th.dataset.column as InventoryTableColumn;
    change({ column, descending: column === view.column ? !view.descending : false });
  });
}

byId('refresh').addEventListener('click', () => send({ type: 'refresh' }));
byId('export').addEventListener('click', () => send({ type: 'export', view }));

// ---- drawing ----

function actionButton(action: RowAction, label: string, aria: string, row: InventoryRowView) {
  const button = element('button', label, 'small secondary');
  button.type = 'button';
  button.dataset.action = action;
  button.setAttribute('aria-label', fill(aria, row.instanceName));
  button.addEventListener('click', () => send({ type: 'rowAction', action, instanceName: row.instanceName }));
  return button;
}

function drawCell(row: InventoryRowView, column: InventoryTableColumn, previousDetail: string | undefined) {
  const cell = row.cells[column];
  const classes = [`col-${column}`];
  if (cell.unknown) classes.push('unknown');
  if (cell.severity) classes.push(`marked`, `mark-${cell.severity}`);
  const td = element('td', undefined, classes.join(' '));
  if (column === 'environment' && cell.text) {
    td.append(element('span', cell.text, `environment${row.production ? ' environment-production' : ''}`));
  } else if (cell.text) td.append(element('span', cell.text, 'value'));
  // Shown under the value where it explains it (why an instance is not online, which snapshot the
  // versions are from, the configured address beside another one); else, and where the cell before
  // shows the same (the snapshot date of the versions), a tooltip: 200 rows stay readable.
  if (cell.detail !== undefined) {
    const explains = column === 'status' || column === 'product' || cell.marks.length > 0;
    if (explains && cell.detail !== previousDetail) td.append(element('div', cell.detail, 'detail'));
    else td.title = cell.detail;
  }
  if (cell.marks.length) {
    const list = element('ul', undefined, 'marks');
    for (const words of cell.marks) {
      const item = element('li', undefined, `mark mark-${cell.severity ?? 'warning'}`);
      // The sign shows the kind at a glance; the hidden word says it to a screen reader; the words say what.
      item.append(
        element('span', cell.severity === 'drift' ? '≠' : '⚠', 'mark-sign'),
        element('span', cell.severity === 'drift' ? strings.drift : strings.warning, 'visually-hidden'),
        element('span', words, 'mark-words'),
      );
      item.querySelector('.mark-sign')?.setAttribute('aria-hidden', 'true');
      list.append(item);
    }
    td.append(list);
  }
  return td;
}

function drawRow(row: InventoryRowView): HTMLTableRowElement {
  const tr = element('tr');
  tr.dataset.instance = row.instanceName;
  tr.className = [row.production ? 'production' : '', row.online ? '' : 'offline'].filter(Boolean).join(' ');
  let previousDetail: string | undefined;
  for (const column of INVENTORY_COLUMNS) {
    tr.append(drawCell(row, column, previousDetail));
    previousDetail = row.cells[column].detail;
  }
  const actions = element('td', undefined, 'actions');
  if (row.online) actions.append(actionButton('snapshot', strings.snapshot, strings.snapshotLabel, row));
  actions.append(
    actionButton('reveal', strings.reveal, strings.revealLabel, row),
    actionButton('refresh', strings.refresh, strings.refreshLabel, row),
    actionButton('compare', strings.compare, strings.compareLabel, row),
  );
  tr.append(actions);
  return tr;
}

function draw(message: InventoryMessage): void {
  last = message;
  showControls();
  fillSelect(
    environmentSelect,
    strings.allEnvironments,
    strings.noEnvironment,
    message.rows.map((row) => row.environment),
    view.environment,
  );
  fillSelect(
    productSelect,
    strings.allProducts,
    strings.unknownProduct,
    message.rows.map((row) => row.product),
    view.product,
  );

  // Which row button had the focus, so that it gets it back after the redraw.
  const active = document.activeElement as HTMLElement | null;
  const activeRow = active?.closest('tr');
  const focusInstance = activeRow && tbody.contains(activeRow) ? activeRow.dataset.instance : undefined;
  const focusAction = active?.dataset.action;

  const rows = shownRows(message.rows, view);
  tbody.replaceChildren(...rows.map(drawRow));
  summary.textContent = message.summary;
  shownCount.textContent = message.rows.length
    ? rows.length
      ? fill(strings.showing, count(rows.length), count(message.rows.length))
      : strings.noMatch
    : strings.noInstances;
  loadingNote.textContent = message.loading ? fill(strings.loading, count(message.loading)) : '';
  root.setAttribute('aria-busy', String(message.loading > 0));

  if (focusInstance !== undefined) {
    refocusRowButton(
      Array.from(tbody.rows).find((tr) => tr.dataset.instance === focusInstance),
      focusAction,
    );
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data;
  if (!isPanelMessage(message)) return;
  if (message.type === 'status') return showStatus(status, message);
  draw(message);
});

showControls();
send({ type: 'ready' });
