// Expiry warnings where the user is, in a real VS Code, with the Instances view never opened: the
// status bar counts the user's own tokens that expire soon across instances, a notification names
// the API token an instance signs in with, its Renew renews that token, and the count drops; the
// item opens the token report. The background refresh (every 6 s here) asks nothing while the view
// and the report are hidden, and leaves a server that answered 429 alone for as long as it asked. An
// instance that refuses the API token it signs in with is named, with Set Credential.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { launchEditor, uiTimeout, type Editor } from './harness';
import { startSimulator, type Simulator } from '../simulator/index';

const DAY_MS = 24 * 60 * 60 * 1000;
const ADMIN_PASSWORD = 'e2e-Expiry-Admin-63';
const JOHN_PASSWORD = 'e2e-Expiry-John-18';

describe('Expiry warnings in a real VS Code', () => {
  let jira: Simulator;
  let confluence: Simulator;
  let editor: Editor;
  /** The token Jira Prod signs in with: 30 days of validity, 3 left. */
  let deployBot: { id: number; secret: string };

  before(async () => {
    const users = [
      { username: 'admin', password: ADMIN_PASSWORD, sysadmin: true },
      { username: 'john.doe', password: JOHN_PASSWORD, sysadmin: false },
    ];
    [jira, confluence] = await Promise.all([
      startSimulator({ users, seed: false }),
      startSimulator({ users, seed: false, contextPath: '/confluence', applicationName: 'Confluence' }),
    ]);
    // An hour past the whole days, so that "3 days" does not depend on how long the test takes.
    deployBot = jira.issueToken('john.doe', {
      name: 'deploy-bot',
      validForDays: 30,
      createdAt: Date.now() - 27 * DAY_MS + 60 * 60 * 1000,
    });
    confluence.issueToken('admin', { name: 'build-bot', validForDays: 10 });
    confluence.issueToken('admin', { name: 'forever', validForDays: 'forever' });
    editor = await launchEditor({
      name: 'expiry',
      settings: {
        'kantegaSso.autoRefreshMinutes': 0.1,
        'kantegaSso.instances': [
          {
            name: 'Jira Prod',
            baseUrl: jira.baseUrl,
            username: 'john.doe',
            auth: 'apiToken',
            environment: 'production',
          },
          {
            name: 'Confluence Stage',
            baseUrl: confluence.baseUrl,
            username: 'admin',
            auth: 'password',
            environment: 'staging',
          },
        ],
      },
    });
  });

  after(async () => {
    await editor?.close();
    await Promise.all([jira?.close(), confluence?.close()]);
  });

  /**
   * Clicks a button of a notification: on its toast, else in the notification center, where VS Code
   * lists a toast it did not show (notifications arriving in a burst).
   */
  async function clickNotificationAction(text: RegExp, button: string): Promise<void> {
    await editor.expectNotification(text);
    if (await editor.notification(text).count()) return editor.clickNotificationButton(text, button);
    await editor.runCommand('Notifications: Show Notifications');
    const listed = editor.page.locator('.notifications-center .notification-list-item').filter({ hasText: text });
    await listed.first().getByRole('button', { name: button, exact: true }).click();
  }

  /** The buttons of a notification, on its toast or, where VS Code did not show one, in the notification center. */
  async function notificationButtons(text: RegExp): Promise<string[]> {
    if (!(await editor.notification(text).count())) await editor.runCommand('Notifications: Show Notifications');
    const shown = editor.page
      .locator('.notification-toast .notification-list-item, .notifications-center .notification-list-item')
      .filter({ hasText: text })
      .first();
    return shown.locator('.monaco-button').allInnerTexts();
  }

  /** The status bar item (its element id ends with the item's id; its text is drawn with a codicon). */
  const expiryItem = () => editor.page.locator('.statusbar-item[id$="kantegaSso.expiry"]');

  it('counts an expiring own token in the status bar and names it in a notification, without the view', async () => {
    // The background check a few seconds after start, with the view never shown (no credential yet:
    // the anonymous ping). It also means the extension is up: a palette opened while the extension
    // host starts can miss its commands.
    const deadline = Date.now() + uiTimeout;
    while (!(await editor.extensionLog()).includes('[Confluence Stage] GET /rest/ksso/api/info/1.0/ping')) {
      assert.ok(Date.now() < deadline, 'no background status check after start');
      await editor.page.waitForTimeout(250);
    }
    await editor.setCredential('Confluence Stage', ADMIN_PASSWORD);
    await editor.expectNotification('Your API token "build-bot" on Confluence Stage expires in 10 days.');
    await expiryItem().filter({ hasText: '1 expiring' }).waitFor({ timeout: uiTimeout });
    assert.equal(await expiryItem().getAttribute('aria-label'), '1 of your API tokens expired or expiring');
    assert.equal(
      await editor.instancesView().isVisible(),
      false,
      'the Instances view was never opened: the status came from the background check',
    );
    await editor.screenshot('status-bar-one');
  });

  it('names the API token an instance signs in with, with Renew; Renew renews it and the count drops', async () => {
    await editor.setCredential('Jira Prod', deployBot.secret);
    const warning = /The API token Jira Prod signs in with expires in 3 days \("deploy-bot"\)\./;
    await expiryItem().filter({ hasText: '2 expiring' }).waitFor({ timeout: uiTimeout });
    await editor.expectNotification(warning);
    await editor.screenshot('sign-in-token-warning');
    // Rotate… (Rotate Sign-in Tokens…) comes first: it replaces the token; Renew only extends it.
    assert.deepEqual(await notificationButtons(warning), ['Rotate…', 'Renew', 'Show Report']);

    const before = jira.state.tokens.find((token) => token.id === deployBot.id)?.expiresAt;
    assert.ok(before && before < Date.now() + 3.1 * DAY_MS, 'three days left');
    await clickNotificationAction(warning, 'Renew');
    // The renew flow as from the tree: an empty input renews the token the instance signs in with.
    await editor.answerInput('', 'Renew API Token "deploy-bot" on Jira Prod');
    await editor.expectNotification('API token "deploy-bot" renewed: expires in 30 days.');
    const after = jira.state.tokens.find((token) => token.id === deployBot.id)?.expiresAt;
    assert.ok(after && after > Date.now() + 29 * DAY_MS, 'renewed for its 30 days');

    await expiryItem().filter({ hasText: '1 expiring' }).waitFor({ timeout: uiTimeout });
    await editor.screenshot('status-bar-after-renew');
    const texts = await editor.notificationTexts();
    assert.ok(
      !texts.some((text) => /build-bot/.test(text)),
      `build-bot was already notified today: ${JSON.stringify(texts)}`,
    );
  });

  it('asks the servers nothing in the background while the view and the report are hidden', async () => {
    const before = [jira.requests.length, confluence.requests.length];
    await editor.page.waitForTimeout(9_000);
    assert.deepEqual([jira.requests.length, confluence.requests.length], before, 'no request in 9 s');
  });

  it('clicking the status bar item opens the token report; while it shows, the background refresh runs', async () => {
    await editor.dismissNotifications();
    const before = jira.requests.length;
    await expiryItem().click();
    await editor.webviewFrame('#report');
    await editor.screenshot('report-from-status-bar');
    const deadline = Date.now() + 20_000;
    while (!jira.requests.slice(before).some((r) => r.path.endsWith('/ping'))) {
      assert.ok(Date.now() < deadline, 'no background status check within 20 s while the report showed');
      await editor.page.waitForTimeout(500);
    }
    await editor.runCommand('View: Close All Editors');
  });

  it('leaves a server that answered 429 alone until the time it asked, and keeps refreshing the others', async () => {
    await editor.openKantegaView();
    jira.inject({ type: 'status', status: 429, retryAfterSeconds: 20 }, { method: 'GET', times: Infinity });
    let quietFrom = 0;
    try {
      const deadline = Date.now() + 60_000;
      while (!(await editor.extensionLog()).includes('[Jira Prod] auto-refresh skipped: the server answered 429')) {
        assert.ok(Date.now() < deadline, 'the log never said that Jira Prod was left alone');
        await editor.page.waitForTimeout(1_000);
      }
      const before = [jira.requests.length, confluence.requests.length];
      await editor.page.waitForTimeout(8_000);
      assert.equal(jira.requests.length, before[0], 'nothing sent to the rate-limited server');
      assert.ok(confluence.requests.length > before[1], 'the other instance is still refreshed');
      await editor.screenshot('rate-limited');
      quietFrom = jira.requests.length;
    } finally {
      jira.clearFaults();
    }
    // Once the wait it asked for is over, the auto-refresh asks it again (the next test needs it too).
    const resumeBy = Date.now() + 40_000;
    while (jira.requests.length === quietFrom) {
      assert.ok(Date.now() < resumeBy, 'Jira Prod was never asked again after its Retry-After');
      await editor.page.waitForTimeout(1_000);
    }
  });
  it('names an instance that refuses the API token it signs in with (deleted), with Set Credential', async () => {
    await editor.dismissNotifications();
    const index = jira.state.tokens.findIndex((token) => token.id === deployBot.id);
    assert.ok(index >= 0, 'deploy-bot is there');
    jira.state.tokens.splice(index, 1);
    await editor.runCommand('Kantega SSO: Refresh');
    const warning = /Jira Prod refused the API token it signs in with: it has probably expired or been deleted\./;
    await editor.expectNotification(warning);
    await expiryItem().filter({ hasText: '1 cannot sign in' }).waitFor({ timeout: uiTimeout });
    await editor.screenshot('sign-in-refused');
    await clickNotificationAction(warning, 'Set Credential');
    await editor.quickInput().filter({ hasText: 'Set Credential for Jira Prod' }).waitFor({ timeout: uiTimeout });
    await editor.page.keyboard.press('Escape');
  });
});
