// Activation stays cheap: build the shared services and register the view and commands. Nothing
// touches the network during activation; the expiry watch checks the instances a few seconds later.
import * as vscode from 'vscode';
import { configureDisplayLanguage } from './core/text/displayLanguage';
import { registerCompareCommands } from './editor/commands/compare';
import { registerFleetCommands } from './editor/commands/fleet';
import { registerIdentityProviderCommands } from './editor/commands/identityProviders';
import { registerInstanceCommands } from './editor/commands/instances';
import { registerInventoryCommands } from './editor/commands/inventory';
import { registerManagedGroupFleetCommands } from './editor/commands/managedGroupsFleet';
import { registerReportCommands } from './editor/commands/report';
import { registerRotationCommands } from './editor/commands/rotation';
import { registerSnapshotCommands } from './editor/commands/snapshots';
import { registerTokenCommands } from './editor/commands/tokens';
import { registerViewCommands } from './editor/commands/view';
import { registerExpiryWatch } from './editor/background/expiryWatch';
import { createServices } from './editor/services';
import { InventoryPanel } from './editor/webviews/inventory/inventoryPanel';
import { TokenReportPanel } from './editor/webviews/tokenReport/tokenReportPanel';

export function activate(context: vscode.ExtensionContext): void {
  // First: the core words its messages and times in the editor's display language.
  configureDisplayLanguage(vscode.env.language, vscode.l10n.bundle);
  const services = createServices(context);
  const view = vscode.window.createTreeView('kantegaSso.instances', {
    treeDataProvider: services.tree,
    showCollapseAll: true,
  });
  services.tree.attach(view);
  context.subscriptions.push(
    view,
    registerExpiryWatch(services, context, {
      view,
      isReportVisible: () => TokenReportPanel.isVisible() || InventoryPanel.isVisible(),
    }),
    ...registerInstanceCommands(services),
    ...registerSnapshotCommands(services),
    ...registerTokenCommands(services),
    ...registerRotationCommands(services),
    ...registerIdentityProviderCommands(services),
    ...registerViewCommands(services),
    ...registerFleetCommands(services),
    ...registerManagedGroupFleetCommands(services),
    ...registerReportCommands(services),
    ...registerInventoryCommands(services),
    ...registerCompareCommands(services),
  );
}

export function deactivate(): void {}
