// The snapshot a restore takes first, and the proof that the server took it: a server that answers
// "taken" without taking one (a 204 from a proxy, say) must not lead to a restore that cannot be
// undone.
import type { KantegaClient } from './client';
import type { CallOptions, Snapshot } from '../model';
import { displayText } from '../text/displayText';

/** How much of the restored snapshot's description the safety snapshot's repeats. */
const QUOTED_MAX_LENGTH = 200;

/**
 * The safety snapshot's description: one line naming the snapshot about to be restored. Server
 * text, so made one line and shortened (a 10,000-character description would not fit in a URL).
 * English in every display language (see managedGroupSnapshotDescription).
 */
export function safetySnapshotDescription(restoring: Pick<Snapshot, 'description'>): string {
  return `Before restore of ${displayText(restoring.description, QUOTED_MAX_LENGTH)}`.trimEnd();
}

/**
 * Takes a snapshot and finds it in the list that follows: by the id the server answered with, else
 * (Kantega SSO answers with no body) as a snapshot not listed before with the description the client
 * sent, which is the trimmed one. Undefined when the list does not show it.
 */
export async function takeAndFindSnapshot(
  client: KantegaClient,
  description: string,
  options: CallOptions = {},
): Promise<Snapshot | undefined> {
  const sent = description.trim();
  const before = new Set((await client.listSnapshots(options)).map((snapshot) => snapshot.id));
  const taken = await client.takeSnapshot(sent, options);
  const after = await client.listSnapshots(options);
  if (taken) return after.find((snapshot) => snapshot.id === taken.id);
  // A server may trim what it stores as well: compare as sent. Another one alike taken meanwhile
  // (another window) would serve as well: both hold the configuration from before the restore.
  return after.find((snapshot) => !before.has(snapshot.id) && snapshot.description.trim() === sent);
}
