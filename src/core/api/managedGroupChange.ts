// Adding a managed group, the one way both the single and the fleet command do it. The API cannot
// remove a group, so a snapshot taken first is the only undo: the add is sent only once that
// snapshot shows in the list.
import * as l10n from '@vscode/l10n';
import { couldNot, isKantegaError, KantegaError } from '../errors';
import type { CallOptions, ManagedGroupAdd, Snapshot } from '../model';
import { displayText, sentences } from '../text/displayText';
import type { KantegaClient } from './client';
import { takeAndFindSnapshot } from './safetySnapshot';

/** How much of the IdP's and the group's names the snapshot's description repeats. */
const QUOTED_MAX_LENGTH = 100;

/**
 * The safety snapshot's description: one line naming the group and the IdP (server text, shortened).
 * English in every display language, as the snapshots Kantega SSO takes itself: it is stored on the
 * server, where every administrator reads it.
 */
export function managedGroupSnapshotDescription(idpName: string, group: string): string {
  const quote = (text: string) => displayText(text, QUOTED_MAX_LENGTH);
  // Blank parts (not expected, but server text) must not leave double or trailing spaces.
  return `Before adding managed group ${quote(group)} to ${quote(idpName)}`.replace(/ {2,}/g, ' ').trimEnd();
}

export interface ManagedGroupRequest {
  readonly idpId: string;
  /** For the snapshot's description only; the IdP is addressed by its id. */
  readonly idpName: string;
  readonly group: string;
  /** Take a snapshot first (the safetySnapshotBeforeRestore setting). */
  readonly safetySnapshot: boolean;
}

export type ManagedGroupChange =
  /** Managed before anything was changed: no snapshot, no add. */
  | { readonly alreadyManaged: true }
  | ({ readonly alreadyManaged: false; readonly snapshot?: Snapshot } & ManagedGroupAdd);

/**
 * Checks that the group is not managed yet, takes the safety snapshot (and finds it listed), then
 * adds the group and lists again. Throws, with nothing added, when the snapshot fails or does not show.
 */
export async function addManagedGroupSafely(
  client: KantegaClient,
  request: ManagedGroupRequest,
  options: CallOptions = {},
): Promise<ManagedGroupChange> {
  const { idpId, idpName, group } = request;
  if (await managedGroupCheck(client, options)(idpId, group)) return { alreadyManaged: true };
  let snapshot: Snapshot | undefined;
  if (request.safetySnapshot) {
    snapshot = await takeAndFindSnapshot(client, managedGroupSnapshotDescription(idpName, group), options);
    if (!snapshot) {
      throw new KantegaError(
        'badResponse',
        couldNot(
          l10n.t('take the safety snapshot'),
          sentences(
            l10n.t('the server answered, but the new snapshot does not show in the snapshot list.'),
            l10n.t('Nothing was added.'),
            // The setting's title as the Settings editor shows it, in every language (made from its key).
            l10n.t('Take a snapshot by hand, or turn off "{0}" to add without one.', 'Safety Snapshot Before Restore'),
          ),
        ),
      );
    }
  }
  const added = await client.addManagedGroup(idpId, group, options);
  return { alreadyManaged: false, snapshot, ...added };
}

/**
 * Whether a group is managed by an IdP, asked of one client: by the check endpoint (one answer, not a
 * list that may hold 100,000 names), unless the version has none (the vendor's latest page dropped
 * it); then, and for every later question of this check, by the IdP's list.
 */
export function managedGroupCheck(
  client: KantegaClient,
  options: CallOptions = {},
): (idpId: string, group: string) => Promise<boolean> {
  let checkOffered = true;
  return async (idpId, group) => {
    if (checkOffered) {
      try {
        return await client.isManagedGroup(idpId, group, options);
      } catch (e) {
        if (!isKantegaError(e) || e.kind !== 'notOffered') throw e;
        checkOffered = false;
      }
    }
    return (await client.listManagedGroups(idpId, options)).includes(group);
  };
}
