// Commands on API tokens: create, delete, renew, show expiry, open details, copy id. The token details
// webview calls the same functions (tokenActions), so a button and a command behave alike.
import * as vscode from 'vscode';
import { describeError } from '../../core/errors';
import { describeExpiry, formatDateTime } from '../../core/text/format';
import { validateUsername, type InstanceConfig } from '../../core/instanceConfig';
import type { ApiToken, CreatedToken, TokenExpiry } from '../../core/model';
import { renewPickedToken, type RenewalOutcome } from '../../core/api/tokenRenewal';
import { askNewToken } from '../input/createTokenWizard';
import type { Services } from '../services';
import {
  TokenDetailsPanel,
  type TokenDetailsActions,
  type TokenDetailsTarget,
} from '../webviews/tokenDetails/tokenDetailsPanel';
import { TokenNode } from '../tree/tokenNode';
import { tokenNodeId } from '../tree/treeIds';
import { describeInstance, inertMessage, shownText, withCancellableProgress } from '../ui';
import { cancel, required } from '../cancellation';
import { attempt } from '../failures';
import { registerCommand } from './registerCommand';
import { resolveInstance, resolveToken, type TokenTarget } from './targets';
import { sentences } from '../../core/text/displayText';

/** Any token the server can address, the user's own or (for a system administrator) anyone's. */
const anyToken = { includeOthers: true, requireId: true };

export function registerTokenCommands(services: Services): vscode.Disposable[] {
  const mine = { includeOthers: false, requireId: true };
  return [
    registerCommand(services, 'kantegaSso.createToken', (arg) => createToken(services, arg)),
    registerCommand(services, 'kantegaSso.deleteToken', async (arg) => {
      await deleteToken(services, await resolveToken(services, arg, vscode.l10n.t('API token to delete'), anyToken));
    }),
    registerCommand(services, 'kantegaSso.renewToken', async (arg) => {
      const target = await resolveToken(services, arg, vscode.l10n.t('API token to renew'), mine);
      const renewed = await renewToken(services, target);
      void vscode.window.showInformationMessage(
        inertMessage(
          vscode.l10n.t('API token "{0}" renewed: {1}.', shownText(renewed.name), describeExpiry(renewed, Date.now())),
        ),
      );
    }),
    registerCommand(services, 'kantegaSso.showTokenExpiry', async (arg) => {
      const target = await resolveToken(services, arg, vscode.l10n.t('API token whose expiry to check'), mine);
      const expiry = await checkTokenExpiry(services, target);
      const when = expiry.expiresAt !== undefined ? ` (${formatDateTime(expiry.expiresAt)})` : '';
      const { token, instance } = target;
      void vscode.window.showInformationMessage(
        inertMessage(
          vscode.l10n.t(
            'API token "{0}" on {1} {2}{3}.',
            token.name,
            instance.name,
            describeExpiry(expiry, Date.now()),
            when,
          ),
        ),
      );
    }),
    registerCommand(services, 'kantegaSso.openTokenDetails', async (arg) => {
      // A token the server sent without an id cannot be looked up again; its details are only shown.
      if (arg instanceof TokenNode && arg.token.id === undefined) {
        openTokenDetails(services, { instance: arg.instance, token: arg.token, isOwn: arg.isOwn });
        return;
      }
      const choice = { includeOthers: true, requireId: false };
      openTokenDetails(services, await resolveToken(services, arg, vscode.l10n.t('API token to show'), choice));
    }),
    registerCommand(services, 'kantegaSso.copyTokenId', async (arg) => {
      const { token } = await resolveToken(services, arg, vscode.l10n.t('API token whose ID to copy'), anyToken);
      const id = requireId(token);
      await vscode.env.clipboard.writeText(String(id));
      void vscode.window.showInformationMessage(
        inertMessage(vscode.l10n.t('Token ID {0} copied to the clipboard.', id)),
      );
    }),
  ];
}

/** The token's id, or an error saying that a token the server sent without one cannot be acted on. */
export function requireId(token: ApiToken): number {
  if (token.id === undefined || !token.actionable) {
    throw new Error(
      vscode.l10n.t(
        'The server sent the token "{0}" without an id, so it cannot be addressed from here.',
        shownText(token.name),
      ),
    );
  }
  return token.id;
}

/** Runs a change on a token with the tree showing it ("deleting…"); one change per token at a time. */
function onToken<T>(services: Services, target: TokenTarget, label: string, work: () => Promise<T>): Promise<T> {
  const id = requireId(target.token);
  const nodeId = tokenNodeId(target.instance.name, target.isOwn ? 'myTokens' : 'allTokens', id);
  return services.tree.showBusy(target.instance.name, nodeId, label, work);
}

/**
 * Deletes after a modal naming token, owner and instance. Own tokens go through the user endpoint,
 * others' through the admin one.
 */
async function deleteToken(services: Services, target: TokenTarget): Promise<void> {
  const { instance, token, isOwn } = target;
  const id = requireId(token);
  const name = shownText(token.name);
  const owner = shownText(token.username ?? (isOwn ? instance.username : vscode.l10n.t('unknown')));
  const remove = vscode.l10n.t('Delete');
  const choice = await vscode.window.showWarningMessage(
    inertMessage(vscode.l10n.t('Delete the API token "{0}" of {1} on {2}?', name, owner, describeInstance(instance))),
    {
      modal: true,
      detail: [
        vscode.l10n.t('Token: "{0}" (id {1}), {2}', name, id, describeExpiry(token, Date.now())),
        vscode.l10n.t('Owner: {0}', owner),
        vscode.l10n.t('Instance: {0} at {1}', describeInstance(instance), instance.baseUrl),
        '',
        vscode.l10n.t('Anything that signs in with this token stops working. This cannot be undone.'),
      ].join('\n'),
    },
    remove,
  );
  if (choice !== remove) cancel();
  try {
    await attempt(vscode.l10n.t('Could not delete the API token "{0}"', name), instance, () =>
      onToken(services, target, vscode.l10n.t('deleting…'), () =>
        withCancellableProgress(vscode.l10n.t('Deleting the API token "{0}"…', name), (signal) =>
          services.instances.run(instance, (client) =>
            isOwn ? client.deleteMyToken(id, { signal }) : client.deleteAnyToken(id, { signal }),
          ),
        ),
      ),
    );
  } finally {
    services.tree.refresh(instance.name);
  }
  void vscode.window.showInformationMessage(
    inertMessage(vscode.l10n.t('API token "{0}" deleted from {1}.', name, instance.name)),
  );
}

/**
 * The server renews the token whose secret it is given, or with an empty body the token signing in:
 * so the secret is asked for (used for this one request, not kept), and may be left out only when
 * the token picked is the one this instance signs in with (isSignInToken). Returns the token picked
 * with the expiry the server gave it; throws, naming both, when the secret was another token's.
 */
async function renewToken(services: Services, target: TokenTarget): Promise<ApiToken> {
  const { instance, token } = target;
  const id = requireId(token);
  const name = shownText(token.name);
  const signsInWithIt = await attempt(vscode.l10n.t('Could not renew the API token "{0}"', name), instance, () =>
    isSignInToken(services, instance, id),
  );
  const secret = required(
    await vscode.window.showInputBox({
      title: inertMessage(vscode.l10n.t('Renew API Token "{0}" on {1}', name, instance.name)),
      prompt: inertMessage(
        signsInWithIt
          ? vscode.l10n.t('Paste the token "{0}", or leave empty: this instance signs in with this token', name)
          : vscode.l10n.t('Paste the token "{0}": the server renews a token only when given the token itself', name),
      ),
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) =>
        value || signsInWithIt
          ? undefined
          : instance.auth === 'apiToken'
            ? sentences(
                vscode.l10n.t('Paste the token "{0}".', name),
                vscode.l10n.t(
                  'Left empty, the server would renew the token this instance signs in with, which may be another one.',
                ),
              )
            : vscode.l10n.t('Paste the token to renew.'),
    }),
  );
  try {
    return await attempt(vscode.l10n.t('Could not renew the API token "{0}"', name), instance, () =>
      onToken(services, target, vscode.l10n.t('renewing…'), async () => {
        const outcome = await withCancellableProgress(vscode.l10n.t('Renewing the API token "{0}"…', name), (signal) =>
          services.instances.run(instance, (client) =>
            renewPickedToken(client, { ...token, id }, secret || undefined, { signal }),
          ),
        );
        return renewedToken(outcome, name, id, secret !== '');
      }),
    );
  } finally {
    services.tree.refresh(instance.name);
  }
}

/**
 * Whether the instance signs in with the token `id` (so an empty renewal renews it): the token stored
 * as its credential, else, as the expiry warnings deduce it, its only own token still valid, listed
 * now. The server does not say which token signed a request.
 */
async function isSignInToken(services: Services, instance: InstanceConfig, id: number): Promise<boolean> {
  if (instance.auth !== 'apiToken') return false;
  const remembered = services.instances.signInTokenId(instance);
  if (remembered !== undefined) return remembered === id;
  const myTokens = await withCancellableProgress(
    vscode.l10n.t('Checking which API token {0} signs in with…', instance.name),
    (signal) => services.instances.run(instance, (client) => client.listMyTokens({ signal })),
  );
  return services.instances.signInTokenAmong(instance, myTokens)?.id === id;
}

/** The token picked, renewed; else an error that says what the server did instead. `pasted`: a secret was given. */
function renewedToken(outcome: RenewalOutcome, name: string, id: number, pasted: boolean): ApiToken {
  const now = Date.now();
  switch (outcome.kind) {
    case 'renewed':
      return outcome.token;
    case 'renewedAnother': {
      const { renewed } = outcome;
      const other =
        renewed.name !== undefined
          ? vscode.l10n.t('"{0}" (id {1})', shownText(renewed.name), renewed.id)
          : vscode.l10n.t('the token with id {0}', renewed.id);
      const instead = describeExpiry(renewed, now);
      throw new Error(
        pasted
          ? vscode.l10n.t(
              'the pasted token is another one: {0} was renewed instead ({1}). "{2}" (id {3}) was not renewed.',
              other,
              instead,
              name,
              id,
            )
          : sentences(
              vscode.l10n.t(
                'this instance signs in with another token: {0} was renewed instead ({1}).',
                other,
                instead,
              ),
              vscode.l10n.t('"{0}" (id {1}) was not renewed.', name, id),
            ),
      );
    }
    case 'unconfirmed':
      throw new Error(
        pasted
          ? vscode.l10n.t(
              'the server accepted the renewal, but "{0}" still {1}: the pasted token may be another one.',
              name,
              describeExpiry(outcome.token, now),
            )
          : vscode.l10n.t(
              'the server accepted the renewal, but "{0}" still {1}: this instance may sign in with another token.',
              name,
              describeExpiry(outcome.token, now),
            ),
      );
  }
}

function checkTokenExpiry(services: Services, { instance, token }: TokenTarget): Promise<TokenExpiry> {
  const id = requireId(token);
  const name = shownText(token.name);
  return attempt(vscode.l10n.t('Could not check the expiry of "{0}"', name), instance, () =>
    withCancellableProgress(vscode.l10n.t('Checking the expiry of "{0}"…', name), (signal) =>
      services.instances.run(instance, (client) => client.tokenExpiry(id, { signal })),
    ),
  );
}

/**
 * Makes a new token the instance's credential: asks whose token it is when the entry's user name is
 * not its sign-in (a personal-access-token entry may name nobody, or anybody), proves that it signs
 * in, and only then stores it in place of the old credential. A token that does not sign in leaves
 * the instance as it was.
 */
async function useAsCredential(services: Services, { instance, token }: TokenTarget, secret: string): Promise<void> {
  const username = await tokenOwner(services, instance, token);
  const name = shownText(token.name);
  await attempt(
    vscode.l10n.t(
      'Could not make the API token "{0}" the credential of {1}; its credential is unchanged',
      name,
      instance.name,
    ),
    instance,
    () =>
      withCancellableProgress(
        vscode.l10n.t('Checking that the API token "{0}" signs in to {1}…', name, instance.name),
        (signal) => services.instances.useApiToken(instance, username, secret, token.id, { signal }),
      ),
  );
  void vscode.window.showInformationMessage(
    inertMessage(vscode.l10n.t('{0} now signs in as {1} with the API token "{2}".', instance.name, username, name)),
  );
}

/**
 * The user an API token signs in as (Basic: user name and token). A password or API-token entry
 * signs in as its user, so a token it created is that user's, whatever the create answer says. A
 * PAT entry's user name plays no part in its sign-in: asked, prefilled with the owner the server lists.
 */
async function tokenOwner(services: Services, instance: InstanceConfig, token: ApiToken): Promise<string> {
  if (instance.auth !== 'pat' && instance.username) return instance.username;
  const owner = await listedOwner(services, instance, token);
  const answer = required(
    await vscode.window.showInputBox({
      title: inertMessage(vscode.l10n.t('Use the API Token "{0}" for {1}', shownText(token.name), instance.name)),
      prompt: vscode.l10n.t('User name the token belongs to: an API token signs in with the user name and the token'),
      value: owner ?? instance.username,
      ignoreFocusOut: true,
      validateInput: (value) => validateUsername(value, 'apiToken'),
    }),
  );
  return answer.trim();
}

/**
 * The token's owner as the server lists it (a create answer names none: the client fills in the
 * entry's user name, which on a PAT entry proves nothing). Undefined when the list cannot be read or
 * does not name one: the question is then asked without that suggestion.
 */
async function listedOwner(services: Services, instance: InstanceConfig, token: ApiToken): Promise<string | undefined> {
  if (token.id === undefined) return undefined;
  try {
    return (await services.data.lookupToken(instance, token.id))?.token.username?.trim() || undefined;
  } catch (e) {
    services.log.warn(`[${instance.name}] Use as Credential: the token list could not be read: ${describeError(e)}`);
    return undefined;
  }
}

/** The webview's buttons, bound to the same functions as the commands; the token is looked up again first. */
function tokenActions(services: Services): TokenDetailsActions {
  const targetOf = (target: TokenDetailsTarget): Promise<TokenTarget> => {
    const instanceName = requireInstance(services, target.instanceName).name;
    return resolveToken(services, { instanceName, tokenId: target.token.id }, '', anyToken);
  };
  return {
    renew: async (target) => renewToken(services, await targetOf(target)),
    delete: async (target) => deleteToken(services, await targetOf(target)),
    checkExpiry: async (target) => checkTokenExpiry(services, await targetOf(target)),
    stillListed: async (target) => {
      const instance = requireInstance(services, target.instanceName);
      return (await services.data.listTokens(instance)).some(({ token }) => token.id === target.token.id);
    },
    // The panel holds a token created a moment ago by this user: it is not in any list yet.
    useAsCredential: async (target, secret) =>
      useAsCredential(services, { instance: requireInstance(services, target.instanceName), ...target }, secret),
  };
}

function requireInstance(services: Services, name: string): InstanceConfig {
  const instance = services.instances.get(name);
  if (!instance) throw new Error(vscode.l10n.t('The instance "{0}" is no longer configured.', name));
  return instance;
}

export function openTokenDetails(services: Services, target: TokenTarget, secret?: string): void {
  const { instance, token, isOwn } = target;
  TokenDetailsPanel.show(
    services.extensionUri,
    services.settings,
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

/**
 * Name, optional description, validity; then the secret is shown once (clipboard and details panel)
 * and kept nowhere else.
 */
async function createToken(services: Services, arg: unknown): Promise<void> {
  const instance = await resolveInstance(services, arg, vscode.l10n.t('Instance to create the API token on'));
  const request = await askNewToken(vscode.l10n.t('Create API Token on {0}', instance.name));
  // Found as the instance's only valid token, its sign-in token is remembered before a second one exists.
  const listed = services.data.peekMyTokens(instance);
  if (listed) await services.instances.settleSignInToken(instance, listed);
  let created;
  try {
    created = await attempt(
      vscode.l10n.t('Could not create the API token "{0}" on {1}', request.name, instance.name),
      instance,
      () =>
        withCancellableProgress(
          vscode.l10n.t('Creating the API token "{0}" on {1}…', request.name, instance.name),
          (signal) => services.instances.run(instance, (client) => client.createToken(request, { signal })),
        ),
    );
  } finally {
    services.tree.refresh(instance.name);
  }
  const { target, secret, copied } = await showNewToken(services, instance, created);
  const useIt = vscode.l10n.t("Use as this instance's credential");
  const name = shownText(target.token.name);
  const message = copied
    ? vscode.l10n.t('API token "{0}" created and copied to the clipboard. It will not be shown again.', name)
    : vscode.l10n.t('API token "{0}" created. Copy it from the details panel now: it will not be shown again.', name);
  const choice = await vscode.window.showInformationMessage(inertMessage(message), useIt);
  if (choice === useIt) await useAsCredential(services, target, secret);
}

/**
 * A new token's secret, shown this once: in its details panel, and on the clipboard when the setting
 * says so (`copied`). After Create and after a rotation alike.
 */
export async function showNewToken(
  services: Services,
  instance: InstanceConfig,
  created: CreatedToken,
): Promise<{ target: TokenTarget; secret: string; copied: boolean }> {
  const { secret, ...token } = created;
  const copied = services.settings.copyNewTokenToClipboard();
  if (copied) await vscode.env.clipboard.writeText(secret);
  const target: TokenTarget = { instance, token, isOwn: true };
  openTokenDetails(services, target, secret);
  return { target, secret, copied };
}
