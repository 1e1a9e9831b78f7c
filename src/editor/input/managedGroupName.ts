// The name of a managed group, as typed: checked on every key against the core's rule, so that the
// name confirmed is the name added. Dismissed, the command ends (UserCancelled).
import * as vscode from 'vscode';
import {
  MAX_MANAGED_GROUP_NAME_LENGTH,
  managedGroupNameProblem,
  type ManagedGroupNameProblem,
} from '../../core/api/identityProviders';
import { cancel } from '../cancellation';
import { inertMessage } from '../ui';

function problemText(problem: ManagedGroupNameProblem): string {
  switch (problem) {
    case 'blank':
      return vscode.l10n.t('Type the name of an Atlassian group.');
    case 'tooLong':
      return vscode.l10n.t('A group name has at most {0} characters.', MAX_MANAGED_GROUP_NAME_LENGTH);
    case 'pathCharacters':
      return vscode.l10n.t('The API cannot add a group named "." or ".." or with a slash or backslash in its name.');
    case 'controlCharacters':
      return vscode.l10n.t('The name holds control or invisible characters: type it without them.');
  }
}

/** The trimmed group name; `title` and `prompt` may hold server text (made inert here). */
export async function askManagedGroupName(options: {
  readonly title: string;
  readonly prompt: string;
  readonly value?: string;
}): Promise<string> {
  const typed = await vscode.window.showInputBox({
    title: inertMessage(options.title),
    prompt: inertMessage(options.prompt),
    placeHolder: vscode.l10n.t('e.g. jira-software-users'),
    value: options.value,
    ignoreFocusOut: true,
    validateInput: (value) => {
      const problem = managedGroupNameProblem(value);
      return problem && problemText(problem);
    },
  });
  if (typed === undefined || managedGroupNameProblem(typed)) return cancel();
  return typed.trim();
}
