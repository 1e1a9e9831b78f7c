// Add Instance and Edit Instance: six steps (name, base URL, user name, kind of credential, secret,
// environment), then a connection test before saving; on failure, fix the step that failed or save anyway.
import * as vscode from 'vscode';
import { checkConnection } from '../core/connectionCheck';
import { describeError } from '../core/errors';
import {
  ENVIRONMENTS,
  validateBaseUrl,
  validateInstanceName,
  validateUsername,
  type Environment,
  type InstanceConfig,
} from '../core/instanceConfig';
import type { CredentialKind } from '../core/model';
import { inputStep, navigate, pickStep, runSteps, type Step } from './multiStepInput';
import type { Services } from './services';
import { withCancellableProgress } from './ui';

const TOTAL_STEPS = 6;
const STEP = { name: 0, baseUrl: 1, username: 2, auth: 3, secret: 4, environment: 5 } as const;

interface Draft {
  name: string;
  baseUrl: string;
  username: string;
  auth: CredentialKind;
  /** Empty when editing and keeping the stored secret. */
  secret: string;
  environment?: Environment;
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

/** Add a new instance (no `existing`) or edit one (`existing`, all steps prefilled, secret optional). */
export async function runInstanceWizard(services: Services, existing?: InstanceConfig): Promise<void> {
  const title = existing ? vscode.l10n.t('Edit Kantega SSO Instance') : vscode.l10n.t('Add Kantega SSO Instance');
  const draft: Draft = existing
    ? { ...existing, secret: '' }
    : { name: '', baseUrl: 'https://', username: '', auth: 'password', secret: '' };
  const otherNames = services.instances.list().map((instance) => instance.name);
  const position = (index: number) => ({ title, step: index + 1, totalSteps: TOTAL_STEPS });
  const error = (message: string | undefined) =>
    message ? { message, severity: vscode.InputBoxValidationSeverity.Error } : undefined;

  const steps: Step[] = [
    async () =>
      navigate(
        await inputStep({
          ...position(STEP.name),
          prompt: vscode.l10n.t('A name for this instance, shown in the tree (unique)'),
          placeholder: vscode.l10n.t('e.g. Jira production'),
          value: draft.name,
          validate: (value) => error(validateInstanceName(value, otherNames, existing?.name)),
        }),
        (value) => {
          draft.name = value.trim();
        },
      ),
    async () =>
      navigate(
        await inputStep({
          ...position(STEP.baseUrl),
          prompt: vscode.l10n.t(
            'Base URL of the Jira, Confluence, Bitbucket or Bamboo instance, with its context path',
          ),
          placeholder: 'https://jira.example.com/jira',
          value: draft.baseUrl,
          validate: (value) => {
            const result = validateBaseUrl(value);
            if (!result.ok) return error(result.message);
            return result.warning
              ? { message: result.warning, severity: vscode.InputBoxValidationSeverity.Warning }
              : undefined;
          },
        }),
        (value) => {
          const result = validateBaseUrl(value);
          if (result.ok) draft.baseUrl = result.baseUrl;
        },
      ),
    async () =>
      navigate(
        await inputStep({
          ...position(STEP.username),
          prompt: vscode.l10n.t(
            'User name to sign in with (a system administrator can manage snapshots and all tokens)',
          ),
          value: draft.username,
          validate: (value) => error(validateUsername(value, draft.auth)),
        }),
        (value) => {
          draft.username = value.trim();
        },
      ),
    async () => {
      const items = kindItems();
      return navigate(
        await pickStep({
          ...position(STEP.auth),
          placeholder: vscode.l10n.t('Kind of credential'),
          items,
          active: items.find((item) => item.credentialKind === draft.auth),
        }),
        (item) => {
          draft.auth = item.credentialKind;
        },
      );
    },
    async () =>
      navigate(
        await inputStep({
          ...position(STEP.secret),
          prompt: existing
            ? vscode.l10n.t('{0} (leave empty to keep the stored one)', secretPrompt(draft.auth, draft.username))
            : secretPrompt(draft.auth, draft.username),
          password: true,
          value: draft.secret,
          validate: (value) =>
            existing || value
              ? undefined
              : error(vscode.l10n.t("Enter the secret; it is kept in VS Code's secret storage only.")),
        }),
        (value) => {
          draft.secret = value;
        },
      ),
    async () => {
      const items = environmentItems();
      return navigate(
        await pickStep({
          ...position(STEP.environment),
          placeholder: vscode.l10n.t('Environment of this instance'),
          items,
          active: items.find((item) => item.environment === draft.environment),
        }),
        (item) => {
          draft.environment = item.environment;
        },
      );
    },
  ];

  let start = 0;
  for (;;) {
    if (!(await runSteps(steps, start))) return;
    const instance: InstanceConfig = {
      name: draft.name,
      baseUrl: draft.baseUrl,
      username: draft.username,
      auth: draft.auth,
      environment: draft.environment,
    };
    const secret = draft.secret || (existing ? await services.credentials.get(existing.name) : undefined);
    const failure = secret ? await testDraft(services, instance, secret) : undefined;
    if (failure === 'cancelled') return;
    if (failure) {
      const fixLabel = failure.step === STEP.baseUrl ? vscode.l10n.t('Fix Base URL') : vscode.l10n.t('Fix Credential');
      const saveAnyway = vscode.l10n.t('Save Anyway');
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t('The connection test for "{0}" failed.', instance.name),
        { modal: true, detail: failure.message },
        fixLabel,
        saveAnyway,
      );
      if (choice === fixLabel) {
        start = failure.step;
        continue;
      }
      if (choice !== saveAnyway) return;
    }
    await services.instances.save(instance, draft.secret || undefined, existing?.name);
    const outcome = failure
      ? vscode.l10n.t('Instance "{0}" saved without a working connection.', instance.name)
      : !secret
        ? vscode.l10n.t(
            'Instance "{0}" saved. No credential is stored yet: run "Kantega SSO: Set Credential".',
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
    void vscode.window.showInformationMessage(outcome);
    return;
  }
}

/** Undefined when the connection works; else which step to fix and why; 'cancelled' when the person cancelled. */
async function testDraft(
  services: Services,
  instance: InstanceConfig,
  secret: string,
): Promise<{ step: number; message: string } | undefined | 'cancelled'> {
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
    if (check === undefined) return 'cancelled';
    if (check.ok) return undefined;
    if (check.stage === 'signIn') {
      return {
        step: STEP.secret,
        message: vscode.l10n.t('Kantega SSO is reachable, but signing in failed: {0}', describeError(check.error)),
      };
    }
    // The client's message already says what could not be reached and why.
    return { step: STEP.baseUrl, message: describeError(check.error) };
  } finally {
    void client.close();
  }
}
