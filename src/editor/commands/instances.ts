// Commands on instances: add, edit, remove, set credential, refresh, test connection, show log.
import * as vscode from 'vscode';
import { describeClockSkew } from '../../core/clockSkew';
import { checkConnection } from '../../core/connectionCheck';
import { describeError } from '../../core/errors';
import type { InstanceConfig } from '../../core/instanceConfig';
import { runInstanceWizard, secretPrompt } from '../addInstance';
import { CredentialMissingError } from '../instances';
import { instanceOf, resolveInstance } from '../pickers';
import type { Services } from '../services';
import { withCancellableProgress } from '../ui';

export function registerInstanceCommands(services: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('kantegaSso.addInstance', () => runInstanceWizard(services)),
    vscode.commands.registerCommand('kantegaSso.editInstance', async (arg?: unknown) => {
      const instance = await resolveInstance(services, arg, vscode.l10n.t('Instance to edit'));
      if (instance) await runInstanceWizard(services, instance);
    }),
    vscode.commands.registerCommand('kantegaSso.removeInstance', (arg?: unknown) => removeInstance(services, arg)),
    vscode.commands.registerCommand('kantegaSso.setCredential', (arg?: unknown) => setCredential(services, arg)),
    vscode.commands.registerCommand('kantegaSso.refresh', (arg?: unknown) => {
      services.tree.refresh(instanceOf(services, arg)?.name);
    }),
    vscode.commands.registerCommand('kantegaSso.testConnection', (arg?: unknown) => testConnection(services, arg)),
    vscode.commands.registerCommand('kantegaSso.showLog', () => services.log.show()),
  ];
}

async function removeInstance(services: Services, arg: unknown): Promise<void> {
  const instance = await resolveInstance(services, arg, vscode.l10n.t('Instance to remove'));
  if (!instance) return;
  const remove = vscode.l10n.t('Remove');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Remove the instance "{0}" from VS Code?', instance.name),
    {
      modal: true,
      detail: vscode.l10n.t(
        'Its entry in the setting kantegaSso.instances and its stored credential are deleted. Nothing changes on {0}.',
        instance.baseUrl,
      ),
    },
    remove,
  );
  if (choice !== remove) return;
  await services.instances.remove(instance);
  void vscode.window.showInformationMessage(
    vscode.l10n.t('Instance "{0}" removed, with its stored credential.', instance.name),
  );
}

/** Asks the secret for the instance's configured user and kind of credential, stores it, and tests it. */
async function setCredential(services: Services, arg: unknown): Promise<void> {
  const instance = await resolveInstance(services, arg, vscode.l10n.t('Instance to set the credential for'));
  if (!instance) return;
  const secret = await vscode.window.showInputBox({
    title: vscode.l10n.t('Set Credential for {0}', instance.name),
    prompt: vscode.l10n.t(
      '{0} at {1} (to change the user or kind of credential, use Edit Instance)',
      secretPrompt(instance.auth, instance.username),
      instance.baseUrl,
    ),
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) =>
      value ? undefined : vscode.l10n.t("Enter the secret; it is kept in VS Code's secret storage only."),
  });
  if (!secret) return;
  // Storing the secret refreshes the instance in the tree already (credential change event).
  await services.instances.storeCredential(instance, secret);
  await reportConnection(services, instance, { refreshTree: false });
}

async function testConnection(services: Services, arg: unknown): Promise<void> {
  const instance = await resolveInstance(services, arg, vscode.l10n.t('Instance to test'));
  if (instance) await reportConnection(services, instance, { refreshTree: true });
}

/** Pings, then lists the user's tokens to prove the credential; says which of the two failed and offers the fix. */
async function reportConnection(
  services: Services,
  instance: InstanceConfig,
  options: { refreshTree: boolean },
): Promise<void> {
  try {
    const check = await withCancellableProgress(
      vscode.l10n.t('Testing the connection to {0}…', instance.name),
      (signal) => services.instances.run(instance, (client) => checkConnection(client, { signal })),
    );
    if (!check) return;
    if (!check.ok) {
      const reason = describeError(check.error);
      if (check.stage === 'signIn') {
        showConnectionFailure(
          instance,
          true,
          vscode.l10n.t('{0}: Kantega SSO is reachable, but signing in failed: {1}', instance.name, reason),
        );
      } else {
        showConnectionFailure(instance, false, vscode.l10n.t('{0}: {1}', instance.name, reason));
      }
      return;
    }
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        '{0}: Kantega SSO is reachable and the credential was accepted (token API {1}, round trip {2} ms, server clock {3}).',
        instance.name,
        services.instances.tokenApiVersion(instance) ?? '?',
        Math.round(check.ping.roundTripMs),
        describeClockSkew(check.ping.clockSkewMs),
      ),
    );
  } catch (e) {
    const missing = e instanceof CredentialMissingError;
    showConnectionFailure(
      instance,
      missing,
      missing ? describeError(e) : vscode.l10n.t('{0}: {1}', instance.name, describeError(e)),
    );
  } finally {
    if (options.refreshTree) services.tree.refresh(instance.name);
  }
}

/** Shows the failure with the command that fixes it: Set Credential for a credential problem, else Edit Instance. */
function showConnectionFailure(instance: InstanceConfig, credentialProblem: boolean, message: string): void {
  const fix = credentialProblem ? vscode.l10n.t('Set Credential') : vscode.l10n.t('Edit Instance');
  void vscode.window.showErrorMessage(message, fix).then((choice) => {
    if (choice)
      void vscode.commands.executeCommand(
        credentialProblem ? 'kantegaSso.setCredential' : 'kantegaSso.editInstance',
        instance.name,
      );
  });
}
