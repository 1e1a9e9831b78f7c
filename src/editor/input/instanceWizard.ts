// Add Instance and Edit Instance: six steps (name, base URL, user name, kind of credential, secret,
// environment), then a connection test before saving; on failure, fix the step that failed or save anyway.
import * as vscode from 'vscode';
import { checkConnection } from '../../core/api/connectionCheck';
import { describeError } from '../../core/errors';
import { checkBaseUrl, originOf } from '../../core/baseUrl';
import {
  ENVIRONMENTS,
  validateInstanceName,
  validateUsername,
  type Environment,
  type InstanceConfig,
} from '../../core/instanceConfig';
import type { CredentialKind } from '../../core/model';
import { cancel } from '../cancellation';
import { MultiStepInput, type InputStep } from './multiStepInput';
import {
  bindingKey,
  bindingOf,
  describeBinding,
  sendsElsewhere,
  type CredentialBinding,
} from '../state/credentialGuard';
import type { Services } from '../services';
import { inertMessage, withCancellableProgress } from '../ui';
import { sentences } from '../../core/text/displayText';

const TOTAL_STEPS = 6;

interface Draft {
  name: string;
  baseUrl: string;
  username: string;
  auth: CredentialKind;
  /** Empty when editing and keeping the stored secret. */
  secret: string;
  environment?: Environment;
}

/** The instance the draft describes, without its secret. */
function draftInstance({ name, baseUrl, username, auth, environment }: Draft): InstanceConfig {
  return { name, baseUrl, username, auth, environment };
}

interface KindItem extends vscode.QuickPickItem {
  readonly credentialKind: CredentialKind;
}

interface EnvironmentItem extends vscode.QuickPickItem {
  readonly environment: Environment;
}

function credentialKindLabel(kind: CredentialKind): string {
  switch (kind) {
    case 'password':
      return vscode.l10n.t('Password');
    case 'apiToken':
      return vscode.l10n.t('Kantega API token');
    case 'pat':
      return vscode.l10n.t('Atlassian personal access token');
  }
}

/** "Password for admin", shown when asking for the secret. */
export function secretPrompt(kind: CredentialKind, username: string): string {
  switch (kind) {
    case 'password':
      return vscode.l10n.t('Password for {0}', username);
    case 'apiToken':
      return vscode.l10n.t('Kantega API token for {0}', username);
    case 'pat':
      return vscode.l10n.t('Atlassian personal access token for {0}', username || vscode.l10n.t('this user'));
  }
}

function kindItems(): KindItem[] {
  return [
    {
      credentialKind: 'password',
      label: credentialKindLabel('password'),
      detail: vscode.l10n.t('Sent with HTTP Basic authentication.'),
    },
    {
      credentialKind: 'apiToken',
      label: credentialKindLabel('apiToken'),
      detail: vscode.l10n.t('A token created in Kantega SSO, sent as the password of HTTP Basic authentication.'),
    },
    {
      credentialKind: 'pat',
      label: credentialKindLabel('pat'),
      detail: vscode.l10n.t('Created in the Atlassian profile, sent as a Bearer token.'),
    },
  ];
}

function environmentItems(): EnvironmentItem[] {
  const details: Record<Environment, string> = {
    production: vscode.l10n.t('Restores ask you to type the instance name to confirm.'),
    staging: '',
    test: '',
    development: '',
  };
  return ENVIRONMENTS.map((environment) => ({
    environment,
    label: environment,
    detail: details[environment] || undefined,
  }));
}

/** The wizard's steps, each asking one thing of the draft and returning the next. */
function instanceSteps(title: string, draft: Draft, otherNames: string[], existing: InstanceConfig | undefined) {
  const at = (step: number) => ({ title, step, totalSteps: TOTAL_STEPS });
  const error = (message: string | undefined) =>
    message ? { message, severity: vscode.InputBoxValidationSeverity.Error } : undefined;

  const name: InputStep = async (input) => {
    const value = await input.showInputBox({
      ...at(1),
      prompt: vscode.l10n.t('A name for this instance, shown in the tree (unique)'),
      placeholder: vscode.l10n.t('e.g. Jira production'),
      value: draft.name,
      validate: (text) => error(validateInstanceName(text, otherNames, existing?.name)),
    });
    draft.name = value.trim();
    return baseUrl;
  };
  const baseUrl: InputStep = async (input) => {
    const value = await input.showInputBox({
      ...at(2),
      prompt: vscode.l10n.t('Base URL of the Jira, Confluence, Bitbucket or Bamboo instance, with its context path'),
      placeholder: 'https://jira.example.com/jira',
      value: draft.baseUrl,
      validate: (text) => {
        const checked = checkBaseUrl(text);
        if (!checked.ok) return error(checked.message);
        return checked.warning
          ? { message: checked.warning, severity: vscode.InputBoxValidationSeverity.Warning }
          : undefined;
      },
    });
    const checked = checkBaseUrl(value);
    if (checked.ok) draft.baseUrl = checked.baseUrl;
    return username;
  };
  const username: InputStep = async (input) => {
    const value = await input.showInputBox({
      ...at(3),
      prompt: vscode.l10n.t('User name to sign in with (a system administrator can manage snapshots and all tokens)'),
      value: draft.username,
      validate: (text) => error(validateUsername(text, draft.auth)),
    });
    draft.username = value.trim();
    return auth;
  };
  /** A choice step with the draft's current value active. */
  const choose = <T extends vscode.QuickPickItem>(
    input: MultiStepInput,
    step: number,
    placeholder: string,
    items: T[],
    isCurrent: (item: T) => boolean,
  ) => input.showQuickPick({ ...at(step), placeholder, items, active: items.find(isCurrent) });
  const auth: InputStep = async (input) => {
    const placeholder = vscode.l10n.t('Kind of credential');
    draft.auth = (
      await choose(input, 4, placeholder, kindItems(), (i) => i.credentialKind === draft.auth)
    ).credentialKind;
    return secret;
  };
  const secret: InputStep = async (input) => {
    const prompt = secretPrompt(draft.auth, draft.username);
    draft.secret = await input.showInputBox({
      ...at(5),
      prompt: inertMessage(existing ? vscode.l10n.t('{0} (leave empty to keep the stored one)', prompt) : prompt),
      password: true,
      value: draft.secret,
      validate: (text) =>
        existing || text
          ? undefined
          : error(vscode.l10n.t("Enter the secret; it is kept in VS Code's secret storage only.")),
    });
    return environment;
  };
  const environment: InputStep = async (input) => {
    const placeholder = vscode.l10n.t('Environment of this instance');
    const items = environmentItems();
    draft.environment = (
      await choose(input, 6, placeholder, items, (i) => i.environment === draft.environment)
    ).environment;
  };
  return { name, baseUrl, secret };
}

/** Add a new instance (no `existing`) or edit one (`existing`, all steps prefilled, secret optional). */
export async function runInstanceWizard(services: Services, existing?: InstanceConfig): Promise<void> {
  const title = existing ? vscode.l10n.t('Edit Kantega SSO Instance') : vscode.l10n.t('Add Kantega SSO Instance');
  const draft: Draft = existing
    ? { ...existing, secret: '' }
    : { name: '', baseUrl: 'https://', username: '', auth: 'password', secret: '' };
  const otherNames = services.instances.list().map((instance) => instance.name);
  const steps = instanceSteps(title, draft, otherNames, existing);

  let next: InputStep | undefined = steps.name;
  let failure: ConnectionFailure | undefined;
  /** The secret tested: the one typed, else the stored one kept. */
  let secret: string | undefined;
  /** Where the person agreed to send the stored secret (a binding key), so that a retry does not ask again. */
  let agreedFor: string | undefined;
  while (next) {
    await MultiStepInput.run(next);
    const instance = draftInstance(draft);
    const kept = !draft.secret && existing ? await services.credentials.keptSecret(existing) : undefined;
    const to = bindingOf(instance);
    if (kept && sendsElsewhere(kept.storedFor, to) && agreedFor !== bindingKey(to)) {
      if (!(await askSendKeptSecret(kept.storedFor, instance))) {
        next = steps.secret;
        continue;
      }
      agreedFor = bindingKey(to);
    }
    secret = draft.secret || kept?.secret;
    failure = secret ? await testDraft(services, instance, secret) : undefined;
    next = failure ? await askFixOrSave(instance, failure, steps) : undefined;
  }
  const instance = draftInstance(draft);
  // Saved anyway after the server refused the secret: the tree must not send it again by itself.
  await services.instances.save(instance, draft.secret || undefined, existing, failure?.error);
  const outcome = failure
    ? vscode.l10n.t('Instance "{0}" saved without a working connection.', instance.name)
    : !secret
      ? vscode.l10n.t(
          'Instance "{0}" saved. No credential is stored yet: run "Kantega SSO: Set Credential…".',
          instance.name,
        )
      : existing
        ? vscode.l10n.t(
            'Instance "{0}" saved: Kantega SSO is reachable and the credential was accepted.',
            instance.name,
          )
        : vscode.l10n.t(
            'Instance "{0}" added: Kantega SSO is reachable and the credential was accepted.',
            instance.name,
          );
  void vscode.window.showInformationMessage(inertMessage(outcome));
}

/**
 * The secret step was left empty and the stored secret would go to another host, user or kind of
 * credential: say where, before anything is sent (as Allow Sending the Credential… does). True to
 * send it, false to enter a new secret; dismissing cancels the wizard, with nothing saved or sent.
 */
async function askSendKeptSecret(storedFor: CredentialBinding, instance: InstanceConfig): Promise<boolean> {
  const to = bindingOf(instance);
  const host = originOf(instance.baseUrl);
  const side = (binding: CredentialBinding) =>
    storedFor.kind === to.kind
      ? describeBinding(binding)
      : vscode.l10n.t('{0} ({1})', describeBinding(binding), credentialKindLabel(binding.kind));
  const send = vscode.l10n.t('Send It to {0}', host);
  const enterNew = vscode.l10n.t('Enter a New Secret');
  const choice = await vscode.window.showWarningMessage(
    inertMessage(vscode.l10n.t('Send the stored secret of {0} to {1}?', side(storedFor), side(to))),
    {
      modal: true,
      detail: sentences(
        vscode.l10n.t(
          'The secret step was left empty, so the secret stored for {0} would be sent to {1}.',
          side(storedFor),
          instance.baseUrl,
        ),
        vscode.l10n.t('First to test the connection, then kept for "{0}".', instance.name),
        vscode.l10n.t('Send it only if {0} is meant to receive it; else enter the secret for this entry.', host),
      ),
    },
    send,
    enterNew,
  );
  if (choice === send) return true;
  if (choice === enterNew) return false;
  return cancel();
}

interface ConnectionFailure {
  /** Which answer to correct: where the server is, or how to sign in; none when the server itself failed. */
  readonly fix?: 'baseUrl' | 'secret';
  readonly message: string;
  readonly error: unknown;
}

/** After a failed test: the step to go back to, or undefined to save anyway. Dismissing cancels. */
async function askFixOrSave(
  instance: InstanceConfig,
  failure: ConnectionFailure,
  steps: { baseUrl: InputStep; secret: InputStep },
): Promise<InputStep | undefined> {
  const fixLabel = failure.fix === 'baseUrl' ? vscode.l10n.t('Fix Base URL') : vscode.l10n.t('Fix Credential');
  const saveAnyway = vscode.l10n.t('Save Anyway');
  const choice = await vscode.window.showWarningMessage(
    inertMessage(vscode.l10n.t('The connection test for "{0}" failed.', instance.name)),
    { modal: true, detail: failure.message },
    ...(failure.fix ? [fixLabel, saveAnyway] : [saveAnyway]),
  );
  if (failure.fix && choice === fixLabel) return failure.fix === 'baseUrl' ? steps.baseUrl : steps.secret;
  if (choice === saveAnyway) return undefined;
  return cancel();
}

/** Undefined when the connection works; else which answer to fix and why. Cancelling throws. */
async function testDraft(
  services: Services,
  instance: InstanceConfig,
  secret: string,
): Promise<ConnectionFailure | undefined> {
  const client = services.instances.createDetachedClient(instance, secret);
  try {
    const check = await withCancellableProgress(
      vscode.l10n.t('Testing the connection to {0}…', instance.baseUrl),
      (signal, progress) =>
        checkConnection(client, {
          signal,
          onStage: (stage) =>
            progress.report({
              message:
                stage === 'reach'
                  ? vscode.l10n.t('Is Kantega SSO reachable?')
                  : vscode.l10n.t('Is the credential accepted?'),
            }),
        }),
    );
    if (check.ok) return undefined;
    if (check.stage === 'reach') {
      // The client's message already says what could not be reached and why.
      return { fix: 'baseUrl', message: describeError(check.error), error: check.error };
    }
    if (check.stage === 'server') {
      return {
        message: vscode.l10n.t('Kantega SSO is reachable, but the server failed: {0}', describeError(check.error)),
        error: check.error,
      };
    }
    return {
      fix: 'secret',
      message: vscode.l10n.t('Kantega SSO is reachable, but signing in failed: {0}', describeError(check.error)),
      error: check.error,
    };
  } finally {
    void client.close();
  }
}
