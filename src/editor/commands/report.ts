// The token report and its export. Show Token Report opens (or reveals) the one report panel. Export
// Tokens… writes the rows the report's filter shows (from its Export button), or from the palette
// every token of every instance, as CSV or JSON, for audits. Never a secret: rows carry none.
import * as os from 'node:os';
import * as vscode from 'vscode';
import { describeError } from '../../core/errors';
import { formatDate } from '../../core/text/format';
import { buildReportRows, toCsv, toJson, type ReportRow } from '../../core/fleet/tokenReport';
import { requireInstances } from '../input/pickers';
import type { Services } from '../services';
import { TokenReportPanel } from '../webviews/tokenReport/tokenReportPanel';
import { inertMessage, shownText, withCancellableProgress } from '../ui';
import { cancel, required } from '../cancellation';
import { attempt } from '../failures';
import { registerCommand } from './registerCommand';

export function registerReportCommands(services: Services): vscode.Disposable[] {
  const exportRows = (rows: readonly ReportRow[]) => exportTokens(services, rows);
  return [
    registerCommand(services, 'kantegaSso.showTokenReport', () => TokenReportPanel.show(services, exportRows)),
    registerCommand(services, 'kantegaSso.exportTokens', async () => {
      const { rows, failed } = await loadAllRows(services);
      await exportTokens(services, rows, failed);
    }),
  ];
}

/** Every token of every instance, as the report lists them; the instances that could not be listed, named. */
async function loadAllRows(services: Services): Promise<{ rows: ReportRow[]; failed: string[] }> {
  const instances = await requireInstances(services);
  const lists = await withCancellableProgress(
    vscode.l10n.t('Listing the API tokens of {0} instances', instances.length),
    (signal) =>
      Promise.allSettled(instances.map((instance) => services.data.listTokens(instance, { signal }))).then(
        (settled) => {
          if (signal.aborted) cancel();
          return settled;
        },
      ),
  );
  const now = Date.now();
  const warningDays = services.settings.expiryWarningDays();
  const rows: ReportRow[] = [];
  const failed: string[] = [];
  lists.forEach((list, index) => {
    const instance = instances[index];
    if (list.status === 'fulfilled') rows.push(...buildReportRows(instance, list.value, now, warningDays));
    else {
      failed.push(`${instance.name} (${shownText(describeError(list.reason))})`);
      services.log.warn(`Export Tokens: ${instance.name}: ${describeError(list.reason)}`);
    }
  });
  return { rows, failed };
}

interface FormatItem extends vscode.QuickPickItem {
  readonly format: 'csv' | 'json';
}

/** Asks CSV or JSON and where, writes the file, and offers to open it. */
async function exportTokens(services: Services, rows: readonly ReportRow[], failed: string[] = []): Promise<void> {
  const items: FormatItem[] = [
    { label: 'CSV', description: vscode.l10n.t('for spreadsheets'), format: 'csv' },
    { label: 'JSON', description: vscode.l10n.t('for scripts'), format: 'json' },
  ];
  const chosen = required(
    await vscode.window.showQuickPick(items, {
      title: inertMessage(vscode.l10n.t('Export {0} API Tokens', rows.length)),
      placeHolder: vscode.l10n.t('File format'),
    }),
  );
  const fileName = `kantega-sso-tokens-${formatDate(Date.now())}.${chosen.format}`;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
  const target = required(
    await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(folder, fileName),
      filters: chosen.format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
      title: vscode.l10n.t('Export API Tokens'),
      saveLabel: vscode.l10n.t('Export'),
    }),
  );
  const content = chosen.format === 'csv' ? toCsv(rows) : toJson(rows);
  await attempt(vscode.l10n.t('Could not write {0}', target.fsPath), undefined, () =>
    vscode.workspace.fs.writeFile(target, new TextEncoder().encode(content)),
  );
  services.log.info(`Export Tokens: ${rows.length} tokens to ${target.toString()}`);
  const open = vscode.l10n.t('Open');
  const where = target.scheme === 'file' ? target.fsPath : target.toString();
  const message = failed.length
    ? vscode.l10n.t('Exported {0} tokens to {1}. Could not list: {2}.', rows.length, where, failed.join(', '))
    : vscode.l10n.t('Exported {0} tokens to {1}', rows.length, where);
  const show = failed.length ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  const choice = await show(inertMessage(message), open);
  if (choice === open) await vscode.commands.executeCommand('vscode.open', target);
}
