import * as vscode from 'vscode';
import { sameBaseUrl } from '../../core/baseUrl';
import { formatDateTime, formatRelativeTime } from '../../core/text/format';
import type { InstanceConfig } from '../../core/instanceConfig';
import type { Snapshot } from '../../core/model';
import { upgradeBackupOf } from '../../core/api/upgradeBackup';
import { shownText } from '../ui';
import type { TreeContext, TreeNode } from './treeNode';

/** One configuration snapshot; restore, copy id from its menu. */
export class SnapshotNode implements TreeNode {
  constructor(
    private readonly context: TreeContext,
    readonly instance: InstanceConfig,
    readonly snapshot: Snapshot,
    readonly id: string,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const snapshot = this.snapshot;
    const item = new vscode.TreeItem(shownText(snapshot.description), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const busy = this.context.busyLabel(this.id);
    const when =
      snapshot.timeMillis !== undefined
        ? formatRelativeTime(snapshot.timeMillis, Date.now())
        : vscode.l10n.t('date unknown');
    const upgrade = upgradeBackupOf(snapshot);
    const marked = upgrade ? vscode.l10n.t('before upgrade to {0} · {1}', shownText(upgrade.to, 40), when) : when;
    item.description = busy ?? (snapshot.readable ? marked : vscode.l10n.t('{0} · unreadable', marked));
    item.iconPath = busy
      ? new vscode.ThemeIcon('loading~spin')
      : !snapshot.readable
        ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('charts.yellow'))
        : upgrade
          ? new vscode.ThemeIcon('arrow-circle-up', new vscode.ThemeColor('charts.purple'))
          : new vscode.ThemeIcon('archive');
    item.contextValue = busy ? 'snapshot.busy' : snapshot.readable ? 'snapshot' : 'snapshot.unreadable';
    return item;
  }

  tooltip(): vscode.MarkdownString {
    const snapshot = this.snapshot;
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown('**').appendText(shownText(snapshot.description, 1000)).appendMarkdown('**\n\n');
    const row = (label: string, value: string) =>
      md.appendMarkdown(`${label}: `).appendText(shownText(value, 1000)).appendMarkdown('  \n');
    const upgrade = upgradeBackupOf(snapshot);
    if (upgrade) {
      const text = vscode.l10n.t('Taken by Kantega SSO before upgrading from {0} to {1}.', upgrade.from, upgrade.to);
      md.appendMarkdown('$(arrow-circle-up) ').appendText(shownText(text, 300)).appendMarkdown('\n\n');
    }
    row(vscode.l10n.t('ID'), snapshot.id);
    if (snapshot.filename) row(vscode.l10n.t('File'), snapshot.filename);
    if (snapshot.timeMillis !== undefined) {
      const when = `${formatDateTime(snapshot.timeMillis)} (${formatRelativeTime(snapshot.timeMillis, Date.now())})`;
      row(vscode.l10n.t('Taken'), when);
    }
    if (snapshot.applicationName || snapshot.applicationVersion) {
      const application = [snapshot.applicationName, snapshot.applicationVersion].filter(Boolean).join(' ');
      row(vscode.l10n.t('Application'), application);
    }
    if (snapshot.pluginVersion) row(vscode.l10n.t('Kantega SSO version'), snapshot.pluginVersion);
    if (snapshot.baseUrl) {
      row(vscode.l10n.t('Base URL'), snapshot.baseUrl);
      if (!sameBaseUrl(snapshot.baseUrl, this.instance.baseUrl)) {
        const warning = vscode.l10n.t(
          "Taken on a different base URL than this instance's ({0}).",
          this.instance.baseUrl,
        );
        md.appendMarkdown('$(warning) ').appendText(warning).appendMarkdown('  \n');
      }
    }
    row(
      vscode.l10n.t('Readable'),
      snapshot.readable ? vscode.l10n.t('yes') : vscode.l10n.t('no: the server cannot read this snapshot file'),
    );
    return md;
  }
}
