import * as vscode from 'vscode';
import {
  describeExpiry,
  expiryUrgency,
  formatDateTime,
  formatRelativeTime,
  type ExpiryUrgency,
} from '../../core/format';
import type { InstanceConfig } from '../../core/instanceConfig';
import type { ApiToken } from '../../core/model';
import type { TreeContext, TreeNode } from './treeNode';

const URGENCY_ICONS: Record<ExpiryUrgency, vscode.ThemeIcon> = {
  expired: new vscode.ThemeIcon('key', new vscode.ThemeColor('charts.red')),
  soon: new vscode.ThemeIcon('key', new vscode.ThemeColor('charts.yellow')),
  ok: new vscode.ThemeIcon('key', new vscode.ThemeColor('charts.green')),
  never: new vscode.ThemeIcon('key', new vscode.ThemeColor('charts.blue')),
  unknown: new vscode.ThemeIcon('key', new vscode.ThemeColor('disabledForeground')),
};

/** One API token: its name, when it expires, coloured by how soon (setting kantegaSso.expiryWarningDays). */
export class TokenNode implements TreeNode {
  constructor(
    private readonly context: TreeContext,
    readonly instance: InstanceConfig,
    readonly token: ApiToken,
    /** The token belongs to the instance's configured user (own-token endpoints apply). */
    readonly isOwn: boolean,
    private readonly id: string,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const now = Date.now();
    const item = new vscode.TreeItem(this.token.name, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = describeExpiry(this.token, now);
    item.iconPath = URGENCY_ICONS[expiryUrgency(this.token, now, this.context.settings.expiryWarningDays())];
    item.contextValue =
      !this.token.actionable || this.token.id === undefined ? 'token.noId' : this.isOwn ? 'token.own' : 'token.other';
    item.command = {
      command: 'kantegaSso.openTokenDetails',
      title: vscode.l10n.t('Open Token Details'),
      arguments: [this],
    };
    return item;
  }

  tooltip(): vscode.MarkdownString {
    const token = this.token;
    const now = Date.now();
    const md = new vscode.MarkdownString();
    md.appendMarkdown('**').appendText(token.name).appendMarkdown('**\n\n');
    const row = (label: string, value: string) =>
      md.appendMarkdown(`${label}: `).appendText(value).appendMarkdown('  \n');
    row(
      vscode.l10n.t('Description'),
      token.descriptionUnknown
        ? vscode.l10n.t("unknown: this server's API 2.0 does not return it")
        : token.description || vscode.l10n.t('(none)'),
    );
    if (token.username) row(vscode.l10n.t('Owner'), token.username);
    row(
      vscode.l10n.t('ID'),
      token.id !== undefined
        ? String(token.id)
        : vscode.l10n.t('not sent by the server (cannot be deleted or renewed from here)'),
    );
    if (token.createdAt !== undefined)
      row(vscode.l10n.t('Created'), `${formatDateTime(token.createdAt)} (${formatRelativeTime(token.createdAt, now)})`);
    const expiry =
      token.expiresAt !== undefined
        ? `${formatDateTime(token.expiresAt)} (${describeExpiry(token, now)})`
        : describeExpiry(token, now);
    row(vscode.l10n.t('Expires'), expiry);
    return md;
  }
}
