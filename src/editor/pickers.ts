// What a command acts on: the tree node it was started from, an instance name (keybindings, other
// extensions), or, from the command palette, a quick pick.
import * as vscode from 'vscode';
import { describeError, isKantegaError } from '../core/errors';
import { describeExpiry, formatDateTime, formatRelativeTime } from '../core/format';
import type { InstanceConfig } from '../core/instanceConfig';
import type { ApiToken, CallOptions, Snapshot } from '../core/model';
import { otherUsersTokens, sortByExpiry } from '../core/tokenList';
import type { Services } from './services';
import { snapshotLabel } from './tree/snapshotNode';

/** Anything a command may receive that names an instance. */
export function instanceOf(services: Services, arg: unknown): InstanceConfig | undefined {
  if (typeof arg === 'string') return services.instances.get(arg);
  if (arg && typeof arg === 'object' && 'instance' in arg) {
    const instance = (arg as { instance?: InstanceConfig }).instance;
    // The settings may have changed since the node was drawn: use the current configuration.
    if (instance) return services.instances.get(instance.name);
  }
  return undefined;
}

/** The instance from the argument, or asked with a quick pick. Undefined when dismissed or none exist. */
export async function resolveInstance(
  services: Services,
  arg: unknown,
  placeHolder: string,
): Promise<InstanceConfig | undefined> {
  return instanceOf(services, arg) ?? pickInstance(services, placeHolder);
}

async function pickInstance(services: Services, placeHolder: string): Promise<InstanceConfig | undefined> {
  const instances = services.instances.list();
  if (!instances.length) {
    const add = vscode.l10n.t('Add Instance');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t('No Kantega SSO instances are configured yet.'),
      add,
    );
    if (choice === add) await vscode.commands.executeCommand('kantegaSso.addInstance');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    instances.map((instance) => ({
      label: instance.name,
      description: instance.environment === 'production' ? 'PRODUCTION' : instance.environment,
      detail: `${instance.username ? `${instance.username} @ ` : ''}${instance.baseUrl}`,
      instance,
    })),
    { title: vscode.l10n.t('Kantega SSO instance'), placeHolder, matchOnDetail: true },
  );
  return picked?.instance;
}

/**
 * A quick pick that shows itself at once (busy) while its items load; hiding it cancels the load.
 * Load errors are shown as an error message and resolve to undefined.
 */
async function loadingPick<T extends vscode.QuickPickItem>(
  title: string,
  placeholder: string,
  load: (options: CallOptions) => Promise<T[]>,
  emptyMessage: string,
): Promise<T | undefined> {
  const pick = vscode.window.createQuickPick<T>();
  pick.title = title;
  pick.placeholder = placeholder;
  pick.busy = true;
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  const controller = new AbortController();
  return new Promise<T | undefined>((resolve) => {
    let chosen: T | undefined;
    const disposables = [
      pick.onDidAccept(() => {
        chosen = pick.selectedItems[0] ?? pick.activeItems[0];
        if (chosen) pick.hide();
      }),
      pick.onDidHide(() => {
        controller.abort();
        for (const disposable of disposables) disposable.dispose();
        pick.dispose();
        resolve(chosen);
      }),
    ];
    pick.show();
    load({ signal: controller.signal }).then(
      (items) => {
        pick.busy = false;
        if (!items.length) {
          pick.hide();
          void vscode.window.showInformationMessage(emptyMessage);
          return;
        }
        pick.items = items;
      },
      (e: unknown) => {
        if (controller.signal.aborted || (isKantegaError(e) && e.kind === 'cancelled')) return;
        pick.hide();
        void vscode.window.showErrorMessage(vscode.l10n.t('{0}: {1}', title, describeError(e)));
      },
    );
  });
}

export async function pickSnapshot(
  services: Services,
  instance: InstanceConfig,
  placeholder: string,
): Promise<Snapshot | undefined> {
  const picked = await loadingPick(
    vscode.l10n.t('Snapshots of {0}', instance.name),
    placeholder,
    async (options) => {
      const snapshots = await services.instances.run(instance, (client) => client.listSnapshots(options));
      const now = Date.now();
      // The client lists snapshots newest first.
      return snapshots.map((snapshot) => ({
        label: snapshotLabel(snapshot),
        description:
          snapshot.timeMillis !== undefined
            ? `${formatRelativeTime(snapshot.timeMillis, now)} · ${formatDateTime(snapshot.timeMillis)}`
            : undefined,
        detail: `${snapshot.id}${snapshot.readable ? '' : ` · ${vscode.l10n.t('unreadable')}`}`,
        snapshot,
      }));
    },
    vscode.l10n.t('{0} has no snapshots yet.', instance.name),
  );
  return picked?.snapshot;
}

export interface PickedToken {
  readonly token: ApiToken;
  readonly isOwn: boolean;
}

/**
 * The instance's tokens to choose from: the user's own, and for a system administrator (when
 * `includeOthers`) every other user's too. `requireId` leaves out tokens the server sent without an id.
 */
export async function pickToken(
  services: Services,
  instance: InstanceConfig,
  placeholder: string,
  options: { includeOthers: boolean; requireId: boolean },
): Promise<PickedToken | undefined> {
  type TokenItem = vscode.QuickPickItem & { choice?: PickedToken };
  const picked = await loadingPick<TokenItem>(
    vscode.l10n.t('API tokens on {0}', instance.name),
    placeholder,
    async (callOptions) => {
      const [mine, all] = await Promise.all([
        services.instances.run(instance, (client) => client.listMyTokens(callOptions)),
        options.includeOthers
          ? services.instances
              .run(instance, (client) => client.listAllTokens(callOptions))
              .catch((e: unknown) => {
                if (isKantegaError(e) && (e.kind === 'forbidden' || e.kind === 'unauthorized')) return [];
                throw e;
              })
          : Promise.resolve([]),
      ]);
      const now = Date.now();
      const usable = (token: ApiToken) => !options.requireId || (token.actionable && token.id !== undefined);
      const item = (token: ApiToken, isOwn: boolean): TokenItem => ({
        label: token.name,
        description: describeExpiry(token, now),
        detail:
          [token.username, token.id !== undefined ? `id ${token.id}` : undefined].filter(Boolean).join(' · ') ||
          undefined,
        choice: { token, isOwn },
      });
      const items: TokenItem[] = sortByExpiry(mine)
        .filter(usable)
        .map((token) => item(token, true));
      const otherItems = sortByExpiry(otherUsersTokens(all, mine, instance.username))
        .filter(usable)
        .map((token) => item(token, false));
      if (items.length && otherItems.length) {
        items.unshift({ label: vscode.l10n.t('My API Tokens'), kind: vscode.QuickPickItemKind.Separator });
        items.push({ label: vscode.l10n.t("Other users' tokens"), kind: vscode.QuickPickItemKind.Separator });
      }
      return [...items, ...otherItems];
    },
    vscode.l10n.t('{0} has no API tokens to choose from.', instance.name),
  );
  return picked?.choice;
}
