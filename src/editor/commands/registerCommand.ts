// The one way a command is registered. Every command runs inside `registerCommand`, which is where
// cancellation and failures are handled: a dismissed picker or a cancelled progress ends the command
// quietly, and any other failure is logged and shown the same way, with the fix that applies.
import * as vscode from 'vscode';
import { reportFailure } from '../failures';
import type { Services } from '../services';

export type CommandHandler = (...args: unknown[]) => unknown;

/** Registers a command whose failures and cancellation are handled here, once for all commands. */
export function registerCommand(services: Services, id: string, handler: CommandHandler): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      await handler(...args);
    } catch (e) {
      reportFailure(services, id, e);
    }
  });
}
