import * as vscode from 'vscode';
import type { InstanceConfig } from '../../core/instanceConfig';
import type { TreeNode } from './treeNode';

/**
 * A line of text in the tree: an error with a retry action, a hint ("No snapshots yet"), or a missing
 * credential. Errors show here instead of in modal dialogs, one per failing part.
 */
export class MessageNode implements TreeNode {
  constructor(
    private readonly id: string,
    readonly instance: InstanceConfig | undefined,
    private readonly message: string,
    private readonly options: {
      readonly icon: vscode.ThemeIcon;
      /** Run when the item is clicked, e.g. retry; its title is shown in the description. */
      readonly command?: vscode.Command;
      readonly contextValue?: string;
    },
  ) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.message, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = this.options.icon;
    item.tooltip = this.message;
    item.contextValue = this.options.contextValue ?? 'message';
    if (this.options.command) {
      item.command = this.options.command;
      item.description = this.options.command.title;
    }
    return item;
  }

  static error(id: string, instance: InstanceConfig, message: string, refreshTarget: TreeNode): MessageNode {
    return new MessageNode(id, instance, message, {
      icon: new vscode.ThemeIcon('error', new vscode.ThemeColor('charts.red')),
      command: { command: 'kantegaSso.refresh', title: vscode.l10n.t('Retry'), arguments: [refreshTarget] },
      contextValue: 'message.retry',
    });
  }
}
