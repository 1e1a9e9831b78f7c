// kantegaSso.expiryNotifications off, as its description promises: with the Instances view closed,
// nothing is asked in the background: at start, after a credential is set (the instances changed),
// or after a reload. Counted at the servers. Opening the view then asks every instance, so the
// count is not silent for another reason.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { launchEditor, uiTimeout, type Editor } from './harness';
import { startSimulator, type Simulator } from '../simulator/index';

const PASSWORD = 'e2e-Quiet-Admin-41';
/** Longer than the expiry watch waits after a change (1 s), with room for a busy machine. */
const QUIET_MS = 8_000;
/** Longer than the extension host takes to start plus the watch's wait after activation (4 s). */
const START_QUIET_MS = 14_000;

describe('Background checks with kantegaSso.expiryNotifications off', () => {
  let jira: Simulator;
  let confluence: Simulator;
  let editor: Editor;
  let launchedAt: number;

  const instance = (name: string, server: Simulator) => ({
    name,
    baseUrl: server.baseUrl,
    username: 'admin',
    auth: 'password',
    environment: 'staging',
  });

  before(async () => {
    const users = [{ username: 'admin', password: PASSWORD, sysadmin: true }];
    [jira, confluence] = await Promise.all([
      startSimulator({ users, seed: false }),
      startSimulator({ users, seed: false, contextPath: '/confluence', applicationName: 'Confluence' }),
    ]);
    editor = await launchEditor({
      name: 'quiet-start',
      settings: {
        'kantegaSso.expiryNotifications': false,
        'kantegaSso.instances': [instance('Jira Stage', jira), instance('Confluence Stage', confluence)],
      },
    });
    launchedAt = Date.now();
  });

  after(async () => {
    await editor?.close();
    await Promise.all([jira?.close(), confluence?.close()]);
  });

  const counts = () => [jira.requests.length, confluence.requests.length];

  it('asks no server in the seconds after start', async () => {
    await editor.page.waitForTimeout(Math.max(0, launchedAt + START_QUIET_MS - Date.now()));
    assert.deepEqual(counts(), [0, 0]);
    assert.equal(await editor.instancesView().isVisible(), false, 'the view stayed closed');
  });

  it('tests the credential just set, and asks the other instance nothing', async () => {
    await editor.setCredential('Jira Stage', PASSWORD);
    const afterCheck = counts();
    assert.ok(afterCheck[0] > 0, 'Set Credential tested it');
    await editor.page.waitForTimeout(QUIET_MS);
    assert.deepEqual(counts(), [afterCheck[0], 0], 'nothing more, and nothing to the other instance');
  });

  it('asks nothing at start after a reload, with a credential stored', async () => {
    const before = counts();
    const reloaded = editor.page.waitForEvent('load', { timeout: 60_000 });
    await editor.runCommand('Developer: Reload Window');
    await reloaded;
    await editor.page.locator('.activitybar').waitFor({ timeout: 60_000 });
    await editor.page.waitForTimeout(START_QUIET_MS);
    assert.deepEqual(counts(), before);
  });

  it('asks every instance once the view opens', async () => {
    const before = counts();
    await editor.openKantegaView();
    await editor.treeItem('Confluence Stage').waitFor({ timeout: uiTimeout });
    const deadline = Date.now() + uiTimeout;
    while (jira.requests.length === before[0] || confluence.requests.length === before[1]) {
      assert.ok(Date.now() < deadline, `no status check from the view: ${JSON.stringify(counts())}`);
      await editor.page.waitForTimeout(250);
    }
    const authed = jira.requests.slice(before[0]).some((request) => request.signedInAs?.username === 'admin');
    assert.ok(authed, 'Jira Stage is checked with the credential kept across the reload');
    await editor.screenshot('view-opened');
  });
});
