// The fleet inventory and its export. Show Fleet Inventory opens (or reveals) the one inventory
// panel. Export Inventory… writes the instances the inventory's filter shows (from its Export
// button), or from the palette every configured instance, as Markdown (a table for a change ticket
// or a Confluence page), CSV or JSON. Nothing is taken or changed, and no secret is written: the
// facts hold none.
import * as os from 'node:os';
import * as vscode from 'vscode';
import { assessInventory, type InventoryAssessment } from '../../core/fleet/inventory';
import { inventoryCsv, inventoryJson, inventoryMarkdown, inventoryRows } from '../../core/fleet/inventoryText';
import { formatDate } from '../../core/text/format';
import { requireInstances } from '../input/pickers';
import type { Services } from '../services';
import { factsOptions, inventorySource, loadInstanceFacts } from '../state/inventoryFacts';
import { inertMessage, waitWithProgress } from '../ui';
import { required } from '../cancellation';
import { attempt } from '../failures';
import { InventoryPanel } from '../webviews/inventory/inventoryPanel';
import { registerCommand } from './registerCommand';

export function registerInventoryCommands(services: Services): vscode.Disposable[] {
  const exportShown = (assessment: InventoryAssessment) => exportInventory(services, assessment);
  return [
    registerCommand(services, 'kantegaSso.showInventory', () => InventoryPanel.show(services, exportShown)),
    registerCommand(services, 'kantegaSso.exportInventory', async () =>
      exportInventory(services, await assessFleet(services)),
    ),
  ];
}

/** Every configured instance's facts, loaded through the shared cache (what it holds is not asked again), assessed. */
async function assessFleet(services: Services): Promise<InventoryAssessment> {
  const instances = await requireInstances(services);
  const source = inventorySource(services);
  const options = factsOptions(services.settings);
  const facts = await waitWithProgress(
    vscode.l10n.t('Loading the inventory of {0} instances', instances.length),
    Promise.all(instances.map((instance) => loadInstanceFacts(source, instance, options))),
  );
  return assessInventory(facts, { now: Date.now(), snapshotMaxAgeDays: services.settings.snapshotMaxAgeDays() });
}

type Format = 'markdown' | 'csv' | 'json';

interface FormatItem extends vscode.QuickPickItem {
  readonly format: Format;
}

const EXTENSIONS: Record<Format, string> = { markdown: 'md', csv: 'csv', json: 'json' };

/** Asks Markdown, CSV or JSON and where, writes the file, and offers to open it. */
async function exportInventory(services: Services, assessment: InventoryAssessment): Promise<void> {
  const count = assessment.instances.length;
  const items: FormatItem[] = [
    { label: 'Markdown', description: vscode.l10n.t('a table for a change ticket or a wiki page'), format: 'markdown' },
    { label: 'CSV', description: vscode.l10n.t('for spreadsheets'), format: 'csv' },
    { label: 'JSON', description: vscode.l10n.t('for scripts'), format: 'json' },
  ];
  const chosen = required(
    await vscode.window.showQuickPick(items, {
      title: inertMessage(vscode.l10n.t('Export the Inventory of {0} Instances', count)),
      placeHolder: vscode.l10n.t('File format'),
    }),
  );
  const now = Date.now();
  const extension = EXTENSIONS[chosen.format];
  const fileName = `kantega-sso-inventory-${formatDate(now)}.${extension}`;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
  const target = required(
    await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(folder, fileName),
      filters: { [chosen.label]: [extension] },
      title: vscode.l10n.t('Export Inventory'),
      saveLabel: vscode.l10n.t('Export'),
    }),
  );
  const options = { now };
  const content =
    chosen.format === 'markdown'
      ? inventoryMarkdown(assessment, options)
      : chosen.format === 'csv'
        ? inventoryCsv(inventoryRows(assessment, options))
        : inventoryJson(assessment, options);
  await attempt(vscode.l10n.t('Could not write {0}', target.fsPath), undefined, () =>
    vscode.workspace.fs.writeFile(target, new TextEncoder().encode(content)),
  );
  services.log.info(`Export Inventory: ${count} instances to ${target.toString()}`);
  const open = vscode.l10n.t('Open');
  const where = target.scheme === 'file' ? target.fsPath : target.toString();
  const choice = await vscode.window.showInformationMessage(
    inertMessage(vscode.l10n.t('Exported the inventory of {0} instances to {1}', count, where)),
    open,
  );
  if (choice === open) await vscode.commands.executeCommand('vscode.open', target);
}
