// The Instances view. Nothing touches the network until the view shows its instances; then every
// instance's status is checked at once (each instance is its own server, so one slow host does not
// hold up the others); an instance's snapshots, tokens and identity providers load when it is
// expanded, and an identity provider's managed groups when that is expanded.
import * as vscode from 'vscode';
import type { InstanceRegistry, InstancesChange } from '../state/instanceRegistry';
import type { Settings } from '../settings';
import type { InstanceDataCache } from '../state/instanceData';
import { RunningChanges } from '../state/runningChanges';
import { InstanceNode } from './instanceNode';
import { MessageNode } from './messageNode';
import { PAGE_SIZE } from '../../core/text/displayText';
import { groupNodeId, identityProviderNodeId, managedGroupNodeId } from './treeIds';
import type { TreeContext, TreeNode } from './treeNode';

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
  private readonly subscriptions: { dispose(): void }[] = [];
  /** The instance nodes currently shown, by lower-case name, so that one instance can be redrawn alone. */
  private instanceNodes = new Map<string, InstanceNode>();
  /** What runs on which node (by tree item id), drawn as a spinning icon and a description. */
  private readonly changes = new RunningChanges((instanceName) => this.redraw(instanceName));
  /** How many children a long list shows, by the list node's id, once "Show more" was clicked. */
  private readonly pageLimits = new Map<string, number>();
  /** Each node's parent, as getChildren handed it out: what TreeView.reveal asks for (getParent). */
  private readonly parents = new WeakMap<TreeNode, TreeNode>();
  private view: vscode.TreeView<TreeNode> | undefined;

  constructor(
    private readonly registry: InstanceRegistry,
    settings: Settings,
    private readonly data: InstanceDataCache,
  ) {
    this.context = {
      data,
      settings,
      registry,
      busyLabel: (id) => this.changes.label(id),
      pageLimit: (id) => this.pageLimits.get(id) ?? PAGE_SIZE,
    };
    this.subscriptions.push(
      data.onDidLoadStatus((name) => this.redraw(name)),
      registry.onDidChange((change) => this.follow(change)),
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

  getChildren(node?: TreeNode): Promise<TreeNode[]> | TreeNode[] {
    if (node) {
      return Promise.resolve(node.getChildren ? node.getChildren() : []).then((children) => {
        for (const child of children) this.parents.set(child, node);
        return children;
      });
    }
    const { instances, problems } = this.registry.listWithProblems();
    this.instanceNodes = new Map(
      instances.map((instance) => [instance.name.toLowerCase(), new InstanceNode(this.context, instance)]),
    );
    // Started here, drawn when each answers (onDidLoadStatus); a status already known is not re-checked.
    for (const instance of instances) void this.data.status(instance);
    const nodes: TreeNode[] = [...this.instanceNodes.values()];
    if (problems.length) nodes.push(settingsProblemsNode(problems));
    return nodes;
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return this.parents.get(node);
  }

  /** The view this provider draws, for reveal. */
  attach(view: vscode.TreeView<TreeNode>): void {
    this.view = view;
  }

  /**
   * Shows an instance in the view, selected: and within it, when given, an identity provider and one
   * of its managed groups, expanding what leads there (and loading it, as expanding by hand would).
   * Goes as deep as the rows exist (a group beyond the IdP's first page stops at the IdP). False when
   * the instance is not in the view.
   */
  async reveal(target: { readonly instanceName: string; readonly idpId?: string; readonly group?: string }) {
    const { instanceName, idpId, group } = target;
    // The root as the view has it, or drawn now: reveal finds rows by their ids, not by object.
    const root = this.instanceNodes.get(instanceName.toLowerCase()) ?? (await this.rootNode(instanceName));
    if (!root || !this.view) return false;
    const path: string[] = [];
    if (idpId !== undefined) {
      const idpNodeId = identityProviderNodeId(instanceName, idpId);
      path.push(groupNodeId(instanceName, 'identityProviders'), idpNodeId);
      if (group !== undefined) path.push(managedGroupNodeId(idpNodeId, group));
    }
    let node = root;
    for (const id of path) {
      const child = (await this.getChildren(node)).find((candidate) => candidate.getTreeItem().id === id);
      if (!child) break;
      node = child;
    }
    await this.view.reveal(node, { select: true, focus: true, expand: node !== root && path.length > 0 });
    return true;
  }

  private async rootNode(instanceName: string): Promise<TreeNode | undefined> {
    await Promise.resolve(this.getChildren());
    return this.instanceNodes.get(instanceName.toLowerCase());
  }

  /** Forgets what a change made stale, and no more: the other instances keep what they showed. */
  private follow(change: InstancesChange): void {
    if (change.stale === 'all') return this.refresh();
    if (!change.listChanged) {
      for (const name of change.stale) this.refresh(name);
      return;
    }
    for (const name of change.stale) this.data.invalidate(name);
    // The root is drawn anew; a status already known is not checked again (getChildren).
    this.changeEmitter.fire(undefined);
  }

  /** Forgets and reloads one instance (by name) or everything. */
  refresh(instanceName?: string): void {
    this.data.invalidate(instanceName);
    if (instanceName === undefined) {
      this.changeEmitter.fire(undefined);
      return;
    }
    // Check now: a collapsed instance would otherwise stay "checking…" until expanded.
    const instance = this.registry.get(instanceName);
    if (instance) void this.data.status(instance);
    this.redraw(instanceName);
  }

  /**
   * Shows `label` ("deleting…") with a spinning icon on the node with this id while `work` runs, then
   * redraws the instance. The node keeps its id, so selection and focus stay where they were. Refuses
   * to start while another change runs on the same node.
   */
  showBusy<T>(instanceName: string, nodeId: string, label: string, work: () => Promise<T>): Promise<T> {
    // One change per item at a time: a second click must not send a second DELETE or restore.
    const refusal = (running: string) =>
      vscode.l10n.t('This item is already {0} Wait until that has finished.', running);
    return this.changes.hold(instanceName, nodeId, label, refusal, work);
  }

  /**
   * One change of an instance's Kantega SSO configuration at a time (a snapshot or a restore, from
   * the tree, the palette or Snapshot Instances…): shown on its Snapshots group while `work` runs.
   * A second one is refused: two restores, or a snapshot taken halfway through a restore, would leave
   * nobody sure what the configuration is.
   */
  changeConfiguration<T>(instanceName: string, label: string, work: () => Promise<T>): Promise<T> {
    const refusal = (running: string) =>
      vscode.l10n.t('{0} is already {1} Wait until that has finished.', instanceName, running);
    return this.changes.hold(instanceName, groupNodeId(instanceName, 'snapshots'), label, refusal, work);
  }

  /** Shows the next page of a long list (All API Tokens by user, a user's tokens). */
  showMore(instanceName: string, listNodeId: string): void {
    this.pageLimits.set(listNodeId, (this.pageLimits.get(listNodeId) ?? PAGE_SIZE) + PAGE_SIZE);
    this.redraw(instanceName);
  }

  private redraw(instanceName: string): void {
    this.changeEmitter.fire(this.instanceNodes.get(instanceName.toLowerCase()));
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changeEmitter.dispose();
  }
}
