// Small shared UI helpers: cancellable progress with an AbortSignal for the client, and error display.
import * as vscode from 'vscode';
import { describeError, isKantegaError } from '../core/errors';
import type { InstanceConfig } from '../core/instanceConfig';

/** True when the error only says that the person cancelled: nothing to report. */
function isCancellation(e: unknown): boolean {
  return (isKantegaError(e) && e.kind === 'cancelled') || (e instanceof Error && e.name === 'AbortError');
}

/**
 * Runs a long operation under a cancellable notification; cancelling aborts the requests in flight.
 * Resolves to undefined when cancelled.
 */
export async function withCancellableProgress<T>(
  title: string,
  operation: (signal: AbortSignal, progress: vscode.Progress<{ message?: string }>) => Promise<T>,
): Promise<T | undefined> {
  try {
    return await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      (progress, token) => {
        const controller = new AbortController();
        const subscription = token.onCancellationRequested(() => controller.abort());
        return operation(controller.signal, progress).finally(() => subscription.dispose());
      },
    );
  } catch (e) {
    if (isCancellation(e)) return undefined;
    throw e;
  }
}

/** Shows a failure as one non-modal error: what was being done, then the client's readable reason. */
export function showFailure(what: string, e: unknown): void {
  if (isCancellation(e)) return;
  void vscode.window.showErrorMessage(vscode.l10n.t('{0}: {1}', what, describeError(e)));
}

/** "Jira (PRODUCTION)", "Confluence (staging)": the name with its environment, for confirmations. */
export function describeInstance(instance: InstanceConfig): string {
  const environment = instance.environment === 'production' ? 'PRODUCTION' : instance.environment;
  return environment ? `${instance.name} (${environment})` : instance.name;
}
