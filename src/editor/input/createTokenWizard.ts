// Create API Token's questions: name, optional description, validity (a list, with Custom… asking
// the days), as steps that return the next step.
import * as vscode from 'vscode';
import { MAX_TOKEN_VALIDITY_DAYS } from '../../core/api/client';
import type { CreateTokenRequest } from '../../core/model';
import { inertMessage } from '../ui';
import { MultiStepInput, type InputStep } from './multiStepInput';

interface TokenDraft {
  name: string;
  description: string;
  validity: number | 'forever';
}

interface ValidityItem extends vscode.QuickPickItem {
  readonly validity: number | 'forever' | 'custom';
}

/** Create API Token's steps: name, description, validity (a list, with Custom… asking the days). */
function tokenSteps(title: string, draft: TokenDraft): InputStep {
  const at = (step: number) => ({ title, step, totalSteps: 3 });
  const error = (message: string) => ({ message, severity: vscode.InputBoxValidationSeverity.Error });
  const name: InputStep = async (input) => {
    draft.name = (
      await input.showInputBox({
        ...at(1),
        prompt: vscode.l10n.t('Name of the new API token'),
        placeholder: vscode.l10n.t('e.g. ci-pipeline'),
        value: draft.name,
        validate: (value) => (value.trim() ? undefined : error(vscode.l10n.t('Enter a name for the token.'))),
      })
    ).trim();
    return description;
  };
  const description: InputStep = async (input) => {
    const value = await input.showInputBox({
      ...at(2),
      prompt: vscode.l10n.t('Description (optional)'),
      value: draft.description,
    });
    draft.description = value.trim();
    return validity;
  };
  const validity = validitySteps(at(3), draft);
  return name;
}

/**
 * The validity question: a list (30, 90, 180, 365 days, Custom…, never), with `draft.validity` active;
 * `previous` (rotation) is marked as the old token's and listed even when it is not a usual period.
 */
function validitySteps(
  position: { readonly title: string; readonly step: number; readonly totalSteps: number },
  draft: { validity: number | 'forever' },
  previous?: { readonly validity: number | 'forever' | undefined; readonly placeholder: string },
): InputStep {
  const error = (message: string) => ({ message, severity: vscode.InputBoxValidationSeverity.Error });
  const asBefore = vscode.l10n.t('as the old token');
  const usual = [30, 90, 180, 365];
  const old = previous?.validity;
  const days = typeof old === 'number' && !usual.includes(old) ? [...usual, old].sort((a, b) => a - b) : usual;
  const validity: InputStep = async (input) => {
    const offered: ValidityItem[] = [
      ...days.map((count): ValidityItem => ({ label: vscode.l10n.t('{0} days', count), validity: count })),
      { label: vscode.l10n.t('Custom…'), detail: vscode.l10n.t('A number of days you choose'), validity: 'custom' },
      {
        label: vscode.l10n.t('Never expires'),
        detail: vscode.l10n.t('Consider a limited validity: a leaked token stays valid until deleted'),
        validity: 'forever',
      },
    ];
    const items = offered.map((item) =>
      previous && item.validity === previous.validity ? { ...item, description: asBefore } : item,
    );
    const chosen = await input.showQuickPick({
      ...position,
      placeholder: previous?.placeholder ?? vscode.l10n.t('How long the token stays valid'),
      items,
      active: items.find((item) => item.validity === draft.validity),
    });
    if (chosen.validity === 'custom') return customDays;
    draft.validity = chosen.validity;
    return undefined;
  };
  const customDays: InputStep = async (input) => {
    const valid = (value: string) =>
      /^\d+$/.test(value.trim()) && Number(value) >= 1 && Number(value) <= MAX_TOKEN_VALIDITY_DAYS;
    const days = await input.showInputBox({
      ...position,
      prompt: inertMessage(vscode.l10n.t('Days of validity (1 to {0})', MAX_TOKEN_VALIDITY_DAYS)),
      value: typeof draft.validity === 'number' ? String(draft.validity) : '',
      validate: (value) =>
        valid(value)
          ? undefined
          : error(vscode.l10n.t('Enter a whole number of days from 1 to {0}.', MAX_TOKEN_VALIDITY_DAYS)),
    });
    draft.validity = Number(days.trim());
  };
  return validity;
}

/** Asks for a new token's name, description and validity; dismissing cancels the command. */
export async function askNewToken(title: string): Promise<CreateTokenRequest & { readonly name: string }> {
  const draft: TokenDraft = { name: '', description: '', validity: 90 };
  await MultiStepInput.run(tokenSteps(title, draft));
  return { name: draft.name, description: draft.description || undefined, validity: draft.validity };
}

/**
 * Rotate API Token's one question: the new token's validity, the old token's period active (a token
 * that never expired stays so unless another is picked; an unknown period suggests 90 days).
 */
export async function askReplacementValidity(
  title: string,
  previous: number | 'forever' | undefined,
  placeholder: string,
): Promise<number | 'forever'> {
  const draft = { validity: previous ?? 90 };
  const position = { title, step: 1, totalSteps: 1 };
  await MultiStepInput.run(validitySteps(position, draft, { validity: previous, placeholder }));
  return draft.validity;
}
