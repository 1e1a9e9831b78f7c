// The context keys the "Get started with Kantega SSO" walkthrough completes its steps on (its
// completionEvents in package.json): each is set when the person has really done the step, not when
// a button was pressed, so a cancelled input leaves the step open. The first two follow what is
// configured and stored, so a person who set up instances before opening the walkthrough finds those
// steps done; the others are milestones of this session (VS Code keeps a completed step completed).
import * as vscode from 'vscode';
import type { Services } from '../services';

/** At least one instance is configured. */
const INSTANCE_CONFIGURED = 'kantegaSso.instanceConfigured';
/** A configured instance has a secret stored under its binding (server, user, kind of sign-in). */
const CREDENTIAL_STORED = 'kantegaSso.credentialStored';
/** An instance answered a status check online, its credential accepted (the tree, Test Connection). */
const INSTANCE_ANSWERED = 'kantegaSso.instanceAnswered';
/** A snapshot was taken (Create Snapshot…, or Snapshot Instances… on at least one instance). */
const SNAPSHOT_TAKEN = 'kantegaSso.snapshotTaken';
/** Snapshot Instances… took a snapshot on at least one instance. */
const FLEET_SNAPSHOT_TAKEN = 'kantegaSso.fleetSnapshotTaken';

function setContext(key: string, value: boolean): void {
  void vscode.commands.executeCommand('setContext', key, value);
}

/** Keeps the walkthrough's context keys up to date. Call once on activation. */
export function registerWalkthroughProgress(services: Services): vscode.Disposable {
  const { instances, credentials, data } = services;
  /** Counts the updates: an older read of the secrets that ends after a newer one is dropped. */
  let generation = 0;
  const update = async (): Promise<void> => {
    const configured = instances.list();
    setContext(INSTANCE_CONFIGURED, configured.length > 0);
    const current = ++generation;
    const stored = await Promise.all(
      configured.map((instance) => credentials.storedAt(credentials.keyOf(instance)).catch(() => undefined)),
    );
    const anyStored = stored.some((secret) => secret !== undefined);
    if (current === generation) setContext(CREDENTIAL_STORED, anyStored);
  };
  void update();
  const subscriptions = [
    instances.onDidChange(() => void update()),
    credentials.onDidChange(() => void update()),
    data.onDidLoadStatus((name) => {
      const instance = instances.get(name);
      if (instance && data.peekStatus(instance)?.kind === 'online') setContext(INSTANCE_ANSWERED, true);
    }),
  ];
  return vscode.Disposable.from(...subscriptions);
}

/** A snapshot was taken; `acrossInstances`: by Snapshot Instances…, the walkthrough's last step. */
export function noteSnapshotTaken(acrossInstances: boolean): void {
  setContext(SNAPSHOT_TAKEN, true);
  if (acrossInstances) setContext(FLEET_SNAPSHOT_TAKEN, true);
}
