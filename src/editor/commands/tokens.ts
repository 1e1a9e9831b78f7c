// Commands on API tokens: create, delete, renew, show expiry, open details, copy id. The token details
// webview calls the same functions (tokenActions), so a button and a command behave alike.
import * as vscode from 'vscode';
import { MAX_TOKEN_VALIDITY_DAYS } from '../../core/client';
import { describeExpiry, formatDateTime } from '../../core/format';
import type { InstanceConfig } from '../../core/instanceConfig';
import type { ApiToken, CreateTokenRequest, TokenExpiry } from '../../core/model';
import { inputStep, navigate, pickStep, runSteps, type Step } from '../multiStepInput';
import { instanceOf, pickToken, resolveInstance } from '../pickers';
import type { Services } from '../services';
import {
  TokenDetailsPanel,
  type TokenDetailsActions,
  type TokenDetailsTarget,
} from '../tokenDetails/tokenDetailsPanel';
import { describeInstance, showFailure, withCancellableProgress } from '../ui';

interface TokenTarget {
  readonly instance: InstanceConfig;
  readonly token: ApiToken;
  /** The token belongs to the instance's configured user: the user endpoints apply. */
  readonly isOwn: boolean;
}

export function registerTokenCommands(services: Services): vscode.Disposable[] {
  const ask = (arg: unknown, placeholder: string, options: { includeOthers: boolean; requireId: boolean }) =>
    resolveToken(services, arg, placeholder, options);
  return [
    vscode.commands.registerCommand('kantegaSso.createToken', (arg?: unknown) => createToken(services, arg)),
    vscode.commands.registerCommand('kantegaSso.deleteToken', async (arg?: unknown) => {
      const target = await ask(arg, vscode.l10n.t('API token to delete'), { includeOthers: true, requireId: true });
      if (!target) return;
      try {
        await confirmAndDeleteToken(services, target);
      } catch (e) {
        showFailure(vscode.l10n.t('Could not delete the API token "{0}"', target.token.name), e);
      }
    }),
    vscode.commands.registerCommand('kantegaSso.renewToken', async (arg?: unknown) => {
      const target = await ask(arg, vscode.l10n.t('API token to renew'), { includeOthers: false, requireId: true });
      if (!target) return;
      try {
        const renewed = await renewToken(services, target);
        if (renewed)
          void vscode.window.showInformationMessage(
            vscode.l10n.t('API token "{0}" renewed: {1}.', renewed.name, describeExpiry(renewed, Date.now())),
          );
      } catch (e) {
        showFailure(vscode.l10n.t('Could not renew the API token "{0}"', target.token.name), e);
      }
    }),
    vscode.commands.registerCommand('kantegaSso.showTokenExpiry', async (arg?: unknown) => {
      const target = await ask(arg, vscode.l10n.t('API token whose expiry to check'), {
        includeOthers: false,
        requireId: true,
      });
      if (!target) return;
      try {
        const expiry = await checkTokenExpiry(services, target);
        if (!expiry) return;
        const when = expiry.expiresAt !== undefined ? ` (${formatDateTime(expiry.expiresAt)})` : '';
        void vscode.window.showInformationMessage(
          vscode.l10n.t(
            'API token "{0}" on {1} {2}{3}.',
            target.token.name,
            target.instance.name,
            describeExpiry(expiry, Date.now()),
            when,
          ),
        );
      } catch (e) {
        showFailure(vscode.l10n.t('Could not check the expiry of "{0}"', target.token.name), e);
      }
    }),
    vscode.commands.registerCommand('kantegaSso.openTokenDetails', async (arg?: unknown) => {
      const target = await ask(arg, vscode.l10n.t('API token to show'), { includeOthers: true, requireId: false });
      if (target) openTokenDetails(services, target);
    }),
    vscode.commands.registerCommand('kantegaSso.copyTokenId', async (arg?: unknown) => {
      const target = await ask(arg, vscode.l10n.t('API token whose ID to copy'), {
        includeOthers: true,
        requireId: true,
      });
      if (!target || target.token.id === undefined) return;
      await vscode.env.clipboard.writeText(String(target.token.id));
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Token ID {0} copied to the clipboard.', target.token.id),
      );
    }),
  ];
}

/** The token from a tree node (or any `{instance, token, isOwn}`), else asked: instance, then token. */
async function resolveToken(
  services: Services,
  arg: unknown,
  placeholder: string,
  options: { includeOthers: boolean; requireId: boolean },
): Promise<TokenTarget | undefined> {
  const fromArg = instanceOf(services, arg);
  const node =
    arg && typeof arg === 'object' && 'token' in arg ? (arg as { token?: ApiToken; isOwn?: boolean }) : undefined;
  if (fromArg && node?.token) return { instance: fromArg, token: node.token, isOwn: node.isOwn ?? false };
  const instance = fromArg ?? (await resolveInstance(services, undefined, vscode.l10n.t('Instance of the API token')));
  if (!instance) return undefined;
  const picked = await pickToken(services, instance, placeholder, options);
  return picked ? { instance, ...picked } : undefined;
}

function requireId(token: ApiToken): number {
  if (token.id === undefined || !token.actionable) {
    throw new Error(
      vscode.l10n.t('The server sent the token "{0}" without an id, so it cannot be addressed from here.', token.name),
    );
  }
  return token.id;
}

/** Deletes after a modal naming token, owner and instance. Own tokens via the user endpoint, others' via the admin one. */
async function confirmAndDeleteToken(services: Services, { instance, token, isOwn }: TokenTarget): Promise<boolean> {
  const id = requireId(token);
  const owner = token.username ?? (isOwn ? instance.username : vscode.l10n.t('unknown'));
  const remove = vscode.l10n.t('Delete');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Delete the API token "{0}" of {1} on {2}?', token.name, owner, describeInstance(instance)),
    {
      modal: true,
      detail: [
        vscode.l10n.t('Token: "{0}" (id {1}), {2}', token.name, id, describeExpiry(token, Date.now())),
        vscode.l10n.t('Owner: {0}', owner),
        vscode.l10n.t('Instance: {0} at {1}', describeInstance(instance), instance.baseUrl),
        '',
        vscode.l10n.t('Anything that signs in with this token stops working. This cannot be undone.'),
      ].join('\n'),
    },
    remove,
  );
  if (choice !== remove) return false;
  try {
    const deleted = await withCancellableProgress(
      vscode.l10n.t('Deleting the API token "{0}"…', token.name),
      async (signal) => {
        await services.instances.run(instance, (client) =>
          isOwn ? client.deleteMyToken(id, { signal }) : client.deleteAnyToken(id, { signal }),
        );
        return true;
      },
    );
    if (deleted)
      void vscode.window.showInformationMessage(
        vscode.l10n.t('API token "{0}" deleted from {1}.', token.name, instance.name),
      );
    return deleted ?? false;
  } finally {
    services.tree.refresh(instance.name);
  }
}

/**
 * The server renews a token only when given its secret (or when it is the token signing in), so ask
 * for it; it is used for this one request and not kept. Returns the token as listed afterwards.
 */
async function renewToken(services: Services, { instance, token }: TokenTarget): Promise<ApiToken | undefined> {
  const id = requireId(token);
  const signsInWithToken = instance.auth === 'apiToken';
  const secret = await vscode.window.showInputBox({
    title: vscode.l10n.t('Renew API Token "{0}" on {1}', token.name, instance.name),
    prompt: signsInWithToken
      ? vscode.l10n.t(
          'Paste the token "{0}" to renew it, or leave empty to renew the API token this instance signs in with',
          token.name,
        )
      : vscode.l10n.t('Paste the token "{0}": the server renews a token only when given the token itself', token.name),
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => (value || signsInWithToken ? undefined : vscode.l10n.t('Paste the token to renew.')),
  });
  if (secret === undefined) return undefined;
  try {
    return await withCancellableProgress(vscode.l10n.t('Renewing the API token "{0}"…', token.name), async (signal) => {
      await services.instances.run(instance, (client) => client.renewToken(secret || undefined, { signal }));
      const tokens = await services.instances.run(instance, (client) => client.listMyTokens({ signal }));
      return tokens.find((candidate) => candidate.id === id) ?? token;
    });
  } finally {
    services.tree.refresh(instance.name);
  }
}

async function checkTokenExpiry(
  services: Services,
  { instance, token }: TokenTarget,
): Promise<TokenExpiry | undefined> {
  const id = requireId(token);
  return withCancellableProgress(vscode.l10n.t('Checking the expiry of "{0}"…', token.name), (signal) =>
    services.instances.run(instance, (client) => client.tokenExpiry(id, { signal })),
  );
}

/** Stores a token's secret as the instance's credential and switches the instance to API-token sign-in. */
async function useAsCredential(services: Services, { instance, token }: TokenTarget, secret: string): Promise<void> {
  const username = token.username || instance.username;
  await services.instances.save({ ...instance, auth: 'apiToken', username }, secret, instance.name);
  void vscode.window.showInformationMessage(
    vscode.l10n.t('{0} now signs in as {1} with the API token "{2}".', instance.name, username, token.name),
  );
}

/** The webview's buttons, bound to the same functions as the commands. */
function tokenActions(services: Services): TokenDetailsActions {
  const targetOf = (target: TokenDetailsTarget): TokenTarget => {
    const instance = services.instances.get(target.instanceName);
    if (!instance) throw new Error(vscode.l10n.t('The instance "{0}" is no longer configured.', target.instanceName));
    return { instance, token: target.token, isOwn: target.isOwn };
  };
  return {
    renew: (target) => renewToken(services, targetOf(target)),
    delete: (target) => confirmAndDeleteToken(services, targetOf(target)),
    checkExpiry: (target) => checkTokenExpiry(services, targetOf(target)),
    useAsCredential: (target, secret) => useAsCredential(services, targetOf(target), secret),
  };
}

function openTokenDetails(services: Services, target: TokenTarget, secret?: string): void {
  const { instance, token, isOwn } = target;
  TokenDetailsPanel.show(
    services.extensionUri,
    {
      instanceName: instance.name,
      environment: instance.environment,
      tokenApiVersion: services.instances.tokenApiVersion(instance),
      token,
      isOwn,
    },
    tokenActions(services),
    secret !== undefined ? { secret } : undefined,
  );
}

interface ValidityItem extends vscode.QuickPickItem {
  readonly validity: number | 'forever' | 'custom';
}

/** Name, optional description, validity; then the secret is shown once (clipboard + details panel) and kept nowhere else. */
async function createToken(services: Services, arg: unknown): Promise<void> {
  const instance = await resolveInstance(services, arg, vscode.l10n.t('Instance to create the API token on'));
  if (!instance) return;
  const title = vscode.l10n.t('Create API Token on {0}', instance.name);
  const draft: { name: string; description: string; validity: number | 'forever' } = {
    name: '',
    description: '',
    validity: 90,
  };
  const validityItems: ValidityItem[] = [
    ...[30, 90, 180, 365].map((days): ValidityItem => ({ label: vscode.l10n.t('{0} days', days), validity: days })),
    { label: vscode.l10n.t('Custom…'), detail: vscode.l10n.t('A number of days you choose'), validity: 'custom' },
    {
      label: vscode.l10n.t('Never expires'),
      detail: vscode.l10n.t('Consider a limited validity: a leaked token stays valid until deleted'),
      validity: 'forever',
    },
  ];
  const steps: Step[] = [
    async () =>
      navigate(
        await inputStep({
          title,
          step: 1,
          totalSteps: 3,
          prompt: vscode.l10n.t('Name of the new API token'),
          placeholder: vscode.l10n.t('e.g. ci-pipeline'),
          value: draft.name,
          validate: (value) =>
            value.trim()
              ? undefined
              : {
                  message: vscode.l10n.t('Enter a name for the token.'),
                  severity: vscode.InputBoxValidationSeverity.Error,
                },
        }),
        (value) => {
          draft.name = value.trim();
        },
      ),
    async () =>
      navigate(
        await inputStep({
          title,
          step: 2,
          totalSteps: 3,
          prompt: vscode.l10n.t('Description (optional)'),
          value: draft.description,
        }),
        (value) => {
          draft.description = value.trim();
        },
      ),
    async () => {
      for (;;) {
        const chosen = await pickStep({
          title,
          step: 3,
          totalSteps: 3,
          placeholder: vscode.l10n.t('How long the token stays valid'),
          items: validityItems,
          active: validityItems.find((item) => item.validity === draft.validity),
        });
        if (chosen?.kind !== 'done' || chosen.value.validity !== 'custom') {
          return navigate(chosen, (item) => {
            draft.validity = item.validity as number | 'forever';
          });
        }
        const days = await inputStep({
          title,
          step: 3,
          totalSteps: 3,
          prompt: vscode.l10n.t('Days of validity (1 to {0})', MAX_TOKEN_VALIDITY_DAYS),
          value: typeof draft.validity === 'number' ? String(draft.validity) : '',
          validate: (value) =>
            /^\d+$/.test(value.trim()) && Number(value) >= 1 && Number(value) <= MAX_TOKEN_VALIDITY_DAYS
              ? undefined
              : {
                  message: vscode.l10n.t('Enter a whole number of days from 1 to {0}.', MAX_TOKEN_VALIDITY_DAYS),
                  severity: vscode.InputBoxValidationSeverity.Error,
                },
        });
        // Back from the number returns to the list of validities.
        if (days?.kind !== 'back')
          return navigate(days, (value) => {
            draft.validity = Number(value.trim());
          });
      }
    },
  ];
  if (!(await runSteps(steps))) return;
  const request: CreateTokenRequest = {
    name: draft.name,
    description: draft.description || undefined,
    validity: draft.validity,
  };
  try {
    const created = await withCancellableProgress(
      vscode.l10n.t('Creating the API token "{0}" on {1}…', draft.name, instance.name),
      (signal) => services.instances.run(instance, (client) => client.createToken(request, { signal })),
    );
    if (!created) return;
    const { secret, ...token } = created;
    const copied = services.settings.copyNewTokenToClipboard();
    if (copied) await vscode.env.clipboard.writeText(secret);
    const target: TokenTarget = { instance, token, isOwn: true };
    openTokenDetails(services, target, secret);
    const useIt = vscode.l10n.t("Use as this instance's credential");
    const message = copied
      ? vscode.l10n.t('API token "{0}" created and copied to the clipboard. It will not be shown again.', token.name)
      : vscode.l10n.t(
          'API token "{0}" created. Copy it from the details panel now: it will not be shown again.',
          token.name,
        );
    void vscode.window.showInformationMessage(message, useIt).then(async (choice) => {
      if (choice !== useIt) return;
      try {
        await useAsCredential(services, target, secret);
      } catch (e) {
        showFailure(vscode.l10n.t('Could not store the token as the credential of {0}', instance.name), e);
      }
    });
  } catch (e) {
    showFailure(vscode.l10n.t('Could not create the API token "{0}" on {1}', draft.name, instance.name), e);
  } finally {
    services.tree.refresh(instance.name);
  }
}
