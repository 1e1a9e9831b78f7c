// The token report page: sends what the person asks (sort, filter, quick filters, page, a row's
// button) and draws the one page of rows the extension answers with. Rows are built with
// textContent, never HTML, so server text is never markup. The view (filter, sort, page) is kept
// in the webview state so that hiding and showing the panel keeps it; rows and secrets are not.
// Bundled by esbuild for the browser; type-checked with the rest.
import {
  PAGE_SIZE,
  isPanelMessage,
  type InstanceView,
  type PageMessage,
  type PageStrings,
  type RowAction,
  type RowView,
  type RowsMessage,
  type ViewState,
} from './tokenReportMessages';
import { fillPlaceholders as fill } from '../core/text/displayText';
import { byId, count, element, refocusRowButton, showStatus, startPage } from './pageKit';
import { QUICK_FILTERS, REPORT_COLUMNS, type QuickFilter, type ReportColumn } from '../core/fleet/tokenReport';

const { vscode, root, strings } = startPage<PageMessage, ViewState, PageStrings>('report');
const filterInput = byId<HTMLInputElement>('filter');
const tbody = byId<HTMLTableSectionElement>('rows');
const summary = byId('summary');
const pageInfo = byId('page-info');
const status = byId('status');

const saved = vscode.getState() as Partial<ViewState> | undefined;
let view: ViewState = {
  text: typeof saved?.text === 'string' ? saved.text : '',
  quick: Array.isArray(saved?.quick) ? saved.quick.filter((q) => QUICK_FILTERS.includes(q)) : [],
  column: saved?.column && REPORT_COLUMNS.includes(saved.column) ? saved.column : 'expires',
  descending: saved?.descending === true,
  offset: typeof saved?.offset === 'number' && saved.offset >= 0 ? Math.floor(saved.offset) : 0,
};
let seq = 0;
let last: RowsMessage | undefined;

function send(message: PageMessage): void {
  vscode.postMessage(message);
}

/** Asks for the rows of the view now; answers to earlier queries are dropped when they arrive. */
function query(changes: Partial<ViewState>): void {
  view = { ...view, ...changes };
  vscode.setState(view);
  seq++;
  send({ type: 'query', seq, view });
  showControls();
}

function showControls(): void {
  filterInput.value = view.text;
  for (const button of Array.from(document.querySelectorAll<HTMLButtonElement>('[data-quick]'))) {
    button.setAttribute('aria-pressed', String(view.quick.includes(button.dataset.quick as QuickFilter)));
  }
  for (const th of Array.from(document.querySelectorAll<HTMLElement>('th[data-column]'))) {
    const sorted = th.dataset.column === view.column;
    th.setAttribute('aria-sort', sorted ? (view.descending ? 'descending' : 'ascending') : 'none');
    const mark = th.querySelector('.sort-mark');
    if (mark) mark.textContent = sorted ? (view.descending ? ' ▼' : ' ▲') : '';
  }
}

// ---- controls ----

let filterTimer: ReturnType<typeof setTimeout> | undefined;
filterInput.addEventListener('input', () => {
  // One query per pause in typing, not per key: each one filters every row in the extension.
  clearTimeout(filterTimer);
  filterTimer = setTimeout(() => query({ text: filterInput.value, offset: 0 }), 150);
});

for (const button of Array.from(document.querySelectorAll<HTMLButtonElement>('[data-quick]'))) {
  button.addEventListener('click', () => {
    const filter = button.dataset.quick as QuickFilter;
    const quick = view.quick.includes(filter) ? view.quick.filter((q) => q !== filter) : [...view.quick, filter];
    query({ quick, offset: 0 });
  });
}

for (const th of Array.from(document.querySelectorAll<HTMLElement>('th[data-column]'))) {
  // A <button> in the header: Enter and Space sort, as a click does.
  th.querySelector('button')?.addEventListener('click', () => {
    const column = th.dataset.column as ReportColumn;
    query({ column, descending: column === view.column ? !view.descending : false, offset: 0 });
  });
}

const pageButtons = {
  first: byId<HTMLButtonElement>('first-page'),
  previous: byId<HTMLButtonElement>('previous-page'),
  next: byId<HTMLButtonElement>('next-page'),
  last: byId<HTMLButtonElement>('last-page'),
};
pageButtons.first.addEventListener('click', () => query({ offset: 0 }));
pageButtons.previous.addEventListener('click', () => query({ offset: Math.max(0, (last?.offset ?? 0) - PAGE_SIZE) }));
pageButtons.next.addEventListener('click', () => query({ offset: (last?.offset ?? 0) + PAGE_SIZE }));
pageButtons.last.addEventListener('click', () => query({ offset: Math.max(0, (last?.matching ?? 1) - 1) }));

byId('refresh').addEventListener('click', () => send({ type: 'refresh' }));
byId('export').addEventListener('click', () => send({ type: 'export' }));

// ---- drawing ----

function actionButton(action: RowAction, label: string, aria: string, row: RowView, tokenId: number) {
  const button = element('button', label, 'small secondary');
  button.type = 'button';
  button.dataset.action = action;
  button.setAttribute('aria-label', fill(aria, row.name));
  button.addEventListener('click', () => send({ type: 'rowAction', action, instanceName: row.instanceName, tokenId }));
  return button;
}

function drawRow(row: RowView): HTMLTableRowElement {
  const tr = element('tr');
  tr.className = `state-${row.state}${row.production ? ' production' : ''}`;
  tr.append(element('td', row.instanceName, 'instance'));
  const environment = element('td');
  if (row.environment) {
    environment.append(
      element('span', row.environment, `environment${row.production ? ' environment-production' : ''}`),
    );
  }
  tr.append(environment);
  tr.append(element('td', row.owner || strings.unknown, row.owner ? 'owner' : 'owner unknown'));
  tr.append(element('td', row.name, 'name'));
  tr.append(
    row.description === undefined
      ? element('td', strings.unknown, 'description unknown')
      : element('td', row.description, 'description'),
  );
  tr.append(element('td', row.created || strings.unknown, row.created ? 'time' : 'time unknown'));
  tr.append(element('td', row.expires || strings.unknown, row.expires ? 'time' : 'time unknown'));
  tr.append(element('td', row.daysLeft, 'number'));
  tr.append(element('td', row.stateLabel, `state expiry-${row.state}`));
  const actions = element('td', undefined, 'actions');
  if (row.tokenId === undefined) actions.append(element('span', strings.noId, 'unknown'));
  else {
    actions.append(actionButton('open', strings.open, strings.openLabel, row, row.tokenId));
    actions.append(actionButton('copyId', strings.copyId, strings.copyIdLabel, row, row.tokenId));
    if (row.isOwn) {
      actions.append(actionButton('renew', strings.renew, strings.renewLabel, row, row.tokenId));
      actions.append(actionButton('rotate', strings.rotate, strings.rotateLabel, row, row.tokenId));
    }
    actions.append(actionButton('delete', strings.delete, strings.deleteLabel, row, row.tokenId));
  }
  tr.append(actions);
  return tr;
}

function drawInstances(instances: readonly InstanceView[]): void {
  const list = byId('instances');
  const problems = byId('problem-list');
  const listItems: HTMLElement[] = [];
  const problemItems: HTMLElement[] = [];
  for (const instance of instances) {
    const item = element('li', undefined, `instance-${instance.state}`);
    item.append(element('span', instance.name, 'instance-name'), element('span', ` ${instance.detail}`, 'detail'));
    if (instance.state !== 'failed') {
      listItems.push(item);
      continue;
    }
    item.dataset.instance = instance.name;
    const retry = element('button', strings.retry, 'small secondary');
    retry.type = 'button';
    retry.setAttribute('aria-label', fill(strings.retryLabel, instance.name));
    retry.addEventListener('click', () => send({ type: 'retry', instanceName: instance.name }));
    item.append(retry);
    problemItems.push(item);
  }
  list.replaceChildren(...listItems);
  // Keep the focus on a Retry button when the list is redrawn under it.
  const focused = document.activeElement?.closest('li')?.getAttribute('data-instance');
  problems.replaceChildren(...problemItems);
  byId('problems').hidden = problemItems.length === 0;
  // Only while the page has the focus: a redraw in the background (a refresh, an export listing the
  // tokens) must not pull the focus out of what the person is doing, such as a quick pick, which closes.
  if (focused && document.hasFocus()) {
    problems.querySelector<HTMLButtonElement>(`li[data-instance="${CSS.escape(focused)}"] button`)?.focus();
  }
}

function draw(message: RowsMessage): void {
  last = message;
  if (message.offset !== view.offset) {
    view = { ...view, offset: message.offset };
    vscode.setState(view);
  }
  // Which row button had the focus, so that it can get it back after the redraw.
  const active = document.activeElement as HTMLElement | null;
  const activeRow = active?.closest('tr');
  const focusIndex = activeRow && tbody.contains(activeRow) ? Array.from(tbody.rows).indexOf(activeRow) : -1;
  const focusAction = active?.dataset.action;

  tbody.replaceChildren(...message.rows.map(drawRow));
  drawInstances(message.instances);
  for (const button of Array.from(document.querySelectorAll<HTMLButtonElement>('[data-quick]'))) {
    const shown = button.querySelector('.count');
    if (shown) shown.textContent = `(${count(message.counts[button.dataset.quick as QuickFilter] ?? 0)})`;
  }
  const loading = message.instances.some((instance) => instance.state === 'loading');
  root.setAttribute('aria-busy', String(loading));
  const first = message.matching ? message.offset + 1 : 0;
  const lastShown = message.offset + message.rows.length;
  const counts = fill(strings.showing, count(first), count(lastShown), count(message.matching), count(message.total));
  pageInfo.textContent = counts;
  // The counts are in the pager; the summary speaks only when there is no row to page through.
  summary.textContent = message.matching
    ? ''
    : message.total === 0
      ? loading
        ? strings.loading
        : strings.noTokens
      : strings.noMatch;
  pageButtons.first.disabled = pageButtons.previous.disabled = message.offset === 0;
  pageButtons.next.disabled = pageButtons.last.disabled = lastShown >= message.matching;

  if (focusIndex >= 0) refocusRowButton(tbody.rows[Math.min(focusIndex, tbody.rows.length - 1)], focusAction);
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data;
  if (!isPanelMessage(message)) return;
  if (message.type === 'status') return showStatus(status, message);
  // An answer to an older query than the last one sent is stale: the newer answer follows.
  if (message.seq < seq) return;
  draw(message);
});

// The first query asks for the saved view (the panel was hidden and shown again) or the default.
query({});
