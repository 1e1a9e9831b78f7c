// API tokens from the editor: create one and find its secret in the clipboard and the details
// webview; delete one; and an instance on Kantega SSO 5.7.0 (API 2.0 returns the name in the
// description field) still shows the right token names.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { adminInstance, launchEditor, uiTimeout, type Editor } from './harness';
import { startSimulator, type Simulator } from '../simulator/index';

const ADMIN_PASSWORD = 'e2e-Token-Admin-18';
const JOHN_PASSWORD = 'e2e-Token-John-64';

describe('API tokens in a real VS Code', () => {
  let jira: Simulator;
  let confluence: Simulator;
  let editor: Editor;

  before(async () => {
    [jira, confluence] = await Promise.all([
      startSimulator({
        version: 'latest',
        users: [
          { username: 'admin', password: ADMIN_PASSWORD, sysadmin: true },
          { username: 'john.doe', password: JOHN_PASSWORD, sysadmin: false },
        ],
      }),
      startSimulator({
        version: '5.7.0',
        contextPath: '/confluence',
        applicationName: 'Confluence',
        users: [{ username: 'john.doe', password: JOHN_PASSWORD, sysadmin: false }],
      }),
    ]);
    editor = await launchEditor({
      name: 'tokens',
      settings: {
        'kantegaSso.instances': [
          adminInstance('Jira Test', jira, 'test'),
          {
            name: 'Confluence Old',
            baseUrl: confluence.baseUrl,
            username: 'john.doe',
            auth: 'password',
            environment: 'staging',
          },
        ],
      },
    });
    await editor.openKantegaView();
    await editor.setCredential('Jira Test', ADMIN_PASSWORD);
    await editor.dismissNotifications();
    await editor.treeItem('Jira Test').filter({ hasText: 'online' }).waitFor({ timeout: uiTimeout });
  });

  after(async () => {
    await editor?.close();
    await Promise.all([jira?.close(), confluence?.close()]);
  });

  it('creates a token, copies its secret and shows the same secret once in the details webview', async () => {
    await editor.runCommand('Kantega SSO: Create API Token…');
    await editor.pickItem('Jira Test', 'Kantega SSO instance');
    await editor.answerInput('e2e deploy pipeline', 'Create API Token on Jira Test (1/3)');
    await editor.answerInput('Deploys from CI', 'Create API Token on Jira Test (2/3)');
    await editor.pickItem('30 days', 'Create API Token on Jira Test (3/3)');
    await editor.expectNotification(
      'API token "e2e deploy pipeline" created and copied to the clipboard. It will not be shown again.',
    );

    const created = jira.state.tokens.find((t) => t.name === 'e2e deploy pipeline');
    assert.ok(created, 'the server has the new token');
    assert.equal(created.username, 'admin');
    assert.equal(created.description, 'Deploys from CI');
    assert.equal(await editor.readClipboard(), created.secret, 'the clipboard holds the secret the server issued');

    const frame = await editor.webviewFrame('#token-secret');
    assert.equal(await frame.locator('#token-name').innerText(), 'e2e deploy pipeline');
    assert.equal(
      await frame.locator('#token-secret').inputValue(),
      created.secret,
      'the webview shows the same secret',
    );
    assert.match(await frame.locator('#secret-warning').innerText(), /not be shown again/i);
    await editor.screenshot('token-created');

    // The panel's Copy button copies it again, e.g. after something else went to the clipboard.
    await editor.page.evaluate(() => navigator.clipboard.writeText('something else'));
    await frame.locator('#copy-secret').click();
    await frame.locator('#status', { hasText: 'Token copied to the clipboard.' }).waitFor({ timeout: uiTimeout });
    assert.equal(await editor.readClipboard(), created.secret, 'Copy puts the secret back on the clipboard');

    await editor.openKantegaView();
    await editor.expandTreeItem('Jira Test');
    await editor.treeItem('My API Tokens (3)').waitFor({ timeout: uiTimeout });
    await editor.treeItem('e2e deploy pipeline').waitFor({ timeout: uiTimeout });
    assert.match(await editor.treeItemDescription('e2e deploy pipeline'), /expires in (30|29) days/);

    // The log channel has a line per request, and neither the new secret nor any credential.
    const log = await editor.extensionLog();
    assert.match(log, /\[Jira Test\] POST \/rest\/ksso\/api\/apitokens\/3\.0\/user\/tokens 201 \d+ ms/);
    assert.ok(!log.includes(created.secret), 'the new secret is not logged');
    assert.doesNotMatch(log, /authorization|basic |bearer /i);
    for (const password of [ADMIN_PASSWORD, JOHN_PASSWORD]) assert.ok(!log.includes(password), 'no password is logged');
  });

  it('deletes a token after confirming with its name, owner and instance', async () => {
    await editor.dismissNotifications();
    await editor.runCommand('Kantega SSO: Delete API Token');
    await editor.pickItem('Jira Test', 'Kantega SSO instance');
    await editor.pickItem(/^Old build server$/, 'API tokens on Jira Test');
    const dialog = editor.dialog().filter({ hasText: 'Delete the API token "Old build server" of admin on Jira Test' });
    await dialog.waitFor({ timeout: uiTimeout });
    await editor.screenshot('token-delete-confirm');
    assert.ok(
      jira.state.tokens.some((t) => t.name === 'Old build server'),
      'nothing is deleted before confirming',
    );
    await editor.clickDialogButton('Delete');
    await editor.expectNotification('API token "Old build server" deleted from Jira Test.');

    assert.ok(!jira.state.tokens.some((t) => t.name === 'Old build server'), 'the server no longer has the token');
    await editor.treeItem('My API Tokens (2)').waitFor({ timeout: uiTimeout });
    assert.equal(await editor.treeItem('Old build server').count(), 0);
  });

  it('shows the right token names for an instance on Kantega SSO 5.7.0', async () => {
    await editor.setCredential('Confluence Old', JOHN_PASSWORD);
    await editor.treeItem('Confluence Old').filter({ hasText: 'online' }).waitFor({ timeout: uiTimeout });
    await editor.expandTreeItem('Confluence Old');
    await editor.treeItem('Google drive service').waitFor({ timeout: uiTimeout });
    await editor.treeItem('User token 1').waitFor({ timeout: uiTimeout });
    await editor.screenshot('api-2.0-token-names');

    // API 2.0 sends the name in "description" and drops the real description: say so, do not invent one.
    const frame = await editor.openTokenFromTree('Google drive service');
    assert.match(
      await frame.locator('#token-description').innerText(),
      /unknown: this server's API 2\.0 does not return it/i,
    );
    assert.equal(await frame.locator('#token-owner').innerText(), 'john.doe');
    await editor.screenshot('api-2.0-token-details');
  });

  it("uses a new token as the instance's credential, as the configured user whatever the answer says", async () => {
    await editor.dismissNotifications();
    // A server (or proxy) that names someone else as the new token's owner.
    jira.inject({ type: 'wrongType', field: 'username', value: 'mallory' }, { method: 'POST', pathIncludes: 'tokens' });
    await editor.runCommand('Kantega SSO: Create API Token…');
    await editor.pickItem('Jira Test', 'Kantega SSO instance');
    await editor.answerInput('e2e sign-in', 'Create API Token on Jira Test (1/3)');
    await editor.answerInput('', 'Create API Token on Jira Test (2/3)');
    await editor.pickItem('30 days', 'Create API Token on Jira Test (3/3)');
    await editor.clickNotificationButton(/API token "e2e sign-in" created/, "Use as this instance's credential");
    await editor.expectNotification('Jira Test now signs in as admin with the API token "e2e sign-in".');

    const entries = (await editor.readUserSettings())['kantegaSso.instances'] as Array<Record<string, unknown>>;
    const entry = entries.find((candidate) => candidate.name === 'Jira Test');
    assert.equal(entry?.auth, 'apiToken');
    assert.equal(entry?.username, 'admin', "the configured user, not the answer's");
    assert.ok(
      !JSON.stringify(entries).includes(jira.state.tokens.find((t) => t.name === 'e2e sign-in')?.secret ?? '?'),
    );

    // The password no longer works on the server: the instance stays online only with the token.
    const admin = jira.state.users.find((user) => user.username === 'admin');
    assert.ok(admin);
    admin.password = 'changed-after-switching-to-the-token';
    await editor.runCommand('Kantega SSO: Refresh');
    await editor.treeItem('Jira Test').filter({ hasText: 'online' }).waitFor({ timeout: uiTimeout });
    await editor.expandTreeItem('Jira Test');
    await editor.treeItem('e2e sign-in').filter({ hasText: 'expires in 30 days' }).waitFor({ timeout: uiTimeout });
  });
});
