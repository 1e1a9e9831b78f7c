// The identity-provider family of the API (`ksso/api/idp/1.0`): where its resources are, what a
// managed group's name may be, and what its answers decode to. Every value in them is server text:
// ids go into paths only after isSafePathSegment, names are shown only through displayText.
import * as l10n from '@vscode/l10n';
import { isKantegaError } from '../errors';
import { isJsonObject } from '../json';
import type { IdentityProvider } from '../model';
import { isBlankText } from '../text/displayText';
import { badResponse, type DecodeContext } from './decode';
import { isSafePathSegment } from './pathSegment';

const IDP_API = '/rest/ksso/api/idp/1.0';
export const IDENTITY_PROVIDERS_PATH = `${IDP_API}/idp/ids`;

/** The managed groups of one IdP; the caller has checked `idpId` with isSafePathSegment. */
export function managedGroupsPath(idpId: string): string {
  return `${IDP_API}/managedgroups/${encodeURIComponent(idpId)}/groups`;
}

/**
 * One managed group: GET checks it (204 managed, 404 not), POST adds it. The vendor's page gives
 * the add two paths: its heading says `managedgroups`, its example `…/idp/1.0/<idpid>/groups/<name>`
 * (the single-group GET's example drops `managedgroups/` the same way). This is the one consistent
 * with the documented GETs; a 404/405 here means "not offered", never a reason to try the other path
 * on a production server.
 */
export function managedGroupPath(idpId: string, group: string): string {
  return `${managedGroupsPath(idpId)}/${encodeURIComponent(group)}`;
}

/**
 * Why the family gave nothing, where that is a state to show rather than a fault: a user who is not
 * a system administrator, or a Kantega SSO version without the family. Undefined for anything else.
 */
export type IdpApiState = 'forbidden' | 'notOffered';

export function idpApiState(e: unknown): IdpApiState | undefined {
  return isKantegaError(e) && (e.kind === 'forbidden' || e.kind === 'notOffered') ? e.kind : undefined;
}

/** Atlassian's group names are at most 255 characters (Crowd's column). */
export const MAX_MANAGED_GROUP_NAME_LENGTH = 255;

export type ManagedGroupNameProblem = 'blank' | 'controlCharacters' | 'pathCharacters' | 'tooLong';

/**
 * What is wrong with a group name as typed (it is used trimmed), or undefined. Invisible and bidi
 * characters are refused: the name confirmed must be the name added. So are names the API cannot
 * carry in its path (`.`, `..`, slashes).
 */
export function managedGroupNameProblem(typed: string): ManagedGroupNameProblem | undefined {
  const name = typed.trim();
  if (isBlankText(name)) return 'blank';
  if (name.length > MAX_MANAGED_GROUP_NAME_LENGTH) return 'tooLong';
  if (/[/\\]/.test(name) || name === '.' || name === '..') return 'pathCharacters';
  if (
    !isSafePathSegment(name) ||
    /[\u00a0\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]/.test(name)
  ) {
    return 'controlCharacters';
  }
  return undefined;
}

/** Ids and names as text: a broken server may send numbers; anything else is not usable. */
function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/**
 * The IdP list, in the server's order. Records without a usable id are left out (and counted), as
 * are repeats of an id already listed: the tree and the commands address an IdP by its id.
 */
export function decodeIdentityProviders(value: unknown, ctx: DecodeContext): IdentityProvider[] {
  if (!Array.isArray(value)) {
    throw badResponse(ctx, 'body', l10n.t("the server's answer is not a list of identity providers"));
  }
  const seen = new Set<string>();
  const providers: IdentityProvider[] = [];
  for (const raw of value) {
    if (!isJsonObject(raw)) continue;
    const id = asText(raw.id);
    if (id === undefined || isBlankText(id) || seen.has(id)) continue;
    seen.add(id);
    const name = asText(raw.name);
    providers.push({ id, name: name !== undefined && !isBlankText(name) ? name : id });
  }
  if (providers.length < value.length) ctx.onSkipped?.(value.length - providers.length);
  return providers;
}

/**
 * An IdP's managed groups as the server lists them (repeats kept: the server may list a group once
 * per claim mapping). Blank names and non-text entries are left out and counted. Checking is all a
 * decoder does here: 10,000 names are read in about the time JSON.parse takes; sorting, which costs
 * several times that, is done where a list is shown (sortedGroupNames).
 */
export function decodeManagedGroups(value: unknown, ctx: DecodeContext): string[] {
  if (!Array.isArray(value)) throw badResponse(ctx, 'body', l10n.t("the server's answer is not a list of group names"));
  const names: string[] = [];
  for (const raw of value) {
    // The string test first, inline: asText does it too, but the call measurably costs at 10,000 names.
    const name = typeof raw === 'string' ? raw : asText(raw);
    if (name !== undefined && !isBlankText(name)) names.push(name);
  }
  if (names.length < value.length) ctx.onSkipped?.(value.length - names.length);
  return names;
}

/**
 * Group names once each, in code-unit order: the same order in every window and on every instance,
 * so that two lists compare line by line (and a tree row per name has a unique id).
 */
export function sortedGroupNames(groups: readonly string[]): string[] {
  return [...new Set(groups)].sort();
}
