// Commands on one instance's identity providers: Add Managed Group… (confirmed, after a safety
// snapshot, since the API cannot remove a group again) and Copy IdP ID.
import * as vscode from 'vscode';
import {
  addManagedGroupSafely,
  managedGroupSnapshotDescription,
  type ManagedGroupChange,
} from '../../core/api/managedGroupChange';
import { idpApiState } from '../../core/api/identityProviders';
import { isSafePathSegment } from '../../core/api/pathSegment';
import { describeError, isKantegaError } from '../../core/errors';
import { isProduction, type InstanceConfig } from '../../core/instanceConfig';
import type { IdentityProvider } from '../../core/model';
import { askManagedGroupName } from '../input/managedGroupName';
import type { Services } from '../services';
import { identityProviderNodeId } from '../tree/treeIds';
import { describeInstance, inertMessage, shownText, withCancellableProgress } from '../ui';
import { cancel } from '../cancellation';
import { ActionError, attempt } from '../failures';
import { registerCommand } from './registerCommand';
import { resolveIdentityProvider, resolveInstance } from './targets';
import { sentences } from '../../core/text/displayText';

interface IdentityProviderTarget {
  readonly instance: InstanceConfig;
  readonly idp: IdentityProvider;
}

export function registerIdentityProviderCommands(services: Services): vscode.Disposable[] {
  return [
    registerCommand(services, 'kantegaSso.addManagedGroup', (arg) => addManagedGroup(services, arg)),
    registerCommand(services, 'kantegaSso.copyIdpId', async (arg) => {
      const placeholder = vscode.l10n.t('Identity provider whose ID to copy');
      const { idp } = await resolveTarget(services, arg, placeholder, { fresh: false });
      await vscode.env.clipboard.writeText(idp.id);
      void vscode.window.showInformationMessage(
        inertMessage(vscode.l10n.t('Identity provider ID {0} copied to the clipboard.', shownText(idp.id))),
      );
    }),
  ];
}

/**
 * The identity provider to act on, looked up again on the instance. An instance whose user is not a
 * system administrator, or whose Kantega SSO has no identity-provider API, is said to be so (as
 * information: nothing is wrong) and the command ends.
 */
async function resolveTarget(
  services: Services,
  arg: unknown,
  placeholder: string,
  options: { readonly fresh: boolean },
): Promise<IdentityProviderTarget> {
  const instance = await resolveInstance(services, arg, vscode.l10n.t('Instance of the identity provider'));
  try {
    return { instance, idp: await resolveIdentityProvider(services, instance, arg, placeholder, options) };
  } catch (e) {
    const state = idpApiState(e);
    if (!state) throw e;
    const message =
      state === 'forbidden'
        ? vscode.l10n.t('Only a system administrator can see and change the identity providers of {0}.', instance.name)
        : sentences(
            vscode.l10n.t('{0} runs a Kantega SSO version without the identity provider API.', instance.name),
            vscode.l10n.t('Its identity providers cannot be seen or changed from here.'),
          );
    void vscode.window.showInformationMessage(inertMessage(message));
    return cancel();
  }
}

/** Where, which identity provider, which group, and how it could be undone. */
function confirmationDetail(
  { instance, idp }: IdentityProviderTarget,
  group: string,
  safety: string | undefined,
): string {
  return [
    ...(isProduction(instance) ? [vscode.l10n.t('This is a PRODUCTION instance.')] : []),
    vscode.l10n.t('Instance: {0} at {1}', describeInstance(instance), instance.baseUrl),
    vscode.l10n.t('Identity provider: {0} (id {1})', shownText(idp.name), shownText(idp.id)),
    vscode.l10n.t('Group: {0}', shownText(group)),
    '',
    vscode.l10n.t(
      'Kantega SSO will manage the group: it creates it and keeps its members in step with the identity provider.',
    ),
    safety
      ? vscode.l10n.t('A safety snapshot "{0}" is taken first: restoring it undoes the add.', shownText(safety))
      : vscode.l10n.t('No safety snapshot is taken first (setting kantegaSso.safetySnapshotBeforeRestore is off).'),
    vscode.l10n.t(
      "The Kantega SSO API cannot remove a managed group: only a snapshot's restore or the admin pages can.",
    ),
  ].join('\n');
}

/**
 * Adds a group after a modal naming instance, environment, identity provider and group. The IdP is
 * looked up again by id as listed; right before the add, once more on the server, so that a renamed
 * or removed IdP is not changed under the name the person confirmed.
 */
async function addManagedGroup(services: Services, arg: unknown): Promise<void> {
  const target = await resolveTarget(services, arg, vscode.l10n.t('Identity provider to add a group to'), {
    fresh: false,
  });
  const { instance, idp } = target;
  const idpName = shownText(idp.name);
  if (!isSafePathSegment(idp.id)) {
    // Said before the person types a name for nothing: the client would refuse the request anyway.
    throw new Error(
      sentences(
        vscode.l10n.t(
          '{0} lists the identity provider {1} with an id that cannot go into a request ("{2}").',
          instance.name,
          idpName,
          shownText(idp.id),
        ),
        vscode.l10n.t('No group can be added to it from here.'),
      ),
    );
  }
  const group = await askManagedGroupName({
    title: vscode.l10n.t('Add Managed Group to {0} on {1}', idpName, instance.name),
    prompt: vscode.l10n.t('Name of the group for Kantega SSO to manage, exactly as the identity provider sends it'),
  });
  const safety = services.settings.safetySnapshotBeforeRestore()
    ? managedGroupSnapshotDescription(idp.name, group)
    : undefined;
  const add = vscode.l10n.t('Add Group');
  const choice = await vscode.window.showWarningMessage(
    inertMessage(
      vscode.l10n.t(
        'Add the managed group "{0}" to {1} on {2}?',
        shownText(group),
        idpName,
        describeInstance(instance),
      ),
    ),
    { modal: true, detail: confirmationDetail(target, group, safety) },
    add,
  );
  if (choice !== add) cancel();

  const names = [shownText(group), idpName, instance.name] as const;
  const adding = vscode.l10n.t('adding…');
  let outcome: ManagedGroupChange;
  try {
    outcome = await attempt(vscode.l10n.t('Could not add "{0}" to {1} on {2}', ...names), instance, () =>
      // One change of the instance's configuration at a time (a restore, a snapshot, another add),
      // shown on the identity provider's row: a second click is refused, not sent.
      services.tree.changeConfiguration(instance.name, vscode.l10n.t('adding a managed group…'), () =>
        services.tree.showBusy(instance.name, identityProviderNodeId(instance.name, idp.id), adding, () =>
          withCancellableProgress(
            vscode.l10n.t('Adding the managed group "{0}" to {1} on {2}', ...names),
            async (signal, progress) => {
              await confirmUnchanged(services, target, signal);
              progress.report({
                message: safety ? vscode.l10n.t('taking the safety snapshot, then adding…') : adding,
              });
              return services.instances.run(instance, (client) =>
                addManagedGroupSafely(
                  client,
                  { idpId: idp.id, idpName: idp.name, group, safetySnapshot: safety !== undefined },
                  { signal },
                ),
              );
            },
          ),
        ),
      ),
    );
  } catch (e) {
    if (reportUnfinished(services, target, group, e)) cancel();
    throw e;
  } finally {
    // The IdP's groups, and the snapshot list with the safety snapshot.
    services.tree.refresh(instance.name);
  }
  reportOutcome(target, group, outcome);
}

/** The identity provider as the server lists it now: still there, under the name confirmed. */
async function confirmUnchanged(services: Services, { instance, idp }: IdentityProviderTarget, signal: AbortSignal) {
  const now = await services.data.lookupIdentityProvider(instance, idp.id, { fresh: true, signal });
  if (!now) {
    throw new Error(
      vscode.l10n.t(
        '{0} no longer lists the identity provider {1}, so nothing was added. Refresh to see its identity providers.',
        instance.name,
        shownText(idp.name),
      ),
    );
  }
  if (now.name !== idp.name) {
    throw new Error(
      vscode.l10n.t(
        'the identity provider {0} is now named {1}, so nothing was added. Check it, then add the group again.',
        shownText(idp.name),
        shownText(now.name),
      ),
    );
  }
}

/**
 * An add that did not finish: cancelled before it was sent (nothing added), or with an unknown
 * outcome (it may have been added: look before trying again). Any other failure is the command
 * layer's to report. Returns whether it was reported here.
 */
function reportUnfinished(services: Services, { instance, idp }: IdentityProviderTarget, group: string, e: unknown) {
  const cause = e instanceof ActionError ? e.cause : e;
  if (!isKantegaError(cause)) return false;
  const names = [shownText(group), shownText(idp.name), instance.name] as const;
  if (cause.kind === 'cancelled') {
    void vscode.window.showWarningMessage(
      inertMessage(vscode.l10n.t('Adding "{0}" to {1} on {2} was cancelled: nothing was added.', ...names)),
    );
    return true;
  }
  if (cause.kind !== 'outcomeUnknown') return false;
  services.log.warn(`kantegaSso.addManagedGroup: ${describeError(cause)}`);
  const refresh = vscode.l10n.t('Refresh');
  const message = sentences(
    vscode.l10n.t(
      'The outcome of adding "{0}" to {1} on {2} is unknown: the connection ended after a request was sent.',
      ...names,
    ),
    vscode.l10n.t('Refresh to see whether the group is listed.'),
  );
  void vscode.window.showWarningMessage(inertMessage(message), refresh).then((choice) => {
    if (choice === refresh) void vscode.commands.executeCommand('kantegaSso.refresh', instance.name);
  });
  return true;
}

function reportOutcome({ instance, idp }: IdentityProviderTarget, group: string, outcome: ManagedGroupChange): void {
  const idpName = shownText(idp.name);
  if (outcome.alreadyManaged) {
    void vscode.window.showInformationMessage(
      inertMessage(
        vscode.l10n.t(
          '"{0}" is already a managed group of {1} on {2}: nothing was changed.',
          shownText(group),
          idpName,
          instance.name,
        ),
      ),
    );
    return;
  }
  const undo = outcome.snapshot
    ? vscode.l10n.t('The configuration before it is in the snapshot "{0}".', shownText(outcome.snapshot.description))
    : '';
  if (outcome.listed) {
    const added = vscode.l10n.t('Managed group "{0}" added to {1} on {2}.', shownText(group), idpName, instance.name);
    void vscode.window.showInformationMessage(inertMessage([added, undo].filter(Boolean).join(' ')));
    return;
  }
  // What the server said, then what the list shows: the add answered 2xx, yet the group is not there.
  const missing = outcome.answer
    ? vscode.l10n.t(
        '{0} answered the add with HTTP {1} ("{2}"), but "{3}" does not show among the managed groups of {4}.',
        instance.name,
        outcome.status,
        shownText(outcome.answer),
        shownText(group),
        idpName,
      )
    : vscode.l10n.t(
        '{0} answered the add with HTTP {1}, but "{2}" does not show among the managed groups of {3}.',
        instance.name,
        outcome.status,
        shownText(group),
        idpName,
      );
  void vscode.window.showWarningMessage(inertMessage([missing, undo].filter(Boolean).join(' ')));
}
