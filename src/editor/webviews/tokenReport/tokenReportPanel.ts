// The token report webview: one panel, listing the tokens of every configured instance. The panel
// holds every row (plain data, no secret) and answers the page's queries with one page of rows, so
// a message never carries more than PAGE_SIZE rows however many tokens there are. Row actions name
// an instance and a token id; the token is found again in what this panel loaded, and delete and
// renew go through the commands, which look it up on the server and confirm.
import * as vscode from 'vscode';
import { createPagePanel, pageResources, type PageFiles } from '../webviewPanel';
import { describeError } from '../../../core/errors';
import type { InstanceConfig } from '../../../core/instanceConfig';
import type { ListedToken } from '../../state/instanceData';
import {
  ReportModel,
  buildReportRows,
  shownDate,
  shownTime,
  type ReportQuery,
  type ReportRow,
  type TokenState,
} from '../../../core/fleet/tokenReport';
import { reportFailure } from '../../failures';
import type { Services } from '../../services';
import {
  PAGE_SIZE,
  isPageMessage,
  type InstanceView,
  type PageMessage,
  type RowAction,
  type RowView,
  type RowsMessage,
  type StatusMessage,
  type ViewState,
} from '../../../webview/tokenReportMessages';
import { DEFAULT_VIEW, renderTokenReportHtml } from './tokenReportHtml';

const VIEW_TYPE = 'kantegaSso.tokenReport';
/** The command behind each row button that changes a token: it looks the token up again and confirms. */
const ROW_COMMANDS = {
  delete: 'kantegaSso.deleteToken',
  renew: 'kantegaSso.renewToken',
  rotate: 'kantegaSso.rotateToken',
} as const;

/** A count with its digits grouped as the display language does (50,000). */
function count(n: number): string {
  try {
    return n.toLocaleString(vscode.env.language);
  } catch {
    return String(n);
  }
}

interface InstanceEntry {
  instance: InstanceConfig;
  state: 'loading' | 'loaded' | 'failed';
  tokens: ListedToken[];
  rows: ReportRow[];
  message: string;
  controller?: AbortController;
}

/** Writes the rows the report's filter shows to a file the person chooses (the export command). */
export type ExportRows = (rows: readonly ReportRow[]) => Promise<void>;

function stateLabels(): Record<TokenState, string> {
  return {
    expired: vscode.l10n.t('expired'),
    expiring: vscode.l10n.t('expiring'),
    valid: vscode.l10n.t('valid'),
    never: vscode.l10n.t('never expires'),
    unknown: vscode.l10n.t('unknown'),
  };
}

export class TokenReportPanel {
  private static current: TokenReportPanel | undefined;

  private readonly entries = new Map<string, InstanceEntry>();
  private model = new ReportModel([]);
  private view: ViewState = DEFAULT_VIEW;
  private seq = 0;
  private readonly labels = stateLabels();
  private readonly disposables: vscode.Disposable[] = [];
  /** One change per token at a time: a second click on Delete while the first confirms does nothing. */
  private readonly busy = new Set<string>();

  /** Opens the report, or reveals it (and keeps what it shows) when it is open already. */
  static show(services: Services, exportRows: ExportRows): void {
    if (TokenReportPanel.current) {
      TokenReportPanel.current.panel.reveal();
      return;
    }
    const { panel, files } = createPagePanel(
      VIEW_TYPE,
      vscode.l10n.t('API tokens across instances'),
      services.extensionUri,
      'tokenReport',
      'tablePage',
    );
    TokenReportPanel.current = new TokenReportPanel(panel, files, services, exportRows);
  }

  /** Whether the report is open and visible (auto-refresh polls only then). */
  static isVisible(): boolean {
    return TokenReportPanel.current?.panel.visible ?? false;
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly files: PageFiles,
    private readonly services: Services,
    private readonly exportRows: ExportRows,
  ) {
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: unknown) => {
        if (isPageMessage(message)) void this.handle(message);
      }),
      // A refresh (the command, auto-refresh) or a change made elsewhere (a token created, renewed
      // or deleted from the tree) shows here too.
      services.data.onDidInvalidate((name) => {
        const instance = name === undefined ? undefined : services.instances.get(name);
        if (!instance) this.loadAll();
        else if (this.entries.has(instance.name.toLowerCase())) void this.load(instance);
      }),
      services.settings.onDidChange((change) => {
        if (change.instances) this.loadAll();
        // The warning window changes the states; the quick filter's label too, so render anew.
        else if (change.display) {
          this.render();
          this.rebuild(true);
        }
      }),
    );
    this.render();
    this.loadAll();
  }

  private render(): void {
    const webview = this.panel.webview;
    webview.html = renderTokenReportHtml(
      pageResources(webview, this.files),
      this.services.settings.expiryWarningDays(),
      vscode.l10n,
      vscode.env.language,
    );
  }

  /** Lists every configured instance again, in parallel (the HTTP layer bounds requests per server). */
  private loadAll(): void {
    const configured = this.services.instances.list();
    const keep = new Set(configured.map((instance) => instance.name.toLowerCase()));
    for (const [key, entry] of this.entries) {
      if (!keep.has(key)) {
        entry.controller?.abort();
        this.entries.delete(key);
      }
    }
    for (const instance of configured) void this.load(instance);
    this.rebuild();
  }

  private async load(instance: InstanceConfig): Promise<void> {
    const key = instance.name.toLowerCase();
    const previous = this.entries.get(key);
    previous?.controller?.abort();
    const controller = new AbortController();
    const entry: InstanceEntry = {
      instance,
      state: 'loading',
      tokens: previous?.tokens ?? [],
      rows: previous?.rows ?? [],
      message: '',
      controller,
    };
    this.entries.set(key, entry);
    this.postRows();
    try {
      entry.tokens = await this.services.data.listTokens(instance, { signal: controller.signal });
      entry.rows = this.rowsOf(entry);
      entry.state = 'loaded';
    } catch (e) {
      // Superseded by a newer load of the same instance (or the panel closed): that one reports.
      if (controller.signal.aborted || this.entries.get(key) !== entry) return;
      entry.tokens = [];
      entry.rows = [];
      entry.state = 'failed';
      entry.message = describeError(e);
    }
    if (this.entries.get(key) !== entry) return;
    entry.controller = undefined;
    this.rebuild();
  }

  private rowsOf(entry: InstanceEntry): ReportRow[] {
    return buildReportRows(entry.instance, entry.tokens, Date.now(), this.services.settings.expiryWarningDays());
  }

  /**
   * The model from every instance's rows: each instance's rows are made when it loads, so one
   * instance answering does not remake the rows of the others; `all` remakes them (warning window).
   */
  private rebuild(all = false): void {
    const rows: ReportRow[] = [];
    for (const entry of this.entries.values()) {
      if (all) entry.rows = this.rowsOf(entry);
      for (const row of entry.rows) rows.push(row);
    }
    const model = new ReportModel(rows, (state) => this.labels[state]);
    this.model = model;
    this.postRows();
    // The first filter keystroke would otherwise pay for the search text (~0.1 s for 50,000 rows).
    setTimeout(() => {
      if (this.model === model) model.prepareSearch();
    }, 200);
  }

  private query(): ReportQuery {
    const { text, quick, column, descending } = this.view;
    return { text, quick, sort: { column, descending } };
  }

  /** The rows the report's filter shows now, all pages, in its order: what Export writes. */
  private matchingRows(): ReportRow[] {
    return this.model.matching(this.query());
  }

  private postRows(): void {
    const page = this.model.page(this.query(), this.view.offset, PAGE_SIZE);
    const message: RowsMessage = {
      type: 'rows',
      seq: this.seq,
      rows: page.rows.map((row) => this.rowView(row)),
      offset: page.offset,
      matching: page.matching,
      total: page.total,
      counts: this.model.counts(),
      instances: [...this.entries.values()].map((entry) => this.instanceView(entry)),
    };
    void this.panel.webview.postMessage(message);
  }

  private rowView(row: ReportRow): RowView {
    return {
      instanceName: row.instanceName,
      environment: row.environment ?? '',
      production: row.production,
      owner: row.owner ?? '',
      name: row.name,
      description: row.descriptionUnknown ? undefined : (row.description ?? ''),
      created: shownDate(row.createdAt),
      expires: row.neverExpires ? vscode.l10n.t('never') : shownTime(row.expiresAt),
      daysLeft: row.daysLeft !== undefined ? String(row.daysLeft) : '',
      state: row.state,
      stateLabel: this.labels[row.state],
      isOwn: row.isOwn,
      tokenId: row.tokenId,
    };
  }

  private instanceView(entry: InstanceEntry): InstanceView {
    const detail =
      entry.state === 'failed'
        ? entry.message
        : entry.state === 'loaded'
          ? vscode.l10n.t('{0} tokens', count(entry.tokens.length))
          : vscode.l10n.t('loading…');
    return { name: entry.instance.name, state: entry.state, detail };
  }

  private postStatus(text: string, isError = false): void {
    const message: StatusMessage = { type: 'status', text, isError };
    void this.panel.webview.postMessage(message);
  }

  private async handle(message: PageMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        return this.postRows();
      case 'query':
        this.view = message.view;
        this.seq = message.seq;
        return this.postRows();
      case 'refresh':
        return this.loadAll();
      case 'retry': {
        const instance = this.services.instances.get(message.instanceName);
        if (instance && this.entries.has(instance.name.toLowerCase())) await this.load(instance);
        return;
      }
      case 'export':
        try {
          await this.exportRows(this.matchingRows());
        } catch (e) {
          reportFailure(this.services, 'kantegaSso.exportTokens', e);
        }
        return;
      case 'rowAction':
        return this.rowAction(message.action, message.instanceName, message.tokenId);
    }
  }

  /** The token as this panel loaded it: a message naming anything else is ignored. */
  private listed(instanceName: string, tokenId: number): { entry: InstanceEntry; listed: ListedToken } | undefined {
    const entry = this.entries.get(instanceName.toLowerCase());
    const listed = entry?.tokens.find(({ token }) => token.actionable && token.id === tokenId);
    return entry && listed ? { entry, listed } : undefined;
  }

  private async rowAction(action: RowAction, instanceName: string, tokenId: number): Promise<void> {
    const found = this.listed(instanceName, tokenId);
    const instance = this.services.instances.get(instanceName);
    if (!found || !instance) return;
    const { listed } = found;
    const ref = { instanceName: instance.name, tokenId };
    switch (action) {
      case 'open':
        // The command finds the token again on the instance as it is now, as a tree row's would.
        await vscode.commands.executeCommand('kantegaSso.openTokenDetails', ref);
        return;
      case 'copyId':
        await vscode.env.clipboard.writeText(String(tokenId));
        return this.postStatus(vscode.l10n.t('Token ID {0} copied to the clipboard.', tokenId));
      case 'delete':
      case 'renew':
      case 'rotate': {
        if (action !== 'delete' && !listed.isOwn) return;
        const key = `${instance.name.toLowerCase()}\u0000${tokenId}`;
        if (this.busy.has(key)) return;
        this.busy.add(key);
        try {
          // The command looks the token up again, confirms, and reports its own failures (its wrapper
          // never lets one reach here).
          await vscode.commands.executeCommand(ROW_COMMANDS[action], ref);
        } finally {
          this.busy.delete(key);
        }
        // The command refreshes the instance once it sent the change; onDidInvalidate reloads its rows.
        return;
      }
    }
  }

  private dispose(): void {
    if (TokenReportPanel.current === this) TokenReportPanel.current = undefined;
    for (const entry of this.entries.values()) entry.controller?.abort();
    this.entries.clear();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
