// Commands on configuration snapshots: create, restore (with confirmation and a safety snapshot), find, copy id.
import * as vscode from 'vscode';
import { safetySnapshotDescription, takeAndFindSnapshot } from '../../core/api/safetySnapshot';
import { isKantegaError } from '../../core/errors';
import { sameBaseUrl } from '../../core/baseUrl';
import { formatDateTime, formatRelativeTime } from '../../core/text/format';
import { isProduction } from '../../core/instanceConfig';
import type { Snapshot } from '../../core/model';
import { noteSnapshotTaken } from '../background/walkthroughProgress';
import type { Services } from '../services';
import { snapshotNodeId } from '../tree/treeIds';
import { describeInstance, inertMessage, shownText, withCancellableProgress } from '../ui';
import { cancel, required } from '../cancellation';
import { attempt } from '../failures';
import { registerCommand } from './registerCommand';
import { resolveInstance, resolveSnapshot, type SnapshotTarget } from './targets';
import { sentences } from '../../core/text/displayText';

export function registerSnapshotCommands(services: Services): vscode.Disposable[] {
  return [
    registerCommand(services, 'kantegaSso.createSnapshot', (arg) => createSnapshot(services, arg)),
    registerCommand(services, 'kantegaSso.restoreSnapshot', async (arg) => {
      await restoreSnapshot(services, await resolveSnapshot(services, arg, vscode.l10n.t('Snapshot to restore')));
    }),
    registerCommand(services, 'kantegaSso.findSnapshot', (arg) => findSnapshot(services, arg)),
    registerCommand(services, 'kantegaSso.copySnapshotId', async (arg) => {
      await copySnapshotId(await resolveSnapshot(services, arg, vscode.l10n.t('Snapshot whose ID to copy')));
    }),
  ];
}

async function createSnapshot(services: Services, arg: unknown): Promise<void> {
  const instance = await resolveInstance(services, arg, vscode.l10n.t('Instance to snapshot'));
  const description = required(
    await vscode.window.showInputBox({
      title: inertMessage(vscode.l10n.t('Create Snapshot of {0}', instance.name)),
      prompt: vscode.l10n.t('Description of the snapshot (optional: left empty, the server names it by date)'),
      placeHolder: vscode.l10n.t('e.g. Before switching the identity provider'),
      ignoreFocusOut: true,
    }),
  ).trim();
  try {
    await attempt(vscode.l10n.t('Could not take a snapshot of {0}', instance.name), instance, () =>
      services.tree.changeConfiguration(instance.name, vscode.l10n.t('taking a snapshot…'), () =>
        withCancellableProgress(vscode.l10n.t('Taking a snapshot of {0}…', instance.name), (signal) =>
          services.instances.run(instance, (client) => client.takeSnapshot(description || undefined, { signal })),
        ),
      ),
    );
  } finally {
    services.tree.refresh(instance.name);
  }
  noteSnapshotTaken(false);
  void vscode.window.showInformationMessage(
    inertMessage(
      description
        ? vscode.l10n.t('Snapshot "{0}" taken on {1}.', description, instance.name)
        : vscode.l10n.t('Snapshot taken on {0}.', instance.name),
    ),
  );
}

/** The modal's detail: where, what, when, and what happens to the live configuration. */
function restoreDetail({ instance, snapshot }: SnapshotTarget, safety: string | undefined): string {
  const taken =
    snapshot.timeMillis !== undefined
      ? vscode.l10n.t(
          'taken {0} ({1})',
          formatDateTime(snapshot.timeMillis),
          formatRelativeTime(snapshot.timeMillis, Date.now()),
        )
      : vscode.l10n.t('date unknown');
  const lines = [
    vscode.l10n.t('Instance: {0} at {1}', describeInstance(instance), instance.baseUrl),
    vscode.l10n.t('Snapshot: "{0}", {1}, id {2}', shownText(snapshot.description), taken, shownText(snapshot.id)),
    snapshot.readable ? '' : vscode.l10n.t('The server reports this snapshot as unreadable: the restore may fail.'),
    '',
    vscode.l10n.t('The live Kantega SSO configuration of {0} will be replaced by this snapshot.', instance.name),
    safety
      ? vscode.l10n.t('A safety snapshot "{0}" is taken first.', shownText(safety))
      : vscode.l10n.t('No safety snapshot is taken first (setting kantegaSso.safetySnapshotBeforeRestore is off).'),
    // The safety snapshot is the only way the API tells the live version: without it, say what to check.
    !safety && snapshot.pluginVersion
      ? vscode.l10n.t(
          'So the live version is not checked: restore only if {0} runs Kantega SSO {1}, as when it was taken.',
          instance.name,
          shownText(snapshot.pluginVersion),
        )
      : '',
  ];
  return lines.filter((line, index) => line !== '' || lines[index - 1] !== '').join('\n');
}

/**
 * Restores after a modal naming instance, environment and snapshot; on production the person also
 * types the instance name. Takes a safety snapshot first unless kantegaSso.safetySnapshotBeforeRestore is off.
 */
async function restoreSnapshot(services: Services, target: SnapshotTarget): Promise<void> {
  const { instance, snapshot } = target;
  const label = shownText(snapshot.description);
  const safety = services.settings.safetySnapshotBeforeRestore() ? safetySnapshotDescription(snapshot) : undefined;
  const restore = vscode.l10n.t('Restore');
  const choice = await vscode.window.showWarningMessage(
    inertMessage(vscode.l10n.t('Restore snapshot "{0}" on {1}?', label, describeInstance(instance))),
    { modal: true, detail: restoreDetail(target, safety) },
    restore,
  );
  if (choice !== restore) cancel();
  if (isProduction(instance)) {
    const typed = await vscode.window.showInputBox({
      title: vscode.l10n.t('Confirm restore on PRODUCTION'),
      prompt: inertMessage(
        vscode.l10n.t(
          'Type the instance name "{0}" to replace its live SSO configuration with "{1}"',
          instance.name,
          label,
        ),
      ),
      ignoreFocusOut: true,
      validateInput: (value) =>
        value === instance.name ? undefined : vscode.l10n.t('Type "{0}" exactly to confirm.', instance.name),
    });
    if (typed !== instance.name) cancel();
  }
  const action = vscode.l10n.t('Could not restore "{0}" on {1}', label, instance.name);
  const nodeId = snapshotNodeId(instance.name, snapshot.id);
  const restoring = vscode.l10n.t('restoring…');
  try {
    await attempt(action, instance, () =>
      services.tree.changeConfiguration(instance.name, restoring, () =>
        services.tree.showBusy(instance.name, nodeId, restoring, async () => {
          const title = vscode.l10n.t('Restoring "{0}" on {1}', label, instance.name);
          if (safety) {
            const live = await withCancellableProgress(title, (signal, progress) => {
              progress.report({ message: vscode.l10n.t('taking the safety snapshot…') });
              return takeSafetySnapshot(services, target, safety, signal);
            });
            await confirmAcrossVersions(target, live);
          }
          await withCancellableProgress(title, async (signal, progress) => {
            progress.report({ message: restoring });
            await services.instances.run(instance, (client) => client.restoreSnapshot(snapshot.id, { signal }));
          });
        }),
      ),
    );
  } catch (e) {
    if (isKantegaError(e) && e.kind === 'cancelled') {
      void vscode.window.showWarningMessage(
        inertMessage(
          vscode.l10n.t(
            'Restore of "{0}" on {1} cancelled before it started: nothing was restored.',
            label,
            instance.name,
          ),
        ),
      );
    }
    throw e;
  } finally {
    services.tree.refresh(instance.name);
  }
  const restored = safety
    ? vscode.l10n.t(
        'Snapshot "{0}" restored on {1}. The previous configuration is in the snapshot "{2}".',
        label,
        instance.name,
        shownText(safety),
      )
    : vscode.l10n.t('Snapshot "{0}" restored on {1}.', label, instance.name);
  // Kantega's words for Data Center clusters: the other nodes follow within about a minute.
  const cluster = vscode.l10n.t('In a cluster, the other nodes pick it up within about a minute.');
  void vscode.window.showInformationMessage(inertMessage(`${restored} ${cluster}`));
}

/** Takes the safety snapshot and proves it exists: without it, nothing is restored. */
async function takeSafetySnapshot(
  services: Services,
  { instance }: SnapshotTarget,
  description: string,
  signal: AbortSignal,
): Promise<Snapshot> {
  const found = await services.instances.run(instance, (client) =>
    takeAndFindSnapshot(client, description, { signal }),
  );
  if (!found) {
    throw new Error(
      sentences(
        vscode.l10n.t(
          'the server answered that it took the safety snapshot, but {0} does not list it, so nothing was restored.',
          instance.name,
        ),
        vscode.l10n.t(
          'Try again; to restore without a safety snapshot, turn off kantegaSso.safetySnapshotBeforeRestore.',
        ),
      ),
    );
  }
  return found;
}

/**
 * The vendor: a snapshot must be restored on the Kantega SSO version it was taken with, and one
 * taken on another base URL needs the identity providers set up again. The safety snapshot just
 * taken tells what is live; when the chosen one differs, say so plainly and ask once more.
 */
async function confirmAcrossVersions({ instance, snapshot }: SnapshotTarget, live: Snapshot): Promise<void> {
  const problems: string[] = [];
  if (snapshot.pluginVersion && live.pluginVersion && snapshot.pluginVersion !== live.pluginVersion) {
    problems.push(
      vscode.l10n.t(
        'It was taken with Kantega SSO {0}; {1} runs {2}. Kantega restores a snapshot on its own version only.',
        shownText(snapshot.pluginVersion),
        instance.name,
        shownText(live.pluginVersion),
      ),
    );
  }
  if (snapshot.baseUrl && live.baseUrl && !sameBaseUrl(snapshot.baseUrl, live.baseUrl)) {
    problems.push(
      vscode.l10n.t(
        'It was taken on {0}; {1} now runs at {2}. After restoring, set up the identity providers again.',
        shownText(snapshot.baseUrl),
        instance.name,
        shownText(live.baseUrl),
      ),
    );
  }
  if (!problems.length) return;
  const restoreAnyway = vscode.l10n.t('Restore Anyway');
  const choice = await vscode.window.showWarningMessage(
    inertMessage(
      vscode.l10n.t('"{0}" does not match {1} as it is now', shownText(snapshot.description), instance.name),
    ),
    {
      modal: true,
      detail: [
        ...problems,
        '',
        vscode.l10n.t(
          'Nothing has been restored yet; the safety snapshot "{0}" was taken.',
          shownText(live.description),
        ),
      ].join('\n'),
    },
    restoreAnyway,
  );
  if (choice !== restoreAnyway) cancel();
}

/** The API restores by id: find a snapshot by its description, then act on it. */
async function findSnapshot(services: Services, arg: unknown): Promise<void> {
  const instance = await resolveInstance(services, arg, vscode.l10n.t('Instance to search'));
  const target = await resolveSnapshot(services, instance.name, vscode.l10n.t('Type part of a description'));
  const restore = {
    label: vscode.l10n.t('$(history) Restore Snapshot'),
    run: () => restoreSnapshot(services, target),
  };
  const copy = { label: vscode.l10n.t('$(copy) Copy Snapshot ID'), run: () => copySnapshotId(target) };
  const action = await vscode.window.showQuickPick([copy, restore], {
    title: inertMessage(
      vscode.l10n.t('Snapshot "{0}" ({1})', shownText(target.snapshot.description), shownText(target.snapshot.id)),
    ),
    placeHolder: vscode.l10n.t('What to do with this snapshot'),
  });
  await required(action).run();
}

async function copySnapshotId({ snapshot }: SnapshotTarget): Promise<void> {
  await vscode.env.clipboard.writeText(snapshot.id);
  void vscode.window.showInformationMessage(
    inertMessage(vscode.l10n.t('Snapshot ID {0} copied to the clipboard.', snapshot.id)),
  );
}
