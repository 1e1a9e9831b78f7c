// Commands on configuration snapshots: create, restore (with confirmation and a safety snapshot), find, copy id.
import * as vscode from 'vscode';
import { formatDateTime, formatRelativeTime } from '../../core/format';
import type { InstanceConfig } from '../../core/instanceConfig';
import type { Snapshot } from '../../core/model';
import { instanceOf, pickSnapshot, resolveInstance } from '../pickers';
import type { Services } from '../services';
import { snapshotLabel } from '../tree/snapshotNode';
import { describeInstance, showFailure, withCancellableProgress } from '../ui';

interface SnapshotTarget {
  readonly instance: InstanceConfig;
  readonly snapshot: Snapshot;
}

export function registerSnapshotCommands(services: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('kantegaSso.createSnapshot', (arg?: unknown) => createSnapshot(services, arg)),
    vscode.commands.registerCommand('kantegaSso.restoreSnapshot', async (arg?: unknown) => {
      const target = await resolveSnapshot(services, arg, vscode.l10n.t('Snapshot to restore'));
      if (target) await restoreSnapshot(services, target);
    }),
    vscode.commands.registerCommand('kantegaSso.findSnapshot', (arg?: unknown) => findSnapshot(services, arg)),
    vscode.commands.registerCommand('kantegaSso.copySnapshotId', async (arg?: unknown) => {
      const target = await resolveSnapshot(services, arg, vscode.l10n.t('Snapshot whose ID to copy'));
      if (target) await copySnapshotId(target);
    }),
  ];
}

/** The snapshot from a tree node (or any `{instance, snapshot}`), else asked: instance, then snapshot. */
async function resolveSnapshot(
  services: Services,
  arg: unknown,
  placeholder: string,
): Promise<SnapshotTarget | undefined> {
  const fromArg = instanceOf(services, arg);
  const snapshot =
    arg && typeof arg === 'object' && 'snapshot' in arg ? (arg as { snapshot?: Snapshot }).snapshot : undefined;
  if (fromArg && snapshot) return { instance: fromArg, snapshot };
  const instance = fromArg ?? (await resolveInstance(services, undefined, vscode.l10n.t('Instance of the snapshot')));
  if (!instance) return undefined;
  const picked = await pickSnapshot(services, instance, placeholder);
  return picked ? { instance, snapshot: picked } : undefined;
}

async function createSnapshot(services: Services, arg: unknown): Promise<void> {
  const instance = await resolveInstance(services, arg, vscode.l10n.t('Instance to snapshot'));
  if (!instance) return;
  const description = await vscode.window.showInputBox({
    title: vscode.l10n.t('Create Snapshot of {0}', instance.name),
    prompt: vscode.l10n.t('Description of the snapshot (optional: left empty, the server names it by date)'),
    placeHolder: vscode.l10n.t('e.g. Before switching the identity provider'),
    ignoreFocusOut: true,
  });
  if (description === undefined) return;
  try {
    const created = await withCancellableProgress(
      vscode.l10n.t('Taking a snapshot of {0}…', instance.name),
      async (signal) => {
        await services.instances.run(instance, (client) =>
          client.takeSnapshot(description.trim() || undefined, { signal }),
        );
        return true;
      },
    );
    if (!created) return;
    void vscode.window.showInformationMessage(
      description.trim()
        ? vscode.l10n.t('Snapshot "{0}" taken on {1}.', description.trim(), instance.name)
        : vscode.l10n.t('Snapshot taken on {0}.', instance.name),
    );
  } catch (e) {
    showFailure(vscode.l10n.t('Could not take a snapshot of {0}', instance.name), e);
  } finally {
    services.tree.refresh(instance.name);
  }
}

/**
 * Restores after a modal naming instance, environment and snapshot; on production the person also
 * types the instance name. Takes a safety snapshot first unless kantegaSso.safetySnapshotBeforeRestore is off.
 */
async function restoreSnapshot(services: Services, { instance, snapshot }: SnapshotTarget): Promise<void> {
  const label = snapshotLabel(snapshot);
  const safety = services.settings.safetySnapshotBeforeRestore();
  const safetyDescription = `Before restore of ${label}`;
  const taken =
    snapshot.timeMillis !== undefined
      ? vscode.l10n.t(
          'taken {0} ({1})',
          formatDateTime(snapshot.timeMillis),
          formatRelativeTime(snapshot.timeMillis, Date.now()),
        )
      : vscode.l10n.t('date unknown');
  const detail = [
    vscode.l10n.t('Instance: {0} at {1}', describeInstance(instance), instance.baseUrl),
    vscode.l10n.t('Snapshot: "{0}", {1}, id {2}', label, taken, snapshot.id),
    snapshot.readable ? '' : vscode.l10n.t('The server reports this snapshot as unreadable: the restore may fail.'),
    '',
    vscode.l10n.t('The live Kantega SSO configuration of {0} will be replaced by this snapshot.', instance.name),
    safety
      ? vscode.l10n.t('A safety snapshot "{0}" is taken first.', safetyDescription)
      : vscode.l10n.t('No safety snapshot is taken first (setting kantegaSso.safetySnapshotBeforeRestore is off).'),
  ]
    .filter((line, index, lines) => line !== '' || lines[index - 1] !== '')
    .join('\n');
  const restore = vscode.l10n.t('Restore');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Restore snapshot "{0}" on {1}?', label, describeInstance(instance)),
    { modal: true, detail },
    restore,
  );
  if (choice !== restore) return;
  if (instance.environment === 'production') {
    const typed = await vscode.window.showInputBox({
      title: vscode.l10n.t('Confirm restore on PRODUCTION'),
      prompt: vscode.l10n.t(
        'Type the instance name "{0}" to replace its live SSO configuration with "{1}"',
        instance.name,
        label,
      ),
      ignoreFocusOut: true,
      validateInput: (value) =>
        value === instance.name ? undefined : vscode.l10n.t('Type "{0}" exactly to confirm.', instance.name),
    });
    if (typed !== instance.name) return;
  }
  let restoreSent = false;
  try {
    const done = await withCancellableProgress(
      vscode.l10n.t('Restoring "{0}" on {1}', label, instance.name),
      async (signal, progress) => {
        if (safety) {
          progress.report({ message: vscode.l10n.t('taking the safety snapshot…') });
          await services.instances.run(instance, (client) => client.takeSnapshot(safetyDescription, { signal }));
        }
        progress.report({ message: vscode.l10n.t('restoring…') });
        restoreSent = true;
        await services.instances.run(instance, (client) => client.restoreSnapshot(snapshot.id, { signal }));
        return true;
      },
    );
    if (!done) {
      // Cancelling cannot recall a request the server already received: say what may have happened.
      void vscode.window.showWarningMessage(
        restoreSent
          ? vscode.l10n.t(
              'Restore of "{0}" on {1} cancelled while the server was restoring: the configuration may or may not have been replaced.',
              label,
              instance.name,
            )
          : vscode.l10n.t(
              'Restore of "{0}" on {1} cancelled before it started: nothing was restored.',
              label,
              instance.name,
            ),
      );
      return;
    }
    void vscode.window.showInformationMessage(
      safety
        ? vscode.l10n.t(
            'Snapshot "{0}" restored on {1}. The previous configuration is in the snapshot "{2}".',
            label,
            instance.name,
            safetyDescription,
          )
        : vscode.l10n.t('Snapshot "{0}" restored on {1}.', label, instance.name),
    );
  } catch (e) {
    showFailure(vscode.l10n.t('Could not restore "{0}" on {1}', label, instance.name), e);
  } finally {
    services.tree.refresh(instance.name);
  }
}

/** The API restores by id: find a snapshot by its description, then act on it. */
async function findSnapshot(services: Services, arg: unknown): Promise<void> {
  const instance = await resolveInstance(services, arg, vscode.l10n.t('Instance to search'));
  if (!instance) return;
  const snapshot = await pickSnapshot(services, instance, vscode.l10n.t('Type part of a description'));
  if (!snapshot) return;
  const restore = {
    label: vscode.l10n.t('$(history) Restore Snapshot'),
    run: () => restoreSnapshot(services, { instance, snapshot }),
  };
  const copy = { label: vscode.l10n.t('$(copy) Copy Snapshot ID'), run: () => copySnapshotId({ instance, snapshot }) };
  const action = await vscode.window.showQuickPick([copy, restore], {
    title: vscode.l10n.t('Snapshot "{0}" ({1})', snapshotLabel(snapshot), snapshot.id),
    placeHolder: vscode.l10n.t('What to do with this snapshot'),
  });
  await action?.run();
}

async function copySnapshotId({ snapshot }: SnapshotTarget): Promise<void> {
  await vscode.env.clipboard.writeText(snapshot.id);
  void vscode.window.showInformationMessage(vscode.l10n.t('Snapshot ID {0} copied to the clipboard.', snapshot.id));
}
