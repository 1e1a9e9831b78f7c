// The groups under an instance: Snapshots (n), My API Tokens (n), All API Tokens (n) by user.
import * as vscode from 'vscode';
import type { InstanceConfig } from '../../core/instanceConfig';
import type { ApiToken, Snapshot } from '../../core/model';
import { groupByOwner, isOwnToken, sortByExpiry } from '../../core/tokenList';
import type { Loaded } from '../state/instanceData';
import { shownText } from '../ui';
import { MessageNode } from './messageNode';
import { pagedChildren } from './paging';
import { SnapshotNode } from './snapshotNode';
import { TokenNode } from './tokenNode';
import {
  idlessTokenNodeIds,
  instanceNodeId,
  snapshotNodeId,
  tokenNodeId,
  userGroupNodeId,
  type TokenGroup,
} from './treeIds';
import type { TreeContext, TreeNode } from './treeNode';

interface GroupLook {
  readonly id: string;
  readonly title: string;
  readonly icon: string;
  readonly state: vscode.TreeItemCollapsibleState;
  readonly contextValue: string;
}

function groupItem<T>(look: GroupLook, loaded: Loaded<T[]>): vscode.TreeItem {
  const item = new vscode.TreeItem(loaded.ok ? `${look.title} (${loaded.value.length})` : look.title, look.state);
  item.id = look.id;
  const failed = !loaded.ok && !loaded.forbidden;
  item.iconPath = new vscode.ThemeIcon(look.icon, failed ? new vscode.ThemeColor('charts.red') : undefined);
  item.contextValue = look.contextValue;
  if (!loaded.ok) {
    item.description = loaded.forbidden ? vscode.l10n.t('system administrators only') : vscode.l10n.t('could not load');
  }
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

/** A hint row for an empty list, whose click runs the command that fills it. */
function emptyNode(id: string, instance: InstanceConfig, message: string, command: vscode.Command): MessageNode {
  return new MessageNode(`${id}/empty`, instance, message, { icon: new vscode.ThemeIcon('info'), command });
}

/** Token nodes with stable ids: the server's id, or owner and name for the rare token without one. */
function tokenNodes(
  context: TreeContext,
  instance: InstanceConfig,
  group: TokenGroup,
  parentId: string,
  tokens: readonly ApiToken[],
  isOwn: (token: ApiToken) => boolean,
): TokenNode[] {
  const idless = tokens.filter((token) => token.id === undefined);
  const idlessIds = idlessTokenNodeIds(parentId, idless);
  return tokens.map((token) => {
    const id = token.id !== undefined ? tokenNodeId(instance.name, group, token.id) : idlessIds[idless.indexOf(token)];
    return new TokenNode(context, instance, token, isOwn(token), id);
  });
}

export class SnapshotsGroupNode implements TreeNode {
  constructor(
    private readonly context: TreeContext,
    readonly instance: InstanceConfig,
    private readonly snapshots: Loaded<Snapshot[]>,
    private readonly refreshTarget: TreeNode,
  ) {}

  private get id(): string {
    return `${instanceNodeId(this.instance.name)}/snapshots`;
  }

  getTreeItem(): vscode.TreeItem {
    // Without the rights, offering Create Snapshot would only lead to an error.
    const forbidden = !this.snapshots.ok && this.snapshots.forbidden;
    return groupItem(
      {
        id: this.id,
        title: vscode.l10n.t('Snapshots'),
        icon: 'history',
        state: forbidden ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded,
        contextValue: forbidden ? 'snapshots.forbidden' : 'snapshots',
      },
      this.snapshots,
    );
  }

  getChildren(): TreeNode[] {
    if (!this.snapshots.ok) return [notLoadedNode(this.id, this.instance, this.snapshots, this.refreshTarget)];
    if (!this.snapshots.value.length) {
      return [
        emptyNode(this.id, this.instance, vscode.l10n.t('No snapshots yet'), {
          command: 'kantegaSso.createSnapshot',
          title: vscode.l10n.t('Create Snapshot'),
          arguments: [this],
        }),
      ];
    }
    // The client lists snapshots newest first.
    return this.snapshots.value.map(
      (snapshot) =>
        new SnapshotNode(this.context, this.instance, snapshot, snapshotNodeId(this.instance.name, snapshot.id)),
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
    return `${instanceNodeId(this.instance.name)}/myTokens`;
  }

  getTreeItem(): vscode.TreeItem {
    const look = {
      id: this.id,
      title: vscode.l10n.t('My API Tokens'),
      icon: 'key',
      state: vscode.TreeItemCollapsibleState.Expanded,
      contextValue: 'myTokens',
    };
    return groupItem(look, this.tokens);
  }

  getChildren(): TreeNode[] {
    if (!this.tokens.ok) return [notLoadedNode(this.id, this.instance, this.tokens, this.refreshTarget)];
    if (!this.tokens.value.length) {
      return [
        emptyNode(this.id, this.instance, vscode.l10n.t('No API tokens yet'), {
          command: 'kantegaSso.createToken',
          title: vscode.l10n.t('Create API Token'),
          arguments: [this],
        }),
      ];
    }
    return pagedChildren(this.context, this.instance, this.id, sortByExpiry(this.tokens.value), (page) =>
      tokenNodes(this.context, this.instance, 'myTokens', this.id, page, () => true),
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
    return `${instanceNodeId(this.instance.name)}/allTokens`;
  }

  getTreeItem(): vscode.TreeItem {
    const look = {
      id: this.id,
      title: vscode.l10n.t('All API Tokens'),
      icon: 'organization',
      state: vscode.TreeItemCollapsibleState.Collapsed,
      contextValue: 'allTokens',
    };
    return groupItem(look, this.tokens);
  }

  getChildren(): TreeNode[] {
    if (!this.tokens.ok) return [notLoadedNode(this.id, this.instance, this.tokens, this.refreshTarget)];
    return pagedChildren(this.context, this.instance, this.id, groupByOwner(this.tokens.value), (page) =>
      page.map(({ username, tokens }) => new UserGroupNode(this.context, this.instance, username, tokens)),
    );
  }
}

export class UserGroupNode implements TreeNode {
  constructor(
    private readonly context: TreeContext,
    readonly instance: InstanceConfig,
    private readonly username: string,
    private readonly tokens: ApiToken[],
  ) {}

  private get id(): string {
    return userGroupNodeId(this.instance.name, this.username);
  }

  getTreeItem(): vscode.TreeItem {
    const label = this.username ? shownText(this.username) : vscode.l10n.t('(owner not sent by the server)');
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description =
      this.tokens.length === 1 ? vscode.l10n.t('1 token') : vscode.l10n.t('{0} tokens', this.tokens.length);
    item.iconPath = new vscode.ThemeIcon('account');
    item.contextValue = 'user';
    return item;
  }

  getChildren(): TreeNode[] {
    return pagedChildren(this.context, this.instance, this.id, this.tokens, (page) =>
      tokenNodes(this.context, this.instance, 'allTokens', this.id, page, (token) =>
        isOwnToken(token, this.instance.username),
      ),
    );
  }
}
