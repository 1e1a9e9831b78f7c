// Commands across every instance at once. Snapshot Instances…: one description, snapshots taken in
// parallel (one request at a time per server), one progress, a summary with Retry Failed. Find
// Token…: one pick over the tokens of every instance.
import * as vscode from 'vscode';
import { originOf } from '../../core/baseUrl';
import { isWorthRetrying, runOnePerKey, type KeyedOutcome } from '../../core/fleet/runOnePerKey';
import { describeError } from '../../core/errors';
import { formatDate } from '../../core/text/format';
import type { InstanceConfig } from '../../core/instanceConfig';
import type { Snapshot } from '../../core/model';
import { pickInstances, pickTokenAcrossInstances, requireInstances } from '../input/pickers';
import { noteSnapshotTaken } from '../background/walkthroughProgress';
import type { Services } from '../services';
import { ChangeRunningError } from '../state/runningChanges';
import { inertMessage, withCancellableProgress } from '../ui';
import { required } from '../cancellation';
import { registerCommand } from './registerCommand';
import { openTokenDetails } from './tokens';

export function registerFleetCommands(services: Services): vscode.Disposable[] {
  return [
    registerCommand(services, 'kantegaSso.snapshotInstances', () => snapshotInstances(services)),
    registerCommand(services, 'kantegaSso.findToken', async () => {
      const instances = await requireInstances(services);
      openTokenDetails(services, await pickTokenAcrossInstances(services, instances));
    }),
  ];
}

async function snapshotInstances(services: Services): Promise<void> {
  const instances = await pickInstances(
    await requireInstances(services),
    vscode.l10n.t('Snapshot Instances'),
    vscode.l10n.t('Instances to take a snapshot of (Space selects, Enter continues)'),
  );
  const description = required(
    await vscode.window.showInputBox({
      title: inertMessage(vscode.l10n.t('Snapshot Instances ({0})', instances.length)),
      prompt: vscode.l10n.t('One description for every snapshot'),
      value: vscode.l10n.t('Before upgrade {0}', formatDate(Date.now())),
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() ? undefined : vscode.l10n.t('Enter a description.')),
    }),
  ).trim();
  await takeSnapshots(services, instances, description);
}

type SnapshotOutcome = KeyedOutcome<Snapshot | undefined>;

/** Takes the snapshots, then says how each went and offers to retry the ones that failed. */
async function takeSnapshots(services: Services, instances: InstanceConfig[], description: string): Promise<void> {
  let done = 0;
  let failed = 0;
  const outcomes = await withCancellableProgress(
    vscode.l10n.t('Taking snapshots of {0} instances', instances.length),
    (signal, progress) =>
      runOnePerKey(
        instances,
        // One request at a time per server: instances on one host (Jira and Confluence behind one
        // proxy) take their turns.
        (instance) => originOf(instance.baseUrl),
        (instance) =>
          services.tree.changeConfiguration(instance.name, vscode.l10n.t('taking a snapshot…'), () =>
            services.instances.run(instance, (client) => client.takeSnapshot(description, { signal })),
          ),
        {
          signal,
          onSettled: (_index, outcome) => {
            if (outcome.status === 'done') done++;
            else if (outcome.status === 'failed') failed++;
            const message = vscode.l10n.t('{0} of {1} done, {2} failed', done, instances.length, failed);
            progress.report({ message, increment: 100 / instances.length });
          },
        },
      ),
  );
  for (const instance of instances) services.tree.refresh(instance.name);
  await showSummary(services, instances, outcomes, description);
}

/** One line per instance, in the project's usual words. */
function outcomeLine(instance: InstanceConfig, outcome: SnapshotOutcome): string {
  switch (outcome.status) {
    case 'done':
      return vscode.l10n.t('{0}: taken', instance.name);
    case 'notStarted':
      return vscode.l10n.t('{0}: not started (cancelled)', instance.name);
    case 'failed':
      // Its own words name the instance again ("Jira is already restoring…"): say it once.
      if (outcome.error instanceof ChangeRunningError) {
        return vscode.l10n.t('{0}: not taken, already {1}', instance.name, outcome.error.running);
      }
      return vscode.l10n.t('{0}: {1}', instance.name, describeError(outcome.error));
  }
}

async function showSummary(
  services: Services,
  instances: InstanceConfig[],
  outcomes: SnapshotOutcome[],
  description: string,
): Promise<void> {
  const lines = instances.map((instance, index) => outcomeLine(instance, outcomes[index]));
  for (const line of lines) services.log.info(`Snapshot Instances: ${line}`);
  const retry = instances.filter((_instance, index) => isWorthRetrying(outcomes[index]));
  const taken = outcomes.filter((outcome) => outcome.status === 'done').length;
  if (taken) noteSnapshotTaken(true);
  const headline = vscode.l10n.t('Snapshot "{0}" taken on {1} of {2} instances.', description, taken, instances.length);
  const message = [headline, ...lines.filter((_line, i) => outcomes[i].status !== 'done')].join(' ');
  const retryLabel = vscode.l10n.t('Retry Failed');
  if (taken === instances.length) {
    void vscode.window.showInformationMessage(inertMessage(message));
    return;
  }
  const choice = await vscode.window.showWarningMessage(inertMessage(message), ...(retry.length ? [retryLabel] : []));
  if (choice === retryLabel) {
    // The instances as configured now: one may have been edited meanwhile.
    const current = retry.flatMap((instance) => services.instances.get(instance.name) ?? []);
    await takeSnapshots(services, current, description);
  }
}
