// Long lists (a Jira with 50,000 tokens over 5,000 users) show a page at a time: the view opens at
// once, and only the rows shown are ever made into tree nodes.
import * as vscode from 'vscode';
import type { InstanceConfig } from '../../core/instanceConfig';
import { PAGE_SIZE } from '../../core/text/displayText';
import { MessageNode } from './messageNode';
import type { TreeContext, TreeNode } from './treeNode';

/** The first page of `items` as nodes, and a "Show 200 more of N…" row when there are more. */
export function pagedChildren<T>(
  context: TreeContext,
  instance: InstanceConfig,
  listNodeId: string,
  items: readonly T[],
  toNodes: (page: readonly T[]) => TreeNode[],
): TreeNode[] {
  const limit = context.pageLimit(listNodeId);
  const nodes = toNodes(items.length > limit ? items.slice(0, limit) : items);
  const rest = items.length - limit;
  if (rest <= 0) return nodes;
  const more = Math.min(rest, PAGE_SIZE);
  const label = vscode.l10n.t('Show {0} more of {1}…', more.toLocaleString('en'), rest.toLocaleString('en'));
  nodes.push(
    new MessageNode(`${listNodeId}/more`, instance, label, {
      icon: new vscode.ThemeIcon('ellipsis'),
      command: {
        command: 'kantegaSso.showMore',
        title: vscode.l10n.t('Show More'),
        arguments: [instance.name, listNodeId],
      },
      contextValue: 'showMore',
    }),
  );
  return nodes;
}
