// Identity Providers under an instance and, below each identity provider, the groups it manages.
// A user who is not a system administrator and a Kantega SSO version without the API get a row
// saying so, not an error. Names and groups are server text, shown as text.
import * as vscode from 'vscode';
import { isSafePathSegment } from '../../core/api/pathSegment';
import type { InstanceConfig } from '../../core/instanceConfig';
import type { IdentityProvider } from '../../core/model';
import type { IdpLoaded } from '../state/instanceData';
import { shownText } from '../ui';
import { MessageNode } from './messageNode';
import { pagedChildren } from './paging';
import { groupNodeId, identityProviderNodeId, managedGroupNodeId } from './treeIds';
import type { TreeContext, TreeNode } from './treeNode';

type NotLoaded = Exclude<IdpLoaded<unknown>, { ok: true }>;

/** The row in place of a list the API did not give: why, with Retry only where retrying can help. */
function notLoadedNode(parentId: string, instance: InstanceConfig, list: NotLoaded, refreshTarget: TreeNode) {
  switch (list.state) {
    case 'forbidden':
      return new MessageNode(`${parentId}/forbidden`, instance, vscode.l10n.t('Needs a system administrator'), {
        icon: new vscode.ThemeIcon('lock'),
      });
    case 'notOffered':
      return new MessageNode(
        `${parentId}/notOffered`,
        instance,
        vscode.l10n.t('Not offered by this Kantega SSO version'),
        { icon: new vscode.ThemeIcon('circle-slash') },
      );
    case 'failed':
      return MessageNode.error(`${parentId}/error`, instance, list.message, refreshTarget);
  }
}

/** "Identity Providers" with their number, after Snapshots and the token groups. */
export class IdentityProvidersGroupNode implements TreeNode {
  constructor(
    private readonly context: TreeContext,
    readonly instance: InstanceConfig,
    private readonly list: IdpLoaded<IdentityProvider[]>,
    private readonly refreshTarget: TreeNode,
  ) {}

  private get id(): string {
    return groupNodeId(this.instance.name, 'identityProviders');
  }

  getTreeItem(): vscode.TreeItem {
    const list = this.list;
    const state = list.ok ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
    // Counted in the label, as Snapshots (2) and the token groups are.
    const title = vscode.l10n.t('Identity Providers');
    const item = new vscode.TreeItem(list.ok ? `${title} (${list.value.length})` : title, state);
    item.id = this.id;
    const failed = !list.ok && list.state === 'failed';
    item.iconPath = new vscode.ThemeIcon('workspace-trusted', failed ? new vscode.ThemeColor('charts.red') : undefined);
    item.contextValue = list.ok ? 'identityProviders' : `identityProviders.${list.state}`;
    if (list.ok) return item;
    if (list.state === 'forbidden') item.description = vscode.l10n.t('system administrators only');
    else if (list.state === 'notOffered') item.description = vscode.l10n.t('not offered');
    else item.description = vscode.l10n.t('could not load');
    return item;
  }

  getChildren(): TreeNode[] {
    const { context, instance, list } = this;
    if (!list.ok) return [notLoadedNode(this.id, instance, list, this.refreshTarget)];
    const idps = list.value;
    if (!idps.length) {
      const icon = new vscode.ThemeIcon('info');
      return [
        new MessageNode(`${this.id}/empty`, instance, vscode.l10n.t('No identity providers configured'), { icon }),
      ];
    }
    // In the server's order; a page at a time, should a server list thousands.
    return pagedChildren(context, instance, this.id, idps, (page) =>
      page.map((idp) => new IdentityProviderNode(context, instance, idp, this.refreshTarget)),
    );
  }
}

/** One identity provider: its name; its id in the tooltip; its managed groups when expanded. */
export class IdentityProviderNode implements TreeNode {
  constructor(
    private readonly context: TreeContext,
    readonly instance: InstanceConfig,
    readonly idp: IdentityProvider,
    private readonly refreshTarget: TreeNode,
  ) {}

  private get id(): string {
    return identityProviderNodeId(this.instance.name, this.idp.id);
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(shownText(this.idp.name), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    const busy = this.context.busyLabel(this.id);
    item.description = busy;
    item.iconPath = new vscode.ThemeIcon(busy ? 'loading~spin' : 'verified');
    item.contextValue = busy
      ? 'identityProvider.busy'
      : isSafePathSegment(this.idp.id)
        ? 'identityProvider'
        : 'identityProvider.unsafeId';
    return item;
  }

  tooltip(): vscode.MarkdownString {
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown('**').appendText(shownText(this.idp.name, 1000)).appendMarkdown('**\n\n');
    md.appendMarkdown(`${vscode.l10n.t('ID')}: `)
      .appendText(shownText(this.idp.id, 1000))
      .appendMarkdown('  \n');
    const groups = this.context.data.peekManagedGroups(this.instance, this.idp.id);
    if (groups?.ok) {
      md.appendMarkdown(`${vscode.l10n.t('Managed groups')}: `)
        .appendText(groups.value.length.toLocaleString('en'))
        .appendMarkdown('  \n');
    }
    if (!isSafePathSegment(this.idp.id))
      md.appendMarkdown('$(warning) ').appendText(unsafeIdText()).appendMarkdown('  \n');
    return md;
  }

  async getChildren(): Promise<TreeNode[]> {
    const { context, instance, idp } = this;
    if (!isSafePathSegment(idp.id)) {
      const icon = new vscode.ThemeIcon('warning', new vscode.ThemeColor('charts.yellow'));
      return [new MessageNode(`${this.id}/unsafeId`, instance, unsafeIdText(), { icon })];
    }
    const groups = await context.data.managedGroups(instance, idp.id);
    if (!groups.ok) return [notLoadedNode(this.id, instance, groups, this.refreshTarget)];
    if (!groups.value.length) {
      return [
        new MessageNode(`${this.id}/empty`, instance, vscode.l10n.t('No managed groups'), {
          icon: new vscode.ThemeIcon('info'),
          command: {
            command: 'kantegaSso.addManagedGroup',
            title: vscode.l10n.t('Add Managed Group…'),
            arguments: [this],
          },
        }),
      ];
    }
    // Sorted, each once (the cache does it once per load).
    return pagedChildren(context, instance, this.id, groups.value, (page) =>
      page.map((group) => new ManagedGroupNode(instance, idp, group, managedGroupNodeId(this.id, group))),
    );
  }
}

function unsafeIdText(): string {
  return vscode.l10n.t('The server sent an id that cannot go into a request: its groups cannot be listed from here.');
}

/** One group the identity provider manages (creates and keeps in step with its claims). */
export class ManagedGroupNode implements TreeNode {
  constructor(
    readonly instance: InstanceConfig,
    readonly idp: IdentityProvider,
    readonly group: string,
    readonly id: string,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(shownText(this.group), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('organization');
    item.contextValue = 'managedGroup';
    return item;
  }

  tooltip(): vscode.MarkdownString {
    const md = new vscode.MarkdownString();
    md.appendMarkdown('**').appendText(shownText(this.group, 1000)).appendMarkdown('**\n\n');
    md.appendText(vscode.l10n.t('Managed by {0}', shownText(this.idp.name, 1000)));
    return md;
  }
}
