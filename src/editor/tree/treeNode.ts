import type * as vscode from 'vscode';
import type { InstanceConfig } from '../../core/instanceConfig';
import type { InstanceRegistry } from '../state/instanceRegistry';
import type { Settings } from '../settings';
import type { InstanceDataCache } from '../state/instanceData';

/** What every node needs to draw itself and load its children. */
export interface TreeContext {
  readonly data: InstanceDataCache;
  readonly settings: Settings;
  readonly registry: InstanceRegistry;
  /** What is running on the node with this id ("deleting…"), if anything. */
  busyLabel(nodeId: string): string | undefined;
  /** How many children the node with this id shows before a "Show more" row (it grows with each click). */
  pageLimit(nodeId: string): number;
}

export interface TreeNode {
  /** The instance the node belongs to (commands started from a node act on it). */
  readonly instance?: InstanceConfig;
  getTreeItem(): vscode.TreeItem;
  /** Hover text, built when the person hovers (it may use data loaded after the item was drawn). */
  tooltip?(): vscode.MarkdownString;
  getChildren?(): Promise<TreeNode[]> | TreeNode[];
}
