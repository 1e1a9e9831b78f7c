import * as vscode from 'vscode';
import {
  describeExpiry,
  expiryUrgency,
  formatDateTime,
  formatRelativeTime,
  type ExpiryUrgency,
} from '../../core/text/format';
import type { InstanceConfig } from '../../core/instanceConfig';
import type { ApiToken } from '../../core/model';
import { shownText } from '../ui';
import type { TreeContext, TreeNode } from './treeNode';

const URGENCY_COLOURS: Record<ExpiryUrgency, string> = {
  expired: 'charts.red',
  soon: 'charts.yellow',
  ok: 'charts.green',
  never: 'charts.blue',
  unknown: 'disabledForeground',
};

/** One API token: its name, when it expires, coloured by how soon (setting kantegaSso.expiryWarningDays). */
export class TokenNode implements TreeNode {
  constructor(
    private readonly context: TreeContext,
    readonly instance: InstanceConfig,
    readonly token: ApiToken,
    /** The token belongs to the instance's configured user (own-token endpoints apply). */
    readonly isOwn: boolean,
    readonly id: string,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const now = Date.now();
    const item = new vscode.TreeItem(shownText(this.token.name), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const busy = this.context.busyLabel(this.id);
    item.description = busy ?? describeExpiry(this.token, now);
    const urgency = expiryUrgency(this.token, now, this.context.settings.expiryWarningDays());
    item.iconPath = busy
      ? new vscode.ThemeIcon('loading~spin')
      : new vscode.ThemeIcon('key', new vscode.ThemeColor(URGENCY_COLOURS[urgency]));
    item.contextValue =
      busy || !this.token.actionable || this.token.id === undefined
        ? 'token.noId'
        : this.isOwn
          ? 'token.own'
          : 'token.other';
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
    md.appendMarkdown('**').appendText(shownText(token.name, 1000)).appendMarkdown('**\n\n');
    const row = (label: string, value: string) =>
      md.appendMarkdown(`${label}: `).appendText(shownText(value, 1000)).appendMarkdown('  \n');
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
    if (token.createdAt !== undefined) {
      row(vscode.l10n.t('Created'), `${formatDateTime(token.createdAt)} (${formatRelativeTime(token.createdAt, now)})`);
    }
    const expiry =
      token.expiresAt !== undefined
        ? `${formatDateTime(token.expiresAt)} (${describeExpiry(token, now)})`
        : describeExpiry(token, now);
    row(vscode.l10n.t('Expires'), expiry);
    return md;
  }
}
