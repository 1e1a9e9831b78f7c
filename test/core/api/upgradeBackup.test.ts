import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { upgradeBackupOf } from '../../../src/core/api/upgradeBackup';

describe('upgradeBackupOf', () => {
  it("recognises Kantega SSO's own backups before an upgrade, with both versions", () => {
    assert.deepEqual(upgradeBackupOf({ description: 'Backup before upgrade of config from version 7.3.0 to 7.4.1' }), {
      from: '7.3.0',
      to: '7.4.1',
    });
    assert.deepEqual(
      upgradeBackupOf({ description: 'Backup before upgrade of config from version [unknown version] to 5.7.0' }),
      { from: '[unknown version]', to: '5.7.0' },
    );
  });

  it('leaves other snapshots alone, also ones that merely mention an upgrade', () => {
    assert.equal(upgradeBackupOf({ description: 'Before upgrade 2026-11-22' }), undefined);
    assert.equal(upgradeBackupOf({ description: 'My backup before upgrade of config from version 1 to 2' }), undefined);
  });
});
