// The groups under an instance: Snapshots (n), My API Tokens (n), All API Tokens (n) by user.
import * as vscode from 'vscode';
import type { InstanceConfig } from '../../core/instanceConfig';
import type { ApiToken, Snapshot } from '../../core/model';
import { groupByOwner, isOwnToken, sortByExpiry } from '../../core/api/tokenList';
import type { Loaded } from '../state/instanceData';
import { shownText } from '../ui';
import { MessageNode } from './messageNode';
import { pagedChildren } from './paging';
import { SnapshotNode } from './snapshotNode';
import { TokenNode } from './tokenNode';
import {
  groupNodeId,
  idlessTokenNodeIds,
  snapshotNodeId,
  tokenNodeId,
  userGroupNodeId,
  type TokenGroup,
} from './treeIds';
import type { TreeContext, TreeNode } from './treeNode';

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

/**
 * `derive` once per loaded list: the tree redraws an instance for every status change, spinner and
 * "Show more", and regrouping 50,000 tokens each time would hold up the extension host.
 */
function perList<R>(derive: (tokens: readonly ApiToken[]) => R): (tokens: readonly ApiToken[]) => R {
  const derived = new WeakMap<readonly ApiToken[], R>();
  return (tokens) => {
    let value = derived.get(tokens);
    if (value === undefined) {
      value = derive(tokens);
      derived.set(tokens, value);
    }
    return value;
  };
}

const sortedByExpiry = perList(sortByExpiry);
const groupedByOwner = perList(groupByOwner);

interface GroupLook {
  /** The last part of the group's id, below its instance's. */
  readonly key: 'snapshots' | TokenGroup;
  readonly title: string;
  readonly icon: string;
  readonly state: vscode.TreeItemCollapsibleState;
  readonly contextValue: string;
}

/**
 * A group under an instance: a list as loaded, its count in the label, and in place of its rows
 * why it could not be loaded (an error with Retry, or a lack of rights) or a hint when it is empty.
 */
abstract class ListGroupNode<T> implements TreeNode {
  constructor(
    protected readonly context: TreeContext,
    readonly instance: InstanceConfig,
    protected readonly list: Loaded<T[]>,
    private readonly refreshTarget: TreeNode,
  ) {}

  protected abstract look(): GroupLook;
  /** The row shown instead of an empty list, if any. */
  protected abstract emptyHint(): { message: string; command: vscode.Command } | undefined;
  protected abstract rows(items: T[]): TreeNode[];

  protected get id(): string {
    return groupNodeId(this.instance.name, this.look().key);
  }

  getTreeItem(): vscode.TreeItem {
    const look = this.look();
    const loaded = this.list;
    const item = new vscode.TreeItem(loaded.ok ? `${look.title} (${loaded.value.length})` : look.title, look.state);
    item.id = this.id;
    const failed = !loaded.ok && !loaded.forbidden;
    item.iconPath = new vscode.ThemeIcon(look.icon, failed ? new vscode.ThemeColor('charts.red') : undefined);
    item.contextValue = look.contextValue;
    const busy = this.context.busyLabel(this.id);
    if (busy) {
      item.description = busy;
      item.iconPath = new vscode.ThemeIcon('loading~spin');
    } else if (!loaded.ok) {
      item.description = loaded.forbidden
        ? vscode.l10n.t('system administrators only')
        : vscode.l10n.t('could not load');
    }
    return item;
  }

  getChildren(): TreeNode[] {
    if (!this.list.ok) return [notLoadedNode(this.id, this.instance, this.list, this.refreshTarget)];
    const hint = this.list.value.length ? undefined : this.emptyHint();
    if (hint) {
      const icon = new vscode.ThemeIcon('info');
      return [new MessageNode(`${this.id}/empty`, this.instance, hint.message, { icon, command: hint.command })];
    }
    return this.rows(this.list.value);
  }
}

export class SnapshotsGroupNode extends ListGroupNode<Snapshot> {
  protected look(): GroupLook {
    // Without the rights, offering Create Snapshot would only lead to an error.
    const forbidden = !this.list.ok && this.list.forbidden;
    return {
      key: 'snapshots',
      title: vscode.l10n.t('Snapshots'),
      icon: 'history',
      state: forbidden ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded,
      contextValue: forbidden ? 'snapshots.forbidden' : 'snapshots',
    };
  }

  protected emptyHint() {
    const command = {
      command: 'kantegaSso.createSnapshot',
      title: vscode.l10n.t('Create Snapshot'),
      arguments: [this],
    };
    return { message: vscode.l10n.t('No snapshots yet'), command };
  }

  protected rows(snapshots: Snapshot[]): TreeNode[] {
    // The client lists snapshots newest first.
    const { context, instance } = this;
    return snapshots.map(
      (snapshot) => new SnapshotNode(context, instance, snapshot, snapshotNodeId(instance.name, snapshot.id)),
    );
  }
}

export class MyTokensGroupNode extends ListGroupNode<ApiToken> {
  protected look(): GroupLook {
    const state = vscode.TreeItemCollapsibleState.Expanded;
    return { key: 'myTokens', title: vscode.l10n.t('My API Tokens'), icon: 'key', state, contextValue: 'myTokens' };
  }

  protected emptyHint() {
    const command = { command: 'kantegaSso.createToken', title: vscode.l10n.t('Create API Token'), arguments: [this] };
    return { message: vscode.l10n.t('No API tokens yet'), command };
  }

  protected rows(tokens: ApiToken[]): TreeNode[] {
    return pagedChildren(this.context, this.instance, this.id, sortedByExpiry(tokens), (page) =>
      tokenNodes(this.context, this.instance, 'myTokens', this.id, page, () => true),
    );
  }
}

/** Only shown to system administrators: every user's tokens, grouped by user name. */
export class AllTokensGroupNode extends ListGroupNode<ApiToken> {
  protected look(): GroupLook {
    const state = vscode.TreeItemCollapsibleState.Collapsed;
    const title = vscode.l10n.t('All API Tokens');
    return { key: 'allTokens', title, icon: 'organization', state, contextValue: 'allTokens' };
  }

  protected emptyHint(): undefined {
    return undefined;
  }

  protected rows(tokens: ApiToken[]): TreeNode[] {
    return pagedChildren(this.context, this.instance, this.id, groupedByOwner(tokens), (page) =>
      page.map(({ username, tokens: owned }) => new UserGroupNode(this.context, this.instance, username, owned)),
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
