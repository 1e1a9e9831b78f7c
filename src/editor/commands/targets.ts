// What a command acts on, resolved in one place. A command may be handed a tree node, an instance
// name (keybindings, other extensions), `{ instanceName, snapshotId }` / `{ instanceName, tokenId }` /
// `{ instanceName, idpId }`, or nothing (the palette: then it asks). Whatever it was handed, only
// names and ids are taken from it: the instance comes from the settings and the snapshot, token or
// identity provider from the server's list, so a forged argument cannot make a confirmation name
// one thing and the request touch another.
import * as vscode from 'vscode';
import type { InstanceConfig } from '../../core/instanceConfig';
import type { ApiToken, IdentityProvider, Snapshot } from '../../core/model';
import { pickIdentityProvider, pickInstance, pickSnapshot, pickToken } from '../input/pickers';
import type { Services } from '../services';

export interface SnapshotTarget {
  readonly instance: InstanceConfig;
  readonly snapshot: Snapshot;
}

export interface TokenTarget {
  readonly instance: InstanceConfig;
  readonly token: ApiToken;
  /** The token belongs to the instance's configured user: the user endpoints apply. */
  readonly isOwn: boolean;
}

/** The names and ids in a command argument; anything else in it is ignored. */
export interface TargetRef {
  readonly instanceName?: string;
  readonly snapshotId?: string;
  readonly tokenId?: number;
  readonly idpId?: string;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value : undefined;
}

/** Reads a command argument: a name, a tree node (`.instance.name`, `.snapshot.id`, `.token.id`, `.idp.id`), or ids. */
export function targetRef(arg: unknown): TargetRef {
  if (typeof arg === 'string') return { instanceName: text(arg) };
  const instanceName = text(field(arg, 'instanceName')) ?? text(field(field(arg, 'instance'), 'name'));
  const snapshotId = text(field(arg, 'snapshotId')) ?? text(field(field(arg, 'snapshot'), 'id'));
  const rawTokenId = field(arg, 'tokenId') ?? field(field(arg, 'token'), 'id');
  const tokenId = typeof rawTokenId === 'number' && Number.isSafeInteger(rawTokenId) ? rawTokenId : undefined;
  const idpId = text(field(arg, 'idpId')) ?? text(field(field(arg, 'idp'), 'id'));
  return { instanceName, snapshotId, tokenId, idpId };
}

/** The configured instance named in the argument, or asked for. */
export async function resolveInstance(services: Services, arg: unknown, placeholder: string): Promise<InstanceConfig> {
  const { instanceName } = targetRef(arg);
  return instanceName ? namedInstance(services, instanceName) : pickInstance(services, placeholder);
}

function namedInstance(services: Services, name: string): InstanceConfig {
  const instance = services.instances.get(name);
  if (!instance) {
    throw new Error(vscode.l10n.t('No Kantega SSO instance named "{0}" is configured.', name));
  }
  return instance;
}

/** The snapshot named by id in the argument, looked up again on its instance; else asked for. */
export async function resolveSnapshot(services: Services, arg: unknown, placeholder: string): Promise<SnapshotTarget> {
  const ref = targetRef(arg);
  const instance = ref.instanceName
    ? namedInstance(services, ref.instanceName)
    : await pickInstance(services, vscode.l10n.t('Instance of the snapshot'));
  if (!ref.snapshotId) return { instance, snapshot: await pickSnapshot(services, instance, placeholder) };
  const snapshot = await services.data.lookupSnapshot(instance, ref.snapshotId);
  if (!snapshot) {
    throw new Error(
      vscode.l10n.t(
        '{0} has no snapshot with the id "{1}" (any more): refresh to see its snapshots.',
        instance.name,
        ref.snapshotId,
      ),
    );
  }
  return { instance, snapshot };
}

export interface TokenChoice {
  /** Offer other users' tokens too (a system administrator sees them). */
  readonly includeOthers: boolean;
  /** Only tokens the server can address (they have an id). */
  readonly requireId: boolean;
}

/** The token named by id in the argument, looked up again on its instance; else asked for. */
export async function resolveToken(
  services: Services,
  arg: unknown,
  placeholder: string,
  choice: TokenChoice,
): Promise<TokenTarget> {
  const ref = targetRef(arg);
  const instance = ref.instanceName
    ? namedInstance(services, ref.instanceName)
    : await pickInstance(services, vscode.l10n.t('Instance of the API token'));
  if (ref.tokenId === undefined) return { instance, ...(await pickToken(services, instance, placeholder, choice)) };
  const found = await services.data.lookupToken(instance, ref.tokenId);
  if (!found || (!found.isOwn && !choice.includeOthers)) {
    throw new Error(
      vscode.l10n.t(
        '{0} lists no API token {1} of yours (any more): refresh to see the tokens.',
        instance.name,
        ref.tokenId,
      ),
    );
  }
  return { instance, ...found };
}

/**
 * The identity provider named by id in the argument, looked up again on `instance` (`fresh`: from
 * the server, before a change); else asked for.
 */
export async function resolveIdentityProvider(
  services: Services,
  instance: InstanceConfig,
  arg: unknown,
  placeholder: string,
  options: { readonly fresh: boolean },
): Promise<IdentityProvider> {
  const { idpId } = targetRef(arg);
  if (idpId === undefined) return pickIdentityProvider(services, instance, placeholder);
  const idp = await services.data.lookupIdentityProvider(instance, idpId, options);
  if (!idp) {
    throw new Error(
      vscode.l10n.t(
        '{0} has no identity provider with the id "{1}" (any more): refresh to see its identity providers.',
        instance.name,
        idpId,
      ),
    );
  }
  return idp;
}
