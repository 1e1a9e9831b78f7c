// The fleet inventory's facts about one instance, from what the cache holds or loads: the status
// check, the content an expanded instance loads (snapshots, tokens, identity providers) and each
// identity provider's managed groups. Nothing else is asked: what the tree loaded is not asked
// again, and nothing is taken or changed. Plain TypeScript (no `vscode`): tested directly, and
// measured by the bench.
import { upgradeBackupOf } from '../../core/api/upgradeBackup';
import { signInToken } from '../../core/fleet/expiryAlerts';
import type {
  IdpFacts,
  InstanceFacts,
  InventoryStatus,
  Known,
  SnapshotsFacts,
  TokenFacts,
  UnknownReason,
} from '../../core/fleet/inventory';
import type { InstanceConfig } from '../../core/instanceConfig';
import type { ApiToken, Snapshot } from '../../core/model';
import { expiryUrgency } from '../../core/text/format';
import type { IdpLoaded, InstanceContent, InstanceDataCache, InstanceStatus, Loaded } from './instanceData';

/** What the facts need besides the cache: which token an instance signs in with. */
export interface InventorySource {
  readonly data: InstanceDataCache;
  /** The id of the API token the instance signs in with, when the extension stored that token. */
  signInTokenId(instance: InstanceConfig): number | undefined;
}

export interface FactsOptions {
  readonly now: number;
  readonly warningDays: number;
}

/** The source every view of the inventory's facts uses: the shared cache, and the registry's sign-in token ids. */
export function inventorySource(services: {
  readonly data: InstanceDataCache;
  readonly instances: { signInTokenId(instance: InstanceConfig): number | undefined };
}): InventorySource {
  return { data: services.data, signInTokenId: (instance) => services.instances.signInTokenId(instance) };
}

/** The facts' options as the settings say now (the token warning window). */
export function factsOptions(settings: { expiryWarningDays(): number }): FactsOptions {
  return { now: Date.now(), warningDays: settings.expiryWarningDays() };
}

function inventoryStatus(status: InstanceStatus | undefined): InventoryStatus {
  return status?.kind ?? 'checking';
}

const unknown = (reason: UnknownReason, message?: string): Known<never> => ({
  known: false,
  reason,
  ...(message !== undefined ? { message } : {}),
});

/** Why a list the cache failed to load is not known: refused (not a system administrator) or failed. */
function notLoaded(list: Extract<Loaded<unknown>, { ok: false }>): Known<never> {
  return unknown(list.forbidden ? 'forbidden' : 'failed', list.message);
}

function fromLoaded<T, R>(list: Loaded<T>, map: (value: T) => R): Known<R> {
  return list.ok ? { known: true, value: map(list.value) } : notLoaded(list);
}

function fromIdpLoaded<T, R>(list: IdpLoaded<T>, map: (value: T) => R): Known<R> {
  if (list.ok) return { known: true, value: map(list.value) };
  return list.state === 'failed' ? unknown('failed', list.message) : unknown(list.state);
}

/** The newest snapshot (by time; one without a time counts as oldest) and the newest upgrade backup. */
export function snapshotsFacts(snapshots: readonly Snapshot[]): SnapshotsFacts {
  let newest: Snapshot | undefined;
  let backup: Snapshot | undefined;
  const later = (a: Snapshot, b: Snapshot | undefined) =>
    !b || (a.timeMillis ?? -Infinity) > (b.timeMillis ?? -Infinity);
  for (const snapshot of snapshots) {
    if (later(snapshot, newest)) newest = snapshot;
    if (upgradeBackupOf(snapshot) && later(snapshot, backup)) backup = snapshot;
  }
  const upgrade = backup ? upgradeBackupOf(backup) : undefined;
  return {
    count: snapshots.length,
    ...(newest
      ? {
          newest: {
            takenAt: newest.timeMillis,
            applicationName: newest.applicationName,
            applicationVersion: newest.applicationVersion,
            pluginVersion: newest.pluginVersion,
            baseUrl: newest.baseUrl,
          },
        }
      : {}),
    ...(backup && upgrade ? { upgradeBackup: { ...upgrade, takenAt: backup.timeMillis } } : {}),
  };
}

/** Counts of everyone's tokens (a system administrator) or the user's own, and the sign-in token. */
export function tokenFacts(
  instance: InstanceConfig,
  content: InstanceContent,
  signInTokenId: number | undefined,
  options: FactsOptions,
): Known<TokenFacts> {
  const everyone = content.allTokens !== 'hidden' && content.allTokens.ok ? content.allTokens.value : undefined;
  if (!everyone && !content.myTokens.ok) return notLoaded(content.myTokens);
  const mine = content.myTokens.ok ? content.myTokens.value : undefined;
  const listed: readonly ApiToken[] = everyone ?? mine ?? [];
  let expired = 0;
  let expiring = 0;
  let neverExpiring = 0;
  for (const token of listed) {
    const urgency = expiryUrgency(token, options.now, options.warningDays);
    if (urgency === 'expired') expired++;
    else if (urgency === 'soon') expiring++;
    else if (urgency === 'never') neverExpiring++;
  }
  const signsInWithApiToken = instance.auth === 'apiToken';
  const signIn = mine
    ? signInToken(
        {
          name: instance.name,
          baseUrl: instance.baseUrl,
          signsInWithApiToken,
          signInTokenId,
          state: 'online',
          myTokens: mine,
        },
        options.now,
      )
    : undefined;
  return {
    known: true,
    value: {
      scope: everyone ? 'everyone' : 'own',
      total: listed.length,
      expired,
      expiring,
      neverExpiring,
      signsInWithApiToken,
      ...(signIn
        ? {
            signInToken: {
              name: signIn.name,
              ...(signIn.expiresAt !== undefined ? { expiresAt: signIn.expiresAt } : {}),
              neverExpires: signIn.neverExpires,
              urgency: expiryUrgency(signIn, options.now, options.warningDays),
            },
          }
        : {}),
    },
  };
}

function offlineFacts(instance: InstanceConfig, status: InstanceStatus | undefined): InstanceFacts {
  const reason: UnknownReason = status === undefined || status.kind === 'checking' ? 'loading' : 'offline';
  return {
    name: instance.name,
    ...(instance.environment ? { environment: instance.environment } : {}),
    baseUrl: instance.baseUrl,
    status: inventoryStatus(status),
    ...(status && 'message' in status ? { statusMessage: status.message } : {}),
    snapshots: unknown(reason),
    tokens: unknown(reason),
    identityProviders: unknown(reason),
  };
}

function onlineFacts(
  source: InventorySource,
  instance: InstanceConfig,
  status: Extract<InstanceStatus, { kind: 'online' }>,
  content: InstanceContent | undefined,
  groupsOf: (idpId: string) => IdpLoaded<string[]> | undefined,
  options: FactsOptions,
): InstanceFacts {
  const identityProviders: Known<readonly IdpFacts[]> = content
    ? fromIdpLoaded(content.identityProviders, (idps) =>
        idps.map((idp) => {
          const groups = groupsOf(idp.id);
          return {
            id: idp.id,
            name: idp.name,
            groups: groups ? fromIdpLoaded(groups, (names) => names) : unknown('loading'),
          };
        }),
      )
    : unknown('loading');
  return {
    name: instance.name,
    ...(instance.environment ? { environment: instance.environment } : {}),
    baseUrl: instance.baseUrl,
    status: 'online',
    clockSkewMs: status.ping.clockSkewMs,
    snapshots: content ? fromLoaded(content.snapshots, snapshotsFacts) : unknown('loading'),
    tokens: content ? tokenFacts(instance, content, source.signInTokenId(instance), options) : unknown('loading'),
    identityProviders,
  };
}

/** What is known of the instance now, without asking anything: for drawing while the rest loads. */
export function knownInstanceFacts(
  source: InventorySource,
  instance: InstanceConfig,
  options: FactsOptions,
): InstanceFacts {
  const status = source.data.peekStatus(instance);
  if (status?.kind !== 'online') return offlineFacts(instance, status);
  const content = source.data.peekContent(instance);
  return onlineFacts(source, instance, status, content, (id) => source.data.peekManagedGroups(instance, id), options);
}

/**
 * Everything the inventory shows of the instance, loading what is not loaded yet: its status, then
 * (online) its content, then each identity provider's managed groups. The cache's requests for one
 * server take turns; different servers are asked at once.
 */
export async function loadInstanceFacts(
  source: InventorySource,
  instance: InstanceConfig,
  options: FactsOptions,
): Promise<InstanceFacts> {
  const status = await source.data.status(instance);
  if (status.kind !== 'online') return offlineFacts(instance, status);
  const content = await source.data.content(instance);
  const groups = new Map<string, IdpLoaded<string[]>>();
  if (content.identityProviders.ok) {
    await Promise.all(
      content.identityProviders.value.map(async (idp) =>
        groups.set(idp.id, await source.data.managedGroups(instance, idp.id)),
      ),
    );
  }
  return onlineFacts(source, instance, status, content, (id) => groups.get(id), options);
}
