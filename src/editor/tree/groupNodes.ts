// The groups under an instance: Snapshots (n), My API Tokens (n), All API Tokens (n) by user.
import * as vscode from 'vscode';
import type { InstanceConfig } from '../../core/instanceConfig';
import type { ApiToken, Snapshot } from '../../core/model';
import { groupByOwner, isOwnToken, sortByExpiry } from '../../core/tokenList';
import type { Loaded } from './instanceData';
import { MessageNode } from './messageNode';
import { SnapshotNode } from './snapshotNode';
import { TokenNode } from './tokenNode';
import type { TreeContext, TreeNode } from './treeNode';

function groupItem<T>(
  id: string,
  title: string,
  loaded: Loaded<T[]>,
  icon: string,
  state: vscode.TreeItemCollapsibleState,
): vscode.TreeItem {
  const label = loaded.ok ? `${title} (${loaded.value.length})` : title;
  const item = new vscode.TreeItem(label, state);
  item.id = id;
  const failed = !loaded.ok && !loaded.forbidden;
  item.iconPath = failed ? new vscode.ThemeIcon(icon, new vscode.ThemeColor('charts.red')) : new vscode.ThemeIcon(icon);
  if (!loaded.ok)
    item.description = loaded.forbidden ? vscode.l10n.t('system administrators only') : vscode.l10n.t('could not load');
  return item;
}

/** Why a list is missing: a lack of rights is information, anything else an error with Retry. */
function notLoadedNode(
  id: string,
  instance: InstanceConfig,
  loaded: { message: string; forbidden: boolean },
  refreshTarget: TreeNode,
): MessageNode {
  if (!loaded.forbidden) return MessageNode.error(`${id}/error`, instance, loaded.message, refreshTarget);
  return new MessageNode(`${id}/forbidden`, instance, loaded.message, { icon: new vscode.ThemeIcon('lock') });
}

export class SnapshotsGroupNode implements TreeNode {
  constructor(
    readonly instance: InstanceConfig,
    private readonly snapshots: Loaded<Snapshot[]>,
    private readonly refreshTarget: TreeNode,
  ) {}

  private get id(): string {
    return `instance:${this.instance.name}/snapshots`;
  }

  getTreeItem(): vscode.TreeItem {
    const forbidden = !this.snapshots.ok && this.snapshots.forbidden;
    const state = forbidden ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded;
    const item = groupItem(this.id, vscode.l10n.t('Snapshots'), this.snapshots, 'history', state);
    // Without the rights, offering Create Snapshot would only lead to an error.
    item.contextValue = forbidden ? 'snapshots.forbidden' : 'snapshots';
    return item;
  }

  getChildren(): TreeNode[] {
    if (!this.snapshots.ok) return [notLoadedNode(this.id, this.instance, this.snapshots, this.refreshTarget)];
    if (!this.snapshots.value.length) {
      return [
        new MessageNode(`${this.id}/empty`, this.instance, vscode.l10n.t('No snapshots yet'), {
          icon: new vscode.ThemeIcon('info'),
          command: { command: 'kantegaSso.createSnapshot', title: vscode.l10n.t('Create Snapshot'), arguments: [this] },
        }),
      ];
    }
    // The client lists snapshots newest first.
    return this.snapshots.value.map(
      (snapshot, index) => new SnapshotNode(this.instance, snapshot, `${this.id}/${snapshot.id}#${index}`),
    );
  }
}

export class MyTokensGroupNode implements TreeNode {
  constructor(
    private readonly context: TreeContext,
    readonly instance: InstanceConfig,
    private readonly tokens: Loaded<ApiToken[]>,
    private readonly refreshTarget: TreeNode,
  ) {}

  private get id(): string {
    return `instance:${this.instance.name}/myTokens`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = groupItem(
      this.id,
      vscode.l10n.t('My API Tokens'),
      this.tokens,
      'key',
      vscode.TreeItemCollapsibleState.Expanded,
    );
    item.contextValue = 'myTokens';
    return item;
  }

  getChildren(): TreeNode[] {
    if (!this.tokens.ok) return [notLoadedNode(this.id, this.instance, this.tokens, this.refreshTarget)];
    if (!this.tokens.value.length) {
      return [
        new MessageNode(`${this.id}/empty`, this.instance, vscode.l10n.t('No API tokens yet'), {
          icon: new vscode.ThemeIcon('info'),
          command: { command: 'kantegaSso.createToken', title: vscode.l10n.t('Create API Token'), arguments: [this] },
        }),
      ];
    }
    return sortByExpiry(this.tokens.value).map(
      (token, index) =>
        new TokenNode(this.context, this.instance, token, true, `${this.id}/${token.id ?? 'noId'}#${index}`),
    );
  }
}

/** Only shown to system administrators: every user's tokens, grouped by user name. */
export class AllTokensGroupNode implements TreeNode {
  constructor(
    private readonly context: TreeContext,
    readonly instance: InstanceConfig,
    private readonly tokens: Loaded<ApiToken[]>,
    private readonly refreshTarget: TreeNode,
  ) {}

  private get id(): string {
    return `instance:${this.instance.name}/allTokens`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = groupItem(
      this.id,
      vscode.l10n.t('All API Tokens'),
      this.tokens,
      'organization',
      vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.contextValue = 'allTokens';
    return item;
  }

  getChildren(): TreeNode[] {
    if (!this.tokens.ok) return [notLoadedNode(this.id, this.instance, this.tokens, this.refreshTarget)];
    return groupByOwner(this.tokens.value).map(
      ({ username, tokens }) =>
        new UserGroupNode(this.context, this.instance, username, tokens, `${this.id}/user:${username}`),
    );
  }
}

export class UserGroupNode implements TreeNode {
  constructor(
    private readonly context: TreeContext,
    readonly instance: InstanceConfig,
    private readonly username: string,
    private readonly tokens: ApiToken[],
    private readonly id: string,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const label = this.username || vscode.l10n.t('(owner not sent by the server)');
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description =
      this.tokens.length === 1 ? vscode.l10n.t('1 token') : vscode.l10n.t('{0} tokens', this.tokens.length);
    item.iconPath = new vscode.ThemeIcon('account');
    item.contextValue = 'user';
    return item;
  }

  getChildren(): TreeNode[] {
    return this.tokens.map(
      (token, index) =>
        new TokenNode(
          this.context,
          this.instance,
          token,
          isOwnToken(token, this.instance.username),
          `${this.id}/${token.id ?? 'noId'}#${index}`,
        ),
    );
  }
}
