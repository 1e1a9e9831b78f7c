// Quick picks for what a command acts on when it was not started from the tree. Each resolves to
// the choice or throws UserCancelled when dismissed; a failed load is thrown to the command layer.
import * as vscode from 'vscode';
import { describeError } from '../../core/errors';
import { formatDateTime, formatRelativeTime, describeExpiry } from '../../core/text/format';
import { ENVIRONMENTS, isProduction, type InstanceConfig } from '../../core/instanceConfig';
import type { ApiToken, CallOptions, IdentityProvider, Snapshot } from '../../core/model';
import { sortByExpiry } from '../../core/api/tokenList';
import { upgradeBackupOf } from '../../core/api/upgradeBackup';
import { TokenSearch, type TokenSearchEntry } from '../../core/fleet/tokenSearch';
import { PAGE_SIZE } from '../../core/text/displayText';
import { cancel, required, UserCancelled } from '../cancellation';
import type { Services } from '../services';
import type { ListedToken } from '../state/instanceData';
import { environmentLabel, inertMessage, pickText, shownText } from '../ui';

/** Find Token's rows at a time: enough to scroll, few enough to cross to the workbench on every key. */
const FIND_TOKEN_ROWS = PAGE_SIZE;

/** The configured instances; when there are none, says so, offers Add Instance, and ends the command. */
export async function requireInstances(services: Services): Promise<InstanceConfig[]> {
  const instances = services.instances.list();
  if (instances.length) return instances;
  const add = vscode.l10n.t('Add Instance');
  const choice = await vscode.window.showInformationMessage(
    vscode.l10n.t('No Kantega SSO instances are configured yet.'),
    add,
  );
  if (choice === add) await vscode.commands.executeCommand('kantegaSso.addInstance');
  return cancel();
}

export async function pickInstance(services: Services, placeHolder: string): Promise<InstanceConfig> {
  const instances = await requireInstances(services);
  const picked = await vscode.window.showQuickPick(
    instances.map((instance) => instancePickItem(instance)),
    { title: vscode.l10n.t('Kantega SSO instance'), placeHolder: inertMessage(placeHolder), matchOnDetail: true },
  );
  return picked?.instance ?? cancel();
}

/** An instance as a quick pick row: name, environment (production marked), user and address. */
export function instancePickItem(instance: InstanceConfig): vscode.QuickPickItem & { instance: InstanceConfig } {
  return {
    label: instance.name,
    description: environmentLabel(instance),
    detail: `${instance.username ? `${instance.username} @ ` : ''}${instance.baseUrl}`,
    iconPath: isProduction(instance) ? new vscode.ThemeIcon('warning') : undefined,
    instance,
  };
}

/**
 * Several instances, grouped by environment (production first and marked), for a fleet command;
 * dismissed or none ticked ends the command.
 */
export async function pickInstances(
  instances: readonly InstanceConfig[],
  title: string,
  placeHolder: string,
): Promise<InstanceConfig[]> {
  type InstanceItem = vscode.QuickPickItem & { readonly instance?: InstanceConfig };
  const order = (instance: InstanceConfig) => {
    const index = instance.environment ? ENVIRONMENTS.indexOf(instance.environment) : -1;
    return index < 0 ? ENVIRONMENTS.length : index;
  };
  const sorted = [...instances].sort((a, b) => order(a) - order(b) || a.name.localeCompare(b.name));
  const items: InstanceItem[] = [];
  let group: string | undefined;
  for (const instance of sorted) {
    const label = environmentLabel(instance) ?? vscode.l10n.t('no environment');
    if (label !== group) items.push({ label, kind: vscode.QuickPickItemKind.Separator });
    group = label;
    items.push(instancePickItem(instance));
  }
  const picked = required(
    await vscode.window.showQuickPick(items, {
      title: inertMessage(title),
      placeHolder: inertMessage(placeHolder),
      canPickMany: true,
      matchOnDescription: true,
      matchOnDetail: true,
    }),
  );
  const chosen = picked.flatMap((item) => (item.instance ? [item.instance] : []));
  return chosen.length ? chosen : cancel();
}

/** Rows the extension makes from what the person types, rather than all of them for VS Code to filter. */
interface SearchRows<T> {
  /** Nothing to search and nothing to say: the pick closes with the empty message. */
  readonly empty: boolean;
  /** The rows for the typed text, and what the title adds (how many of how many are shown). */
  search(query: string): { readonly items: T[]; readonly note?: string };
}

/**
 * A quick pick that shows itself at once (busy) while its items load; hiding it cancels the load.
 * `load` may say how far it got (shown in the title while busy). Resolves to the chosen item;
 * rejects with UserCancelled when dismissed, or with the load's error.
 */
export function loadingPick<T extends vscode.QuickPickItem>(
  title: string,
  placeholder: string,
  load: (options: CallOptions, report: (note: string) => void) => Promise<T[] | SearchRows<T>>,
  /** Said when the load found nothing (a function: made once the load has run). */
  emptyMessage: string | (() => string),
): Promise<T> {
  const pick = vscode.window.createQuickPick<T>();
  pick.title = title;
  pick.placeholder = placeholder;
  pick.busy = true;
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  const controller = new AbortController();
  const subscriptions: vscode.Disposable[] = [];
  return new Promise<T>((resolve, reject) => {
    let outcome: { chosen: T } | { error: unknown } | undefined;
    const disposables = [
      pick.onDidAccept(() => {
        const chosen = pick.selectedItems[0] ?? pick.activeItems[0];
        if (!chosen) return;
        outcome = { chosen };
        pick.hide();
      }),
      pick.onDidHide(() => {
        controller.abort();
        for (const disposable of [...disposables, ...subscriptions]) disposable.dispose();
        pick.dispose();
        if (outcome && 'chosen' in outcome) resolve(outcome.chosen);
        else reject(outcome?.error ?? new UserCancelled());
      }),
    ];
    pick.show();
    const report = (note: string) => {
      if (pick.busy) pick.title = `${title} (${note})`;
    };
    load({ signal: controller.signal }, report).then(
      (rows) => {
        pick.busy = false;
        pick.title = title;
        if (Array.isArray(rows) ? !rows.length : rows.empty) {
          pick.hide();
          const message = typeof emptyMessage === 'string' ? emptyMessage : emptyMessage();
          void vscode.window.showInformationMessage(inertMessage(message));
          return;
        }
        if (Array.isArray(rows)) {
          pick.items = rows;
          return;
        }
        // The rows are ours to filter: VS Code's filter would match the label alone.
        pick.matchOnDescription = false;
        pick.matchOnDetail = false;
        const show = () => {
          const { items, note } = rows.search(pick.value);
          pick.title = note ? `${title} (${note})` : title;
          pick.items = items;
        };
        subscriptions.push(pick.onDidChangeValue(show));
        show();
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        outcome = { error };
        pick.hide();
      },
    );
  });
}

export async function pickSnapshot(
  services: Services,
  instance: InstanceConfig,
  placeholder: string,
): Promise<Snapshot> {
  const picked = await loadingPick(
    vscode.l10n.t('Snapshots of {0}', instance.name),
    placeholder,
    async (options) => {
      const snapshots = await services.instances.run(instance, (client) => client.listSnapshots(options));
      services.data.rememberSnapshots(instance, snapshots);
      const now = Date.now();
      // The client lists snapshots newest first.
      return snapshots.map((snapshot) => ({
        label: pickText(snapshot.description),
        description: [
          upgradeBackupOf(snapshot) && vscode.l10n.t('$(arrow-circle-up) upgrade backup'),
          snapshot.timeMillis !== undefined
            ? `${formatRelativeTime(snapshot.timeMillis, now)} · ${formatDateTime(snapshot.timeMillis)}`
            : undefined,
        ]
          .filter(Boolean)
          .join(' · '),
        detail: pickText(`${snapshot.id}${snapshot.readable ? '' : ` · ${vscode.l10n.t('unreadable')}`}`),
        snapshot,
      }));
    },
    vscode.l10n.t('{0} has no snapshots yet.', instance.name),
  );
  return picked.snapshot;
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
): Promise<ListedToken> {
  type TokenItem = vscode.QuickPickItem & { choice?: ListedToken };
  const picked = await loadingPick<TokenItem>(
    vscode.l10n.t('API tokens on {0}', instance.name),
    placeholder,
    async (callOptions) => {
      const { mine, others } = await services.data.loadTokens(instance, {
        ...callOptions,
        includeOthers: options.includeOthers,
      });
      const now = Date.now();
      const usable = (token: ApiToken) => !options.requireId || (token.actionable && token.id !== undefined);
      const item = (token: ApiToken, isOwn: boolean): TokenItem => ({
        label: pickText(token.name),
        description: describeExpiry(token, now),
        detail:
          [token.username && pickText(token.username), token.id !== undefined ? `id ${token.id}` : undefined]
            .filter(Boolean)
            .join(' · ') || undefined,
        choice: { token, isOwn },
      });
      const items: TokenItem[] = sortByExpiry(mine)
        .filter(usable)
        .map((token) => item(token, true));
      const otherItems = sortByExpiry(others)
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
  return picked.choice ?? cancel();
}

export interface FoundToken extends ListedToken {
  readonly instance: InstanceConfig;
}

/** A count with its digits grouped as the display language does (12,345). */
function count(n: number): string {
  try {
    return n.toLocaleString(vscode.env.language);
  } catch {
    return String(n);
  }
}

/**
 * One pick over the tokens of every instance (everyone's where the user is a system administrator),
 * matching name, owner, instance and expiry. Instances that could not be listed are named in the
 * list with the reason, so a missing token is not mistaken for a deleted one. The rows are made from
 * what the person types, a page at a time: a fleet's 50,000 tokens never cross to the workbench.
 */
export async function pickTokenAcrossInstances(services: Services, instances: InstanceConfig[]): Promise<FoundToken> {
  type FoundItem = vscode.QuickPickItem & { found?: FoundToken };
  const picked = await loadingPick<FoundItem>(
    vscode.l10n.t('Find Token'),
    vscode.l10n.t('Type part of a token name, owner, instance or expiry'),
    async (options) => {
      const now = Date.now();
      const lists = await Promise.allSettled(instances.map((instance) => services.data.listTokens(instance, options)));
      const entries: Array<TokenSearchEntry<FoundToken>> = [];
      const problems: FoundItem[] = [];
      lists.forEach((list, index) => {
        const instance = instances[index];
        if (list.status === 'rejected') {
          const reason = pickText(describeError(list.reason));
          problems.push({ label: `$(warning) ${pickText(instance.name)}`, description: reason, alwaysShow: true });
          return;
        }
        for (const { token, isOwn } of list.value) {
          entries.push({
            name: shownText(token.name),
            instanceName: shownText(instance.name),
            owner: token.username !== undefined ? shownText(token.username) : undefined,
            expiry: describeExpiry(token, now),
            value: { instance, token, isOwn },
          });
        }
      });
      if (problems.length) {
        problems.unshift({ label: vscode.l10n.t('Could not list'), kind: vscode.QuickPickItemKind.Separator });
      }
      const tokens = new TokenSearch(entries);
      // Shown whatever VS Code's own filter makes of the label: the rows already match.
      const item = (found: FoundToken): FoundItem => ({
        label: pickText(found.token.name),
        description: [pickText(found.instance.name), found.token.username && pickText(found.token.username)]
          .filter(Boolean)
          .join(' · '),
        detail: describeExpiry(found.token, now),
        alwaysShow: true,
        found,
      });
      return {
        empty: !tokens.total && !problems.length,
        search: (query: string) => {
          const { shown, matching, total } = tokens.find(query, FIND_TOKEN_ROWS);
          const note =
            matching > shown.length
              ? vscode.l10n.t('{0} of {1} shown: type more', count(shown.length), count(matching))
              : query.trim() && total
                ? vscode.l10n.t('{0} of {1} match', count(matching), count(total))
                : undefined;
          return { items: [...shown.map(item), ...problems], note };
        },
      };
    },
    vscode.l10n.t('No API tokens on any instance.'),
  );
  return picked.found ?? cancel();
}

/** One of the instance's identity providers, by name (its id beside it: names need not be unique). */
export async function pickIdentityProvider(
  services: Services,
  instance: InstanceConfig,
  placeholder: string,
): Promise<IdentityProvider> {
  const picked = await loadingPick(
    vscode.l10n.t('Identity providers of {0}', instance.name),
    placeholder,
    async (options) => {
      const idps = await services.instances.run(instance, (client) => client.listIdentityProviders(options));
      return idps.map((idp) => ({ label: pickText(idp.name), description: pickText(idp.id), idp }));
    },
    vscode.l10n.t('{0} has no identity providers.', instance.name),
  );
  return picked.idp;
}
