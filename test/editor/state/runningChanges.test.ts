import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ChangeRunningError, RunningChanges } from '../../../src/editor/state/runningChanges';

describe('RunningChanges', () => {
  it('refuses a second change on the same key while the first runs, naming what runs', async () => {
    const changes = new RunningChanges(() => undefined);
    let finish: () => void = () => undefined;
    const first = changes.hold(
      'Jira',
      'token/1',
      'deleting…',
      (r) => `already ${r}`,
      () => {
        return new Promise<string>((resolve) => (finish = () => resolve('deleted')));
      },
    );
    await assert.rejects(
      changes.hold(
        'Jira',
        'token/1',
        'renewing…',
        (r) => `already ${r}`,
        async () => 'renewed',
      ),
      (e: unknown) => e instanceof ChangeRunningError && e.running === 'deleting…' && e.message === 'already deleting…',
    );
    // Another key is not held up.
    assert.equal(
      await changes.hold(
        'Jira',
        'token/2',
        'renewing…',
        () => '',
        async () => 'renewed',
      ),
      'renewed',
    );
    assert.equal(changes.label('token/1'), 'deleting…');
    finish();
    assert.equal(await first, 'deleted');
    assert.equal(changes.label('token/1'), undefined);
  });

  it('lets go of the key when the change fails, and tells who draws it at start and end', async () => {
    const heard: string[] = [];
    const changes = new RunningChanges((name) => heard.push(name));
    await assert.rejects(
      changes.hold(
        'Confluence',
        'snapshots',
        'restoring…',
        () => '',
        async () => {
          throw new Error('server down');
        },
      ),
      /server down/,
    );
    assert.equal(changes.label('snapshots'), undefined);
    assert.deepEqual(heard, ['Confluence', 'Confluence']);
    assert.equal(
      await changes.hold(
        'Confluence',
        'snapshots',
        'restoring…',
        () => '',
        async () => 1,
      ),
      1,
    );
  });
});
