// Managed groups across the fleet. Add Managed Group to Instances…: the instances, the IdP by name
// (per instance where names differ), one group, one confirmation, then per instance a safety snapshot
// and the add, hosts in parallel and one request at a time per host, and a summary with Retry
// Failed. Find Managed Group…: where a group is managed, where it is missing among instances of the
// same product, and where it could not be checked.
import * as vscode from 'vscode';
import {
  addManagedGroupSafely,
  managedGroupCheck,
  managedGroupSnapshotDescription,
  type ManagedGroupChange,
} from '../../core/api/managedGroupChange';
import { idpApiState } from '../../core/api/identityProviders';
import { originOf } from '../../core/baseUrl';
import { describeError, isKantegaError } from '../../core/errors';
import {
  managedGroupFindings,
  matchIdpName,
  productOf,
  sharedIdpNames,
  type GroupCheck,
  type SharedIdpName,
  type ManagedGroupFindings,
  type Product,
} from '../../core/fleet/managedGroups';
import { isWorthRetrying, runOnePerKey, type KeyedOutcome } from '../../core/fleet/runOnePerKey';
import { isProduction, type InstanceConfig } from '../../core/instanceConfig';
import type { CallOptions, IdentityProvider } from '../../core/model';
import { cancel, required } from '../cancellation';
import { askManagedGroupName } from '../input/managedGroupName';
import { loadingPick, pickInstances, requireInstances } from '../input/pickers';
import type { Services } from '../services';
import { ChangeRunningError } from '../state/runningChanges';
import { describeInstance, environmentLabel, inertMessage, pickText, shownText, withCancellableProgress } from '../ui';
import { registerCommand } from './registerCommand';
import { sentences } from '../../core/text/displayText';

export function registerManagedGroupFleetCommands(services: Services): vscode.Disposable[] {
  return [
    registerCommand(services, 'kantegaSso.addManagedGroupToInstances', () => addManagedGroupToInstances(services)),
    registerCommand(services, 'kantegaSso.findManagedGroup', () => findManagedGroup(services)),
  ];
}

/** One add: the instance, and its IdP the group goes to. */
interface PlannedAdd {
  readonly instance: InstanceConfig;
  readonly idp: IdentityProvider;
}

/** An instance left out of an add, and why (in a few words: "needs a system administrator"). */
interface LeftOut {
  readonly instance: InstanceConfig;
  readonly reason: string;
}

/** Whether a fleet add's changes are running: a second click adds nothing twice. */
let adding = false;

function sayAddRunning(): void {
  void vscode.window.showInformationMessage(
    vscode.l10n.t('Managed groups are being added already. Wait until that has finished.'),
  );
}

/** Runs `work` as the one fleet add; while another runs, says so and resolves to undefined. */
async function aloneAdding<T>(work: () => Promise<T>): Promise<T | undefined> {
  if (adding) {
    sayAddRunning();
    return undefined;
  }
  adding = true;
  try {
    return await work();
  } finally {
    adding = false;
  }
}

/**
 * The whole command. `preset` comes from Find Managed Group…: the instances where the group is
 * missing, and the group, are not asked again.
 */
async function addManagedGroupToInstances(
  services: Services,
  preset?: { readonly instances: readonly InstanceConfig[]; readonly group: string },
): Promise<void> {
  if (adding) return sayAddRunning();
  const title = vscode.l10n.t('Add Managed Group to Instances');
  const instances = preset
    ? [...preset.instances]
    : await pickInstances(
        await requireInstances(services),
        title,
        vscode.l10n.t('Instances to add the managed group to (Space selects, Enter continues)'),
      );
  const { plan, leftOut } = await chooseIdps(services, instances, title);
  const group =
    preset?.group ??
    (await askManagedGroupName({
      title: vscode.l10n.t('{0} ({1})', title, plan.length),
      prompt: vscode.l10n.t('The group to add as a managed group of the chosen identity providers'),
    }));
  const safety = services.settings.safetySnapshotBeforeRestore();
  await confirmAdd(plan, leftOut, group, safety);
  let next: readonly PlannedAdd[] = plan;
  // Retry Failed: the same adds as confirmed (safety snapshot included), not asked again.
  while (next.length) {
    const adds = next;
    const outcomes = await aloneAdding(() => addEverywhere(services, adds, group, safety));
    // The summary waits for a button outside the guard: a toast left open does not block the next add.
    next = outcomes ? await showAddSummary(services, adds, outcomes, group) : [];
  }
}

/** Why an instance's IdPs could not be listed, in a few words for the confirmation's "Left out" lines. */
function listProblem(error: unknown): string {
  const state = idpApiState(error);
  if (state === 'forbidden') return vscode.l10n.t('needs a system administrator');
  if (state === 'notOffered') return vscode.l10n.t('identity providers are not offered by this Kantega SSO version');
  return describeError(error);
}

/**
 * Which IdP on each instance: each instance's IdPs are listed (one request at a time per host) while
 * the pick of a name shows busy; one name is picked for all where names match (trimmed, ignoring
 * case; see idpNameKey), then an IdP on each instance where that name is missing or found twice.
 */
async function chooseIdps(
  services: Services,
  instances: readonly InstanceConfig[],
  title: string,
): Promise<{ plan: PlannedAdd[]; leftOut: LeftOut[] }> {
  const leftOut: LeftOut[] = [];
  const usable: Array<{ instance: InstanceConfig; idps: IdentityProvider[] }> = [];
  type NameItem = vscode.QuickPickItem & { readonly shared?: SharedIdpName };
  const picked = await loadingPick<NameItem>(
    inertMessage(title),
    vscode.l10n.t('Identity provider to add the managed group to, by name'),
    async (options, report) => {
      let settled = 0;
      const lists = await runOnePerKey(
        instances,
        (instance) => originOf(instance.baseUrl),
        (instance) => services.instances.run(instance, (client) => client.listIdentityProviders(options)),
        {
          signal: options.signal,
          onSettled: () => report(vscode.l10n.t('{0} of {1} instances listed', ++settled, instances.length)),
        },
      );
      instances.forEach((instance, index) => {
        const outcome = lists[index];
        if (outcome.status === 'failed') leftOut.push({ instance, reason: listProblem(outcome.error) });
        else if (outcome.status === 'notStarted') leftOut.push({ instance, reason: vscode.l10n.t('not listed') });
        else if (!outcome.value.length) leftOut.push({ instance, reason: vscode.l10n.t('no identity providers') });
        else usable.push({ instance, idps: outcome.value });
      });
      if (!usable.length) return [];
      const shared = sharedIdpNames(usable.map((entry) => entry.idps));
      const items: NameItem[] = shared.map((name) => ({
        label: pickText(name.name),
        description:
          usable.length > 1 ? vscode.l10n.t('on {0} of {1} instances', name.found, usable.length) : undefined,
        shared: name,
      }));
      if (items.length) items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
      items.push({ label: vscode.l10n.t('$(list-selection) Choose on Each Instance…') });
      return items;
    },
    // Each reason is a state of that instance (an older version, a plain user), not a fault.
    () =>
      sentences(
        vscode.l10n.t('No chosen instance has an identity provider to add a managed group to.'),
        ...leftOut.map(({ instance, reason }) => vscode.l10n.t('{0}: {1}.', instance.name, reason)),
      ),
  );
  const plan: PlannedAdd[] = [];
  for (const { instance, idps } of usable) {
    const match = picked.shared
      ? matchIdpName(idps, picked.shared.key)
      : { kind: 'missing' as const, candidates: idps };
    if (match.kind === 'matched') {
      plan.push({ instance, idp: match.idp });
      continue;
    }
    const chosen = await pickIdpOn(instance, match, picked.shared?.name, title);
    if (chosen) plan.push({ instance, idp: chosen });
    else leftOut.push({ instance, reason: vscode.l10n.t('left out when its identity provider was picked') });
  }
  return plan.length ? { plan, leftOut } : cancel();
}

/**
 * The IdP on one instance where the name picked for all (`name`, if one was) led nowhere or to
 * several; undefined leaves the instance out.
 */
async function pickIdpOn(
  instance: InstanceConfig,
  match: { readonly kind: 'missing' | 'ambiguous'; readonly candidates: readonly IdentityProvider[] },
  name: string | undefined,
  title: string,
): Promise<IdentityProvider | undefined> {
  type IdpItem = vscode.QuickPickItem & { readonly idp?: IdentityProvider };
  const items: IdpItem[] = match.candidates.map((idp) => ({
    label: pickText(idp.name),
    description: vscode.l10n.t('id {0}', pickText(idp.id)),
    idp,
  }));
  items.push(
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: vscode.l10n.t('$(circle-slash) Leave Out {0}', instance.name) },
  );
  const where = describeInstance(instance);
  const placeHolder =
    name === undefined
      ? vscode.l10n.t('Identity provider on {0}', where)
      : match.kind === 'ambiguous'
        ? vscode.l10n.t('{0} has several identity providers named "{1}": which one?', where, shownText(name))
        : vscode.l10n.t('{0} has no identity provider named "{1}": pick one, or leave it out', where, shownText(name));
  const picked = required(
    await vscode.window.showQuickPick(items, {
      title: inertMessage(title),
      placeHolder: inertMessage(placeHolder),
      matchOnDescription: true,
    }),
  );
  return picked.idp;
}

/** One modal naming every instance (production first and marked), its IdP, the group and the safety snapshot. */
async function confirmAdd(plan: readonly PlannedAdd[], leftOut: readonly LeftOut[], group: string, safety: boolean) {
  const shownGroup = shownText(group);
  const ordered = [...plan].sort((a, b) => Number(isProduction(b.instance)) - Number(isProduction(a.instance)));
  const lines = ordered.map(({ instance, idp }) =>
    vscode.l10n.t(
      '{0}{1}: identity provider "{2}"',
      isProduction(instance) ? '⚠ ' : '',
      describeInstance(instance),
      shownText(idp.name),
    ),
  );
  const skipped = leftOut.map(({ instance, reason }) =>
    vscode.l10n.t('Left out: {0}: {1}', describeInstance(instance), shownText(reason)),
  );
  const safetyLine = safety
    ? sentences(
        vscode.l10n.t(
          'A safety snapshot ("{0}") is taken on each instance first.',
          shownText(managedGroupSnapshotDescription(plan[0].idp.name, group)),
        ),
        vscode.l10n.t('The API cannot remove a managed group: restoring that snapshot undoes the add.'),
      )
    : sentences(
        vscode.l10n.t('No safety snapshot is taken first (setting kantegaSso.safetySnapshotBeforeRestore is off).'),
        vscode.l10n.t('The API cannot remove a managed group.'),
      );
  const detail = [...lines, ...(skipped.length ? ['', ...skipped] : []), '', safetyLine].join('\n');
  const [only] = plan;
  const add = plan.length === 1 ? vscode.l10n.t('Add') : vscode.l10n.t('Add to {0} Instances', plan.length);
  const question =
    plan.length === 1
      ? vscode.l10n.t('Add the managed group "{0}" on {1}?', shownGroup, describeInstance(only.instance))
      : plan.some(({ instance }) => isProduction(instance))
        ? vscode.l10n.t('Add the managed group "{0}" on {1} instances, PRODUCTION among them?', shownGroup, plan.length)
        : vscode.l10n.t('Add the managed group "{0}" on {1} instances?', shownGroup, plan.length);
  const choice = await vscode.window.showWarningMessage(inertMessage(question), { modal: true, detail }, add);
  if (choice !== add) cancel();
}

type AddOutcome = KeyedOutcome<ManagedGroupChange>;

/** Whether the group is managed there now: added and listed, or managed already. */
function isManagedNow(outcome: AddOutcome): boolean {
  return outcome.status === 'done' && (outcome.value.alreadyManaged || outcome.value.listed);
}

/**
 * Adds the group on every planned instance: the safety snapshot first (when asked), one change at a
 * time per instance, one request at a time per host.
 */
async function addEverywhere(
  services: Services,
  plan: readonly PlannedAdd[],
  group: string,
  safety: boolean,
): Promise<AddOutcome[]> {
  let added = 0;
  let failed = 0;
  const outcomes = await withCancellableProgress(
    vscode.l10n.t('Adding the managed group "{0}" on {1} instances', shownText(group), plan.length),
    (signal, progress) =>
      runOnePerKey(
        plan,
        ({ instance }) => originOf(instance.baseUrl),
        ({ instance, idp }) =>
          services.tree.changeConfiguration(instance.name, vscode.l10n.t('adding a managed group…'), () =>
            services.instances.run(instance, (client) =>
              addManagedGroupSafely(
                client,
                { idpId: idp.id, idpName: idp.name, group, safetySnapshot: safety },
                { signal },
              ),
            ),
          ),
        {
          signal,
          onSettled: (_index, outcome) => {
            if (isManagedNow(outcome)) added++;
            else if (outcome.status !== 'notStarted') failed++;
            const message = vscode.l10n.t('{0} of {1} done, {2} not added', added, plan.length, failed);
            progress.report({ message, increment: 100 / plan.length });
          },
        },
      ),
  );
  for (const { instance } of plan) services.tree.refresh(instance.name);
  return outcomes;
}

/** One line per instance, in the project's usual words; undefined where the group was added and shows. */
function addOutcomeLine({ instance, idp }: PlannedAdd, outcome: AddOutcome): string | undefined {
  switch (outcome.status) {
    case 'done': {
      if (outcome.value.alreadyManaged) {
        return vscode.l10n.t('{0}: already managed by "{1}", nothing changed', instance.name, shownText(idp.name));
      }
      if (outcome.value.listed) return undefined;
      const answer = outcome.value.answer.trim();
      return vscode.l10n.t(
        '{0}: the server answered HTTP {1}{2}, but the group does not show among the managed groups of "{3}"',
        instance.name,
        outcome.value.status,
        answer ? ` "${shownText(answer, 200)}"` : '',
        shownText(idp.name),
      );
    }
    case 'notStarted':
      return vscode.l10n.t('{0}: not started (cancelled)', instance.name);
    case 'failed':
      if (outcome.error instanceof ChangeRunningError) {
        return vscode.l10n.t('{0}: not added, already {1}', instance.name, outcome.error.running);
      }
      if (isOutcomeUnknown(outcome.error)) {
        return vscode.l10n.t('{0}: outcome unknown: {1}', instance.name, describeError(outcome.error));
      }
      return vscode.l10n.t('{0}: not added: {1}', instance.name, describeError(outcome.error));
  }
}

function isOutcomeUnknown(error: unknown): boolean {
  return isKantegaError(error) && error.kind === 'outcomeUnknown';
}

/** Says how the add went; resolves to the adds to try again when the person chose Retry Failed. */
async function showAddSummary(
  services: Services,
  plan: readonly PlannedAdd[],
  outcomes: readonly AddOutcome[],
  group: string,
): Promise<PlannedAdd[]> {
  const lines = plan.map((planned, index) => addOutcomeLine(planned, outcomes[index]));
  plan.forEach(({ instance, idp }, index) => {
    const line = lines[index] ?? vscode.l10n.t('{0}: added to "{1}"', instance.name, idp.name);
    services.log.info(`Add Managed Group to Instances: ${line}`);
  });
  // Not an add the server answered (it may show later), nor one whose outcome is unknown.
  const retry = plan.filter((_planned, index) => isWorthRetrying(outcomes[index]));
  const added = outcomes.filter(
    (outcome) => outcome.status === 'done' && !outcome.value.alreadyManaged && outcome.value.listed,
  ).length;
  const headline = vscode.l10n.t(
    'Managed group "{0}" added on {1} of {2} instances.',
    shownText(group),
    added,
    plan.length,
  );
  const message = [headline, ...lines.filter((line) => line !== undefined)].join(' ');
  if (outcomes.every(isManagedNow)) {
    void vscode.window.showInformationMessage(inertMessage(message));
    return [];
  }
  const retryLabel = vscode.l10n.t('Retry Failed');
  const showLog = vscode.l10n.t('Show Log');
  const choice = await vscode.window.showWarningMessage(
    inertMessage(message),
    ...(retry.length ? [retryLabel] : []),
    showLog,
  );
  if (choice === showLog) services.log.show();
  if (choice !== retryLabel) return [];
  // The instances as configured now: one may have been edited or removed meanwhile.
  return retry.flatMap(({ instance, idp }) => {
    const current = services.instances.get(instance.name);
    return current ? [{ instance: current, idp }] : [];
  });
}

/** Whether `group` is managed on one instance: its IdPs, then the check endpoint per IdP, one at a time. */
async function checkGroupOn(
  services: Services,
  instance: InstanceConfig,
  group: string,
  options: CallOptions,
): Promise<GroupCheck<IdentityProvider>> {
  try {
    return await services.instances.run(instance, async (client) => {
      const idps = await client.listIdentityProviders(options);
      const isManaged = managedGroupCheck(client, options);
      const checked: Array<{ idp: IdentityProvider; managed: boolean }> = [];
      // One request at a time per host.
      for (const idp of idps) checked.push({ idp, managed: await isManaged(idp.id, group) });
      return { kind: 'checked', idps: checked };
    });
  } catch (error) {
    const state = idpApiState(error);
    return state ? { kind: state } : { kind: 'error', message: describeError(error) };
  }
}

/** The instance's product: its newest listed snapshot's application name, else its name, else its address. */
function productOfInstance(services: Services, instance: InstanceConfig): Product | undefined {
  const snapshots = services.data.peekContent(instance)?.snapshots;
  const applicationName = snapshots?.ok
    ? snapshots.value.find((snapshot) => snapshot.applicationName)?.applicationName
    : undefined;
  return productOf({ applicationName, name: instance.name, baseUrl: instance.baseUrl });
}

type FindItem = vscode.QuickPickItem & {
  /** Choosing the row adds the group on these instances (Add Managed Group to Instances…). */
  readonly addTo?: readonly InstanceConfig[];
  readonly instance?: InstanceConfig;
  /** Where the group was found: choosing the row shows it in the tree. */
  readonly idp?: IdentityProvider;
};

/** Find's rows: found, missing (with the add), not managed, could not check; each group under its heading. */
function findRows(findings: ManagedGroupFindings<InstanceConfig, IdentityProvider>, group: string): FindItem[] {
  const rows: FindItem[] = [];
  const heading = (label: string) => rows.push({ label, kind: vscode.QuickPickItemKind.Separator });
  const where = (instance: InstanceConfig) => environmentLabel(instance);
  if (findings.missing.length) {
    const instances = findings.missing.map(({ instance }) => instance);
    rows.push({
      label: vscode.l10n.t('$(add) Add "{0}" Where It Is Missing ({1})…', pickText(group), instances.length),
      addTo: instances,
      alwaysShow: true,
    });
  }
  heading(vscode.l10n.t('Managed by ({0})', findings.found.length));
  for (const { instance, idp } of findings.found) {
    rows.push({
      label: `$(pass) ${pickText(instance.name)}`,
      description: [vscode.l10n.t('identity provider "{0}"', pickText(idp.name)), where(instance)]
        .filter(Boolean)
        .join(' · '),
      instance,
      idp,
    });
  }
  if (!findings.found.length) {
    rows.push({ label: vscode.l10n.t('$(info) No instance checked manages "{0}".', pickText(group)) });
  }
  if (findings.missing.length) heading(vscode.l10n.t('Missing ({0})', findings.missing.length));
  for (const { instance, product, idpCount } of findings.missing) {
    rows.push({
      label: `$(warning) ${pickText(instance.name)}`,
      description: [
        idpCount
          ? vscode.l10n.t('other {0} instances manage it; choose to add it here…', product)
          : vscode.l10n.t('other {0} instances manage it; this one has no identity providers', product),
        where(instance),
      ]
        .filter(Boolean)
        .join(' · '),
      ...(idpCount ? { addTo: [instance] } : { instance }),
    });
  }
  if (findings.notManaged.length) heading(vscode.l10n.t('Not managed ({0})', findings.notManaged.length));
  for (const { instance, idpCount } of findings.notManaged) {
    rows.push({
      label: `$(circle-outline) ${pickText(instance.name)}`,
      description: [
        idpCount
          ? vscode.l10n.t('not managed by its {0} identity providers', idpCount)
          : vscode.l10n.t('no identity providers'),
        where(instance),
      ]
        .filter(Boolean)
        .join(' · '),
      instance,
    });
  }
  if (findings.unchecked.length) heading(vscode.l10n.t('Could not check ({0})', findings.unchecked.length));
  for (const { instance, reason, message } of findings.unchecked) {
    rows.push({
      label: `$(circle-slash) ${pickText(instance.name)}`,
      description:
        reason === 'forbidden'
          ? vscode.l10n.t('needs a system administrator')
          : reason === 'notOffered'
            ? vscode.l10n.t('not offered by this Kantega SSO version')
            : pickText(message ?? describeError(undefined)),
      instance,
    });
  }
  return rows;
}

/**
 * Find Managed Group…: the group on every configured instance, by the check endpoint (one answer per
 * IdP, never a possibly huge list), one request at a time per host. A held-back credential is not
 * sent (the registry refuses), and that instance is named with the reason.
 */
async function findManagedGroup(services: Services): Promise<void> {
  const instances = await requireInstances(services);
  const group = await askManagedGroupName({
    title: vscode.l10n.t('Find Managed Group'),
    prompt: vscode.l10n.t('The managed group to look for on every instance'),
  });
  const picked = await loadingPick<FindItem>(
    inertMessage(vscode.l10n.t('Find Managed Group "{0}"', shownText(group))),
    vscode.l10n.t('Where the group is managed, and where it is missing'),
    async (options, report) => {
      let settled = 0;
      const outcomes = await runOnePerKey(
        instances,
        (instance) => originOf(instance.baseUrl),
        (instance) => checkGroupOn(services, instance, group, options),
        {
          signal: options.signal,
          onSettled: () => report(vscode.l10n.t('{0} of {1} instances checked', ++settled, instances.length)),
        },
      );
      const findings = managedGroupFindings(
        instances.map((instance, index) => {
          const outcome = outcomes[index];
          const check: GroupCheck<IdentityProvider> =
            outcome.status === 'done' ? outcome.value : { kind: 'error', message: vscode.l10n.t('not checked') };
          return { instance, product: productOfInstance(services, instance), check };
        }),
      );
      services.log.info(
        `Find Managed Group "${group}": managed on ${findings.found.length} IdPs, missing on ` +
          `${findings.missing.length} instances, not checked on ${findings.unchecked.length}`,
      );
      return findRows(findings, group);
    },
    vscode.l10n.t('No instances to look on.'),
  );
  if (picked.addTo) {
    await addManagedGroupToInstances(services, { instances: picked.addTo, group });
  } else if (picked.instance) {
    // The group under its IdP where it was found, else the instance; the tree looks both up anew.
    await vscode.commands.executeCommand('kantegaSso.instances.focus');
    const target = { instanceName: picked.instance.name, idpId: picked.idp?.id, group: picked.idp && group };
    await services.tree.reveal(target);
  }
}
