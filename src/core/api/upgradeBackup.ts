// Kantega SSO takes a snapshot of its own before an app upgrade, described like
// "Backup before upgrade of config from version 7.3.0 to 7.4.1": the one to restore after a bad
// upgrade, so it is marked wherever snapshots are listed.

const UPGRADE_BACKUP = /^Backup before upgrade of config from version (.+?) to (.+?)\s*$/;

export interface UpgradeBackup {
  /** The version before the upgrade as the server wrote it (may be "[unknown version]"). */
  readonly from: string;
  readonly to: string;
}

export function upgradeBackupOf(snapshot: { readonly description: string }): UpgradeBackup | undefined {
  const match = UPGRADE_BACKUP.exec(snapshot.description);
  return match ? { from: match[1], to: match[2] } : undefined;
}
