import * as vscode from 'vscode';
import { formatDateTime, formatRelativeTime } from '../../core/format';
import type { InstanceConfig } from '../../core/instanceConfig';
import type { Snapshot } from '../../core/model';
import type { TreeNode } from './treeNode';

/** The label a person knows a snapshot by: its description, else its file name, else its id. */
export function snapshotLabel(snapshot: Snapshot): string {
  return snapshot.description || snapshot.filename || snapshot.id;
}

/** One configuration snapshot; restore, copy id from its menu. */
export class SnapshotNode implements TreeNode {
  constructor(
    readonly instance: InstanceConfig,
    readonly snapshot: Snapshot,
    private readonly id: string,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const snapshot = this.snapshot;
    const item = new vscode.TreeItem(snapshotLabel(snapshot), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const when =
      snapshot.timeMillis !== undefined
        ? formatRelativeTime(snapshot.timeMillis, Date.now())
        : vscode.l10n.t('date unknown');
    item.description = snapshot.readable ? when : vscode.l10n.t('{0} · unreadable', when);
    item.iconPath = snapshot.readable
      ? new vscode.ThemeIcon('archive')
      : new vscode.ThemeIcon('warning', new vscode.ThemeColor('charts.yellow'));
    item.contextValue = snapshot.readable ? 'snapshot' : 'snapshot.unreadable';
    return item;
  }

  tooltip(): vscode.MarkdownString {
    const snapshot = this.snapshot;
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown('**').appendText(snapshotLabel(snapshot)).appendMarkdown('**\n\n');
    const row = (label: string, value: string) =>
      md.appendMarkdown(`${label}: `).appendText(value).appendMarkdown('  \n');
    row(vscode.l10n.t('ID'), snapshot.id);
    if (snapshot.filename) row(vscode.l10n.t('File'), snapshot.filename);
    if (snapshot.timeMillis !== undefined)
      row(
        vscode.l10n.t('Taken'),
        `${formatDateTime(snapshot.timeMillis)} (${formatRelativeTime(snapshot.timeMillis, Date.now())})`,
      );
    if (snapshot.applicationName || snapshot.applicationVersion) {
      row(
        vscode.l10n.t('Application'),
        [snapshot.applicationName, snapshot.applicationVersion].filter(Boolean).join(' '),
      );
    }
    if (snapshot.pluginVersion) row(vscode.l10n.t('Kantega SSO version'), snapshot.pluginVersion);
    if (snapshot.baseUrl) {
      row(vscode.l10n.t('Base URL'), snapshot.baseUrl);
      if (normalise(snapshot.baseUrl) !== normalise(this.instance.baseUrl)) {
        md.appendMarkdown('$(warning) ')
          .appendText(vscode.l10n.t("Taken on a different base URL than this instance's ({0}).", this.instance.baseUrl))
          .appendMarkdown('  \n');
      }
    }
    row(
      vscode.l10n.t('Readable'),
      snapshot.readable ? vscode.l10n.t('yes') : vscode.l10n.t('no: the server cannot read this snapshot file'),
    );
    return md;
  }
}

function normalise(url: string): string {
  return url.trim().replace(/\/+$/, '').toLowerCase();
}
