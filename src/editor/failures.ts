// How a failure reaches a person, the same way from a command and from a panel: the action that
// failed and why (server text made inert), the command that fixes it where there is one, Show Log.
import * as vscode from 'vscode';
import { describeError, isKantegaError } from '../core/errors';
import type { InstanceConfig } from '../core/instanceConfig';
import { isCancellation } from './cancellation';
import type { Services } from './services';
import { CredentialMissingError, CredentialNeedsConsentError, CredentialRejectedError } from './state/credentialStore';
import { inertMessage } from './ui';

/**
 * A failure with what was being done ("Could not delete the API token …") and on which instance, so
 * that the message names the action and the fix can be offered. Thrown by `attempt`.
 */
export class ActionError extends Error {
  override readonly name = 'ActionError';
  constructor(
    readonly action: string,
    readonly instance: InstanceConfig | undefined,
    override readonly cause: unknown,
  ) {
    super(`${action}: ${describeError(cause)}`);
  }
}

/** Runs `work`, labelling any failure but a cancellation with the action it interrupted. */
export async function attempt<T>(
  action: string,
  instance: InstanceConfig | undefined,
  work: () => PromiseLike<T>,
): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (isCancellation(e) || e instanceof ActionError) throw e;
    throw new ActionError(action, instance, e);
  }
}

interface Fix {
  readonly label: string;
  readonly command: string;
  readonly args: unknown[];
}

/** The command that repairs what failed, when there is one. */
function fixFor(e: unknown, instance: InstanceConfig | undefined): Fix | undefined {
  if (!instance) return undefined;
  const args = [instance.name];
  if (e instanceof CredentialNeedsConsentError) {
    return { label: vscode.l10n.t('Allow…'), command: 'kantegaSso.allowCredential', args };
  }
  const openLoginPage = { label: vscode.l10n.t('Open Login Page'), command: 'kantegaSso.openLoginPage', args };
  if (e instanceof CredentialRejectedError && e.rejection.reason === 'captcha') return openLoginPage;
  if (
    e instanceof CredentialMissingError ||
    e instanceof CredentialRejectedError ||
    (isKantegaError(e) && e.kind === 'unauthorized')
  ) {
    return { label: vscode.l10n.t('Set Credential'), command: 'kantegaSso.setCredential', args };
  }
  if (!isKantegaError(e)) return undefined;
  switch (e.kind) {
    case 'dns':
    case 'connectionRefused':
    case 'tls':
    case 'notInstalled':
    case 'ssoGateway':
      return { label: vscode.l10n.t('Edit Instance'), command: 'kantegaSso.editInstance', args };
    case 'captcha':
      return openLoginPage;
    case 'notFound':
    case 'outcomeUnknown':
      return { label: vscode.l10n.t('Refresh'), command: 'kantegaSso.refresh', args };
    default:
      return undefined;
  }
}

/** Shows a failure: the action and the reason (server text made inert), the fix, and Show Log. */
export function reportFailure(services: Services, commandId: string, e: unknown): void {
  if (isCancellation(e)) {
    services.log.debug(`${commandId}: cancelled`);
    return;
  }
  const action = e instanceof ActionError ? e.action : undefined;
  const cause = e instanceof ActionError ? e.cause : e;
  const instance = e instanceof ActionError ? e.instance : undefined;
  const reason = describeError(cause);
  const message = action ? `${action}: ${reason}` : reason;
  services.log.error(`${commandId}: ${message}`);
  const fix = fixFor(cause, instance);
  const showLog = vscode.l10n.t('Show Log');
  const buttons = fix ? [fix.label, showLog] : [showLog];
  // A change whose outcome is unknown is not an error to fix but a state to look at.
  const show =
    isKantegaError(cause) && cause.kind === 'outcomeUnknown'
      ? vscode.window.showWarningMessage
      : vscode.window.showErrorMessage;
  void show(inertMessage(message), ...buttons).then((choice) => {
    if (choice === showLog) services.log.show();
    else if (fix && choice === fix.label) void vscode.commands.executeCommand(fix.command, ...fix.args);
  });
}
