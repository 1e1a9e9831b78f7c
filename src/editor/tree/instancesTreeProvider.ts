// The Instances view. Nothing touches the network until the view shows its instances; then every
// instance's status is checked in parallel (at most STATUS_CHECKS_IN_PARALLEL at a time), and an
// instance's snapshots and tokens load when it is expanded.
import * as vscode from 'vscode';
import { mapSettledBounded } from '../../core/concurrency';
import type { InstanceRegistry } from '../instances';
import type { Settings } from '../settings';
import { InstanceDataCache } from './instanceData';
import { InstanceNode } from './instanceNode';
import { MessageNode } from './messageNode';
import type { TreeContext, TreeNode } from './treeNode';

const STATUS_CHECKS_IN_PARALLEL = 4;

/** Hand-written entries that could not be used: said once in the tree, each one in the log. */
function settingsProblemsNode(problems: readonly string[]): MessageNode {
  const message =
    problems.length === 1
      ? vscode.l10n.t('1 problem in the setting kantegaSso.instances')
      : vscode.l10n.t('{0} problems in the setting kantegaSso.instances', problems.length);
  return new MessageNode('settingsProblems', undefined, message, {
    icon: new vscode.ThemeIcon('warning', new vscode.ThemeColor('charts.yellow')),
    command: { command: 'kantegaSso.showLog', title: vscode.l10n.t('Show Log') },
  });
}

export class InstancesTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly context: TreeContext;
  private readonly data: InstanceDataCache;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** The instance nodes currently shown, by lower-case name, so that one instance can be redrawn alone. */
  private instanceNodes = new Map<string, InstanceNode>();
  /** Instances waiting for a status check, so that redrawing the root does not queue them twice. */
  private readonly queued = new Set<string>();

  constructor(registry: InstanceRegistry, settings: Settings) {
    this.data = new InstanceDataCache(registry);
    this.context = { data: this.data, settings, registry };
    this.subscriptions.push(
      this.data,
      this.data.onDidLoadStatus((name) => this.redraw(name)),
      registry.onDidChange((name) => this.refresh(name)),
      settings.onDidChange((change) => {
        if (change.display && !change.instances && !change.network) this.changeEmitter.fire(undefined);
      }),
    );
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.getTreeItem();
  }

  resolveTreeItem(item: vscode.TreeItem, node: TreeNode): vscode.TreeItem {
    if (node.tooltip) item.tooltip = node.tooltip();
    return item;
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (node) return node.getChildren ? node.getChildren() : [];
    const { instances, problems } = this.context.registry.listWithProblems();
    this.instanceNodes = new Map(
      instances.map((instance) => [instance.name.toLowerCase(), new InstanceNode(this.context, instance)]),
    );
    const unchecked = instances.filter(
      (instance) => !this.data.hasStatus(instance) && !this.queued.has(instance.name.toLowerCase()),
    );
    for (const instance of unchecked) this.queued.add(instance.name.toLowerCase());
    void mapSettledBounded(unchecked, STATUS_CHECKS_IN_PARALLEL, (instance) =>
      this.data.status(instance).finally(() => this.queued.delete(instance.name.toLowerCase())),
    );
    const nodes: TreeNode[] = [...this.instanceNodes.values()];
    if (problems.length) nodes.push(settingsProblemsNode(problems));
    return nodes;
  }

  /** Forgets and reloads one instance (by name) or everything. */
  refresh(instanceName?: string): void {
    this.data.invalidate(instanceName);
    if (instanceName === undefined) {
      this.changeEmitter.fire(undefined);
      return;
    }
    // Check now: a collapsed instance would otherwise stay "checking…" until expanded.
    const instance = this.context.registry.get(instanceName);
    if (instance) void this.data.status(instance);
    this.redraw(instanceName);
  }

  private redraw(instanceName: string): void {
    const node = this.instanceNodes.get(instanceName.toLowerCase());
    if (node) this.changeEmitter.fire(node);
    else this.changeEmitter.fire(undefined);
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changeEmitter.dispose();
  }
}
