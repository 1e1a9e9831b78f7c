// Activation stays cheap: build the shared services and register the view and commands. Nothing
// touches the network until the Instances view is shown or a command runs.
import * as vscode from 'vscode';
import { registerFleetCommands } from './editor/commands/fleet';
import { registerInstanceCommands } from './editor/commands/instances';
import { registerReportCommands } from './editor/commands/report';
import { registerSnapshotCommands } from './editor/commands/snapshots';
import { registerTokenCommands } from './editor/commands/tokens';
import { registerViewCommands } from './editor/commands/view';
import { createServices } from './editor/services';

export function activate(context: vscode.ExtensionContext): void {
  const services = createServices(context);
  context.subscriptions.push(
    vscode.window.createTreeView('kantegaSso.instances', { treeDataProvider: services.tree, showCollapseAll: true }),
    ...registerInstanceCommands(services),
    ...registerSnapshotCommands(services),
    ...registerTokenCommands(services),
    ...registerViewCommands(services),
    ...registerFleetCommands(services),
    ...registerReportCommands(services),
  );
}

export function deactivate(): void {}
