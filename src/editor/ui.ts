// Small shared UI helpers: cancellable progress with an AbortSignal for the client, the wording of an
// instance in confirmations, and the one way server text reaches a notification or a prompt.
import * as vscode from 'vscode';
import { isProduction, type InstanceConfig } from '../core/instanceConfig';
import { MESSAGE_MAX_LENGTH, displayText, inertMessageText, pickRowText } from '../core/text/displayText';
import { UserCancelled } from './cancellation';

/**
 * Text for notifications, quick-input prompts, placeholders and titles. VS Code renders
 * `[label](command:…)` there as a link that runs the command, so server text (token names, snapshot
 * descriptions, error bodies) is made inert, stripped of direction overrides and control characters,
 * and shortened: the full text is one click away in a tooltip or the details panel.
 */
export function inertMessage(text: string): string {
  // The server's parts are already shortened where they are put into the message (shownText).
  return inertMessageText(text, MESSAGE_MAX_LENGTH);
}

/** Server text for a tree label, a tooltip's plain text or a webview title: readable, one line, not endless. */
export function shownText(text: string, maxLength?: number): string {
  return displayText(text, maxLength);
}

/** Server text for a quick pick row (label, description, detail): as shownText, and `$(icon)` shown as text. */
export function pickText(text: string, maxLength?: number): string {
  return pickRowText(text, maxLength);
}

/**
 * Runs a long operation under a cancellable notification; cancelling aborts the requests in flight
 * and the operation ends with the client's `cancelled` error (or `outcomeUnknown` for a change that
 * was already sent), which the command layer treats as such.
 */
export function withCancellableProgress<T>(
  title: string,
  operation: (signal: AbortSignal, progress: vscode.Progress<{ message?: string; increment?: number }>) => Promise<T>,
): Promise<T> {
  return Promise.resolve(
    vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: inertMessage(title), cancellable: true },
      (progress, token) => {
        const controller = new AbortController();
        const subscription = token.onCancellationRequested(() => controller.abort());
        return operation(controller.signal, progress).finally(() => subscription.dispose());
      },
    ),
  );
}

/**
 * Waits for `loading`, work the command does not own (the shared cache's loads, which the tree shares),
 * under a cancellable notification: Cancel stops the waiting, not the work, and ends the command as
 * cancelled. With `delayMs`, the notification shows only once the wait has taken that long (what
 * the cache holds comes at once, and a notification would flash).
 */
export async function waitWithProgress<T>(title: string, loading: Promise<T>, delayMs = 0): Promise<T> {
  if (delayMs > 0) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const settled = await Promise.race([
      loading.then(
        () => true,
        () => true,
      ),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), delayMs))),
    ]);
    clearTimeout(timer);
    if (settled) return loading;
  }
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: inertMessage(title), cancellable: true },
    (_progress, token) =>
      new Promise<T>((resolve, reject) => {
        const subscription = token.onCancellationRequested(() => reject(new UserCancelled()));
        loading.then(resolve, reject).finally(() => subscription.dispose());
      }),
  );
}

/** "PRODUCTION", "staging", or undefined: how an instance's environment is written everywhere. */
export function environmentLabel(instance: InstanceConfig): string | undefined {
  if (isProduction(instance)) return vscode.l10n.t('PRODUCTION');
  // The setting's own values are words of ours; anything else was written by hand and shows as written.
  switch (instance.environment) {
    case 'staging':
      return vscode.l10n.t('staging');
    case 'test':
      return vscode.l10n.t('test');
    case 'development':
      return vscode.l10n.t('development');
    default:
      return instance.environment;
  }
}

/** "Jira (PRODUCTION)", "Confluence (staging)": the name with its environment, for confirmations. */
export function describeInstance(instance: InstanceConfig): string {
  const environment = environmentLabel(instance);
  return environment ? `${instance.name} (${environment})` : instance.name;
}
