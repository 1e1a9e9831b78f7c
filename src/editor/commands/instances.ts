// Commands on instances: add, edit, remove, set credential, test connection, allow sending the credential.
import * as vscode from 'vscode';
import { describeClockSkew } from '../../core/api/clockSkew';
import { originOf } from '../../core/baseUrl';
import type { InstanceConfig } from '../../core/instanceConfig';
import { runInstanceWizard, secretPrompt } from '../input/instanceWizard';
import type { Services } from '../services';
import { describeBinding } from '../state/credentialGuard';
import { inertMessage, withCancellableProgress } from '../ui';
import { cancel, required, UserCancelled } from '../cancellation';
import type { InstanceStatus } from '../state/instanceData';
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
      await reportConnection(services, instance, true);
    }),
    registerCommand(services, 'kantegaSso.allowCredential', (arg) => allowCredential(services, arg)),
    registerCommand(services, 'kantegaSso.openLoginPage', (arg) => openLoginPage(services, arg)),
  ];
}

/**
 * After a CAPTCHA: the instance's sign-in page in the browser, where the person signs in once to lift
 * it. The page the server named when it is on the instance's own origin, else the base URL (which
 * leads to the sign-in); never another host.
 */
async function openLoginPage(services: Services, arg: unknown): Promise<void> {
  const instance = await resolveInstance(services, arg, vscode.l10n.t('Instance to sign in to'));
  const status = services.data.peekStatus(instance);
  const named = status?.kind === 'credentialRejected' ? status.loginUrl : undefined;
  const target = named && originOf(named) === originOf(instance.baseUrl) ? named : instance.baseUrl;
  services.log.info(`[${instance.name}] opening its sign-in page in the browser: ${target}`);
  await vscode.env.openExternal(vscode.Uri.parse(target, true));
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
  // Storing it makes the tree check the instance again; the report waits for that same check.
  await attempt(vscode.l10n.t('Could not store the credential of {0}', instance.name), instance, () =>
    services.instances.storeCredential(instance, secret),
  );
  await reportConnection(services, instance, false);
}

/**
 * Says what the instance's status check found, with the fix. The check is the one the tree shows (one
 * request pair, not a second sign-in: each refused one counts towards the server's CAPTCHA). `fresh`:
 * the person asked (Test Connection), so a credential refused before is tried once more.
 */
async function reportConnection(services: Services, instance: InstanceConfig, fresh: boolean): Promise<void> {
  if (fresh) {
    await services.instances.allowRetry(instance);
    services.tree.refresh(instance.name);
  }
  const status = await withCancellableProgress(
    vscode.l10n.t('Testing the connection to {0}…', instance.name),
    (signal) => untilCancelled(services.data.status(instance), signal),
  );
  if (status.kind === 'online') {
    void vscode.window.showInformationMessage(
      inertMessage(
        vscode.l10n.t(
          '{0}: Kantega SSO is reachable and the credential was accepted (token API {1}, {2} ms, server clock {3}).',
          instance.name,
          services.instances.tokenApiVersion(instance) ?? '?',
          Math.round(status.ping.roundTripMs),
          describeClockSkew(status.ping.clockSkewMs),
        ),
      ),
    );
    return;
  }
  const fixes = fixesFor(status);
  const message =
    status.kind === 'credentialMissing'
      ? vscode.l10n.t('{0}: no credential is stored.', instance.name)
      : status.kind === 'credentialRejected' && !status.captcha
        ? vscode.l10n.t('{0}: Kantega SSO is reachable, but signing in failed: {1}', instance.name, status.message)
        : vscode.l10n.t('{0}: {1}', instance.name, 'message' in status ? status.message : '');
  const choice = await vscode.window.showErrorMessage(inertMessage(message), ...fixes.map((fix) => fix.label));
  const chosen = fixes.find((fix) => fix.label === choice);
  if (chosen) await vscode.commands.executeCommand(chosen.command, instance.name);
}

/** The commands that fix what a status check found; none when the server itself failed once signed in. */
function fixesFor(status: InstanceStatus): { label: string; command: string }[] {
  const setCredential = { label: vscode.l10n.t('Set Credential'), command: 'kantegaSso.setCredential' };
  const editInstance = { label: vscode.l10n.t('Edit Instance'), command: 'kantegaSso.editInstance' };
  switch (status.kind) {
    case 'credentialRejected':
      return status.captcha
        ? [{ label: vscode.l10n.t('Open Login Page'), command: 'kantegaSso.openLoginPage' }, setCredential]
        : [setCredential];
    case 'credentialMissing':
      return [setCredential];
    case 'needsConsent':
      return [{ label: vscode.l10n.t('Allow…'), command: 'kantegaSso.allowCredential' }];
    case 'unreachable':
      return [editInstance];
    case 'error':
      // An SSO gateway is passed with an API token (Edit Instance) or by exempting /rest on the gateway.
      return status.summary === 'ssoGateway' ? [editInstance] : [];
    default:
      return [];
  }
}

/** Waits for `work`, or stops waiting when the person cancels (the check itself goes on for the tree). */
function untilCancelled<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new UserCancelled());
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
