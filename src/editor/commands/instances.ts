// Commands on instances: add, edit, remove, set credential, test connection, allow sending the credential.
import * as vscode from 'vscode';
import { describeClockSkew } from '../../core/api/clockSkew';
import { checkConnection } from '../../core/api/connectionCheck';
import { describeError } from '../../core/errors';
import { originOf } from '../../core/baseUrl';
import type { InstanceConfig } from '../../core/instanceConfig';
import { runInstanceWizard, secretPrompt } from '../input/instanceWizard';
import type { Services } from '../services';
import { describeBinding } from '../state/credentialGuard';
import { inertMessage, withCancellableProgress } from '../ui';
import { cancel, required } from '../cancellation';
import { attempt } from '../failures';
import { registerCommand } from './registerCommand';
import { resolveInstance } from './targets';

export function registerInstanceCommands(services: Services): vscode.Disposable[] {
  return [
    registerCommand(services, 'kantegaSso.addInstance', () => runInstanceWizard(services)),
    registerCommand(services, 'kantegaSso.editInstance', async (arg) => {
      await runInstanceWizard(services, await resolveInstance(services, arg, vscode.l10n.t('Instance to edit')));
    }),
    registerCommand(services, 'kantegaSso.removeInstance', (arg) => removeInstance(services, arg)),
    registerCommand(services, 'kantegaSso.setCredential', (arg) => setCredential(services, arg)),
    registerCommand(services, 'kantegaSso.testConnection', async (arg) => {
      const instance = await resolveInstance(services, arg, vscode.l10n.t('Instance to test'));
      try {
        await reportConnection(services, instance);
      } finally {
        services.tree.refresh(instance.name);
      }
    }),
    registerCommand(services, 'kantegaSso.allowCredential', (arg) => allowCredential(services, arg)),
  ];
}

/**
 * The stored secret is held back (the entry now points elsewhere, or at plain http): say exactly
 * where it would go, and send it only when the person agrees.
 */
async function allowCredential(services: Services, arg: unknown): Promise<void> {
  const instance = await resolveInstance(services, arg, vscode.l10n.t('Instance to allow the credential for'));
  const pending = await services.credentials.pendingConsent(instance);
  if (pending.kind !== 'moved' && pending.kind !== 'insecure') {
    void vscode.window.showInformationMessage(
      inertMessage(vscode.l10n.t('Nothing is waiting for your permission on "{0}".', instance.name)),
    );
    return;
  }
  const host = originOf(instance.baseUrl);
  const allow = vscode.l10n.t('Send It to {0}', host);
  const question =
    pending.kind === 'moved'
      ? vscode.l10n.t('Send the credential of "{0}" to a different server?', instance.name)
      : vscode.l10n.t('Send the credential of "{0}" unencrypted?', instance.name);
  const detail =
    pending.kind === 'moved'
      ? [
          vscode.l10n.t(
            'It was stored for {0}. The entry now says {1} ({2}, {3}).',
            describeBinding(pending.from),
            instance.baseUrl,
            instance.username || vscode.l10n.t('token user'),
            instance.auth,
          ),
          vscode.l10n.t('If you did not change this entry yourself, choose Cancel and check kantegaSso.instances.'),
        ].join(' ')
      : vscode.l10n.t(
          '{0} uses plain http: anyone on the network path can read the credential. Prefer https:// (Edit Instance).',
          instance.baseUrl,
        );
  const choice = await vscode.window.showWarningMessage(inertMessage(question), { modal: true, detail }, allow);
  if (choice !== allow) cancel();
  await attempt(vscode.l10n.t('Could not allow the credential of {0}', instance.name), instance, () =>
    services.instances.allowCredential(instance),
  );
}

async function removeInstance(services: Services, arg: unknown): Promise<void> {
  const instance = await resolveInstance(services, arg, vscode.l10n.t('Instance to remove'));
  const remove = vscode.l10n.t('Remove');
  const choice = await vscode.window.showWarningMessage(
    inertMessage(vscode.l10n.t('Remove the instance "{0}" from VS Code?', instance.name)),
    {
      modal: true,
      detail: vscode.l10n.t(
        'Its entry in the setting kantegaSso.instances and its stored credential are deleted. Nothing changes on {0}.',
        instance.baseUrl,
      ),
    },
    remove,
  );
  if (choice !== remove) cancel();
  await attempt(vscode.l10n.t('Could not remove "{0}"', instance.name), instance, () =>
    services.instances.remove(instance),
  );
  void vscode.window.showInformationMessage(
    inertMessage(vscode.l10n.t('Instance "{0}" removed, with its stored credential.', instance.name)),
  );
}

/** Asks the secret for the instance's configured user and kind of credential, stores it, and tests it. */
async function setCredential(services: Services, arg: unknown): Promise<void> {
  const instance = await resolveInstance(services, arg, vscode.l10n.t('Instance to set the credential for'));
  const secret = required(
    await vscode.window.showInputBox({
      title: inertMessage(vscode.l10n.t('Set Credential for {0}', instance.name)),
      prompt: inertMessage(
        vscode.l10n.t(
          '{0} at {1} (to change the user or kind of credential, use Edit Instance)',
          secretPrompt(instance.auth, instance.username),
          instance.baseUrl,
        ),
      ),
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) =>
        value ? undefined : vscode.l10n.t("Enter the secret; it is kept in VS Code's secret storage only."),
    }),
  );
  // Storing the secret redraws the instance in the tree (credential change event).
  await attempt(vscode.l10n.t('Could not store the credential of {0}', instance.name), instance, () =>
    services.instances.storeCredential(instance, secret),
  );
  await reportConnection(services, instance);
}

/** Pings, then lists the user's tokens to prove the credential; says which of the two failed and offers the fix. */
async function reportConnection(services: Services, instance: InstanceConfig): Promise<void> {
  const check = await attempt(vscode.l10n.t('Could not test {0}', instance.name), instance, () =>
    withCancellableProgress(vscode.l10n.t('Testing the connection to {0}…', instance.name), (signal) =>
      services.instances.run(instance, (client) => checkConnection(client, { signal })),
    ),
  );
  if (!check.ok) {
    const reason = describeError(check.error);
    const signIn = check.stage === 'signIn';
    const message = signIn
      ? vscode.l10n.t('{0}: Kantega SSO is reachable, but signing in failed: {1}', instance.name, reason)
      : vscode.l10n.t('{0}: {1}', instance.name, reason);
    // A server failing once signed in is neither the address nor the credential: nothing to fix here.
    const fix = signIn ? 'kantegaSso.setCredential' : check.stage === 'reach' ? 'kantegaSso.editInstance' : undefined;
    const fixLabel = signIn ? vscode.l10n.t('Set Credential') : vscode.l10n.t('Edit Instance');
    const choice = await vscode.window.showErrorMessage(inertMessage(message), ...(fix ? [fixLabel] : []));
    if (fix && choice) await vscode.commands.executeCommand(fix, instance.name);
    return;
  }
  void vscode.window.showInformationMessage(
    inertMessage(
      vscode.l10n.t(
        '{0}: Kantega SSO is reachable and the credential was accepted (token API {1}, {2} ms, server clock {3}).',
        instance.name,
        services.instances.tokenApiVersion(instance) ?? '?',
        Math.round(check.ping.roundTripMs),
        describeClockSkew(check.ping.clockSkewMs),
      ),
    ),
  );
}
