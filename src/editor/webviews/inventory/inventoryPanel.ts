// The fleet inventory webview: one panel, one row per configured instance. It draws at once what the
// shared cache already knows (no request), then loads each instance's facts through that cache in
// parallel (what the tree loaded is not asked again) and draws anew as each arrives, assessing the
// whole fleet again each time (cheap for a few hundred instances). It follows refreshes and settings
// as the token report does. Row actions name an instance only; it is looked up in the settings again.
import * as vscode from 'vscode';
import { assessInventory, type InstanceFacts, type InventoryAssessment } from '../../../core/fleet/inventory';
import { inventoryRows, inventorySummaryLine } from '../../../core/fleet/inventoryText';
import { describeError } from '../../../core/errors';
import type { InstanceConfig } from '../../../core/instanceConfig';
import { factsOptions, inventorySource, knownInstanceFacts, loadInstanceFacts } from '../../state/inventoryFacts';
import { reportFailure } from '../../failures';
import type { Services } from '../../services';
import {
  isPageMessage,
  shownAssessment,
  shownRows,
  type InventoryMessage,
  type InventoryRowView,
  type PageMessage,
  type RowAction,
} from '../../../webview/inventoryMessages';
import { createPagePanel, pageResources, type PageFiles } from '../webviewPanel';
import { renderInventoryHtml } from './inventoryHtml';

const VIEW_TYPE = 'kantegaSso.inventory';
/** Answers arriving close together are drawn once: 200 instances answering do not redraw 200 times. */
const DRAW_DELAY_MS = 50;

/** Writes the instances the inventory shows, in its order, to a file the person chooses (the export command). */
export type ExportInventory = (assessment: InventoryAssessment) => Promise<void>;

export class InventoryPanel {
  private static current: InventoryPanel | undefined;

  /** Each instance's facts as last drawn, by name (lower-cased). */
  private readonly facts = new Map<string, InstanceFacts>();
  /** The load of each instance that counts: an older one that answers late is dropped. */
  private readonly loads = new Map<string, number>();
  private loadCount = 0;
  /** The fleet as last drawn (empty until the first draw, in the constructor). */
  private assessment: InventoryAssessment = assessInventory([], { now: 0, snapshotMaxAgeDays: 0 });
  private rows: InventoryRowView[] = [];
  private drawTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  /** Opens the inventory, or reveals it (and keeps what it shows) when it is open already. */
  static show(services: Services, exportInventory: ExportInventory): void {
    if (InventoryPanel.current) {
      InventoryPanel.current.panel.reveal();
      return;
    }
    const { panel, files } = createPagePanel(
      VIEW_TYPE,
      vscode.l10n.t('Fleet Inventory'),
      services.extensionUri,
      'inventory',
      'tablePage',
    );
    InventoryPanel.current = new InventoryPanel(panel, files, services, exportInventory);
  }

  /** Whether the inventory is open and visible (auto-refresh refreshes only then, or while the view shows). */
  static isVisible(): boolean {
    return InventoryPanel.current?.panel.visible ?? false;
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly files: PageFiles,
    private readonly services: Services,
    private readonly exportInventory: ExportInventory,
  ) {
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: unknown) => {
        if (isPageMessage(message)) void this.handle(message);
      }),
      // A refresh (a row's, the view's, auto-refresh) or a change made elsewhere (a snapshot taken).
      services.data.onDidInvalidate((name) => {
        if (name === undefined) return this.loadAll();
        const instance = services.instances.get(name);
        if (instance) void this.load(instance);
      }),
      // The instances, or the windows the marks are measured against (snapshot age, token warnings):
      // everything is asked again of the cache, which answers from what it holds.
      services.settings.onDidChange((change) => {
        if (change.instances || change.display) this.loadAll();
      }),
    );
    const webview = panel.webview;
    webview.html = renderInventoryHtml(pageResources(webview, this.files), vscode.l10n, vscode.env.language);
    this.loadAll();
  }

  /** Draws what is known of every instance now, then loads each one's facts, all at once. */
  private loadAll(): void {
    const configured = this.services.instances.list();
    const keep = new Set(configured.map((instance) => instance.name.toLowerCase()));
    for (const key of [...this.facts.keys()]) {
      if (!keep.has(key)) {
        this.facts.delete(key);
        this.loads.delete(key);
      }
    }
    // Each load puts what is known now in place before it waits: drawn at once, counted as loading.
    for (const instance of configured) void this.load(instance);
    this.post();
  }

  private async load(instance: InstanceConfig): Promise<void> {
    const key = instance.name.toLowerCase();
    const load = ++this.loadCount;
    this.loads.set(key, load);
    const source = inventorySource(this.services);
    this.facts.set(key, knownInstanceFacts(source, instance, factsOptions(this.services.settings)));
    this.scheduleDraw();
    let facts: InstanceFacts;
    try {
      facts = await loadInstanceFacts(source, instance, factsOptions(this.services.settings));
    } catch (e) {
      // The cache turns failures into facts; anything else is logged and what is known is drawn.
      this.services.log.warn(`Fleet Inventory: ${instance.name}: ${describeError(e)}`);
      facts = knownInstanceFacts(source, instance, factsOptions(this.services.settings));
    }
    if (this.disposed || this.loads.get(key) !== load) return;
    this.loads.delete(key);
    this.facts.set(key, facts);
    this.scheduleDraw();
  }

  private scheduleDraw(): void {
    if (this.drawTimer !== undefined || this.disposed) return;
    this.drawTimer = setTimeout(() => {
      this.drawTimer = undefined;
      this.post();
    }, DRAW_DELAY_MS);
  }

  /** Assesses the whole fleet as now known and sends every row. */
  private post(): void {
    if (this.drawTimer !== undefined) {
      clearTimeout(this.drawTimer);
      this.drawTimer = undefined;
    }
    const now = Date.now();
    const configured = this.services.instances.list();
    const facts = configured.flatMap((instance) => this.facts.get(instance.name.toLowerCase()) ?? []);
    this.assessment = assessInventory(facts, { now, snapshotMaxAgeDays: this.services.settings.snapshotMaxAgeDays() });
    this.rows = inventoryRows(this.assessment, { now });
    const message: InventoryMessage = {
      type: 'inventory',
      rows: this.rows,
      summary: inventorySummaryLine(this.assessment.summary),
      loading: this.loads.size,
    };
    void this.panel.webview.postMessage(message);
  }

  private async handle(message: PageMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        return this.post();
      case 'refresh':
        // The view's refresh: forgets everything (onDidInvalidate then loads it all again here too).
        await vscode.commands.executeCommand('kantegaSso.refresh');
        return;
      case 'export':
        try {
          await this.exportInventory(shownAssessment(this.assessment, shownRows(this.rows, message.view)));
        } catch (e) {
          reportFailure(this.services, 'kantegaSso.exportInventory', e);
        }
        return;
      case 'rowAction':
        return this.rowAction(message.action, message.instanceName);
    }
  }

  private async rowAction(action: RowAction, instanceName: string): Promise<void> {
    const instance = this.services.instances.get(instanceName);
    if (!instance) return;
    const ref = { instanceName: instance.name };
    // The commands report their own failures (their wrapper never lets one reach here); one missing
    // from this build would reject, and is reported as its failure.
    const command = {
      snapshot: 'kantegaSso.createSnapshot',
      refresh: 'kantegaSso.refresh',
      compare: 'kantegaSso.compareInstances',
      reveal: undefined,
    }[action];
    try {
      if (command) await vscode.commands.executeCommand(command, ref);
      else await this.services.tree.reveal(ref);
    } catch (e) {
      reportFailure(this.services, command ?? 'kantegaSso.showInventory', e);
    }
  }

  private dispose(): void {
    this.disposed = true;
    if (InventoryPanel.current === this) InventoryPanel.current = undefined;
    clearTimeout(this.drawTimer);
    this.loads.clear();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
