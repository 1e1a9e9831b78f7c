// Every command the extension contributes, run from the command palette as a person would: edit
// (rename keeps the stored credential) and remove an instance, find a snapshot and copy its id,
// copy a token's id, show a token's expiry, renew the API token an instance signs in with, open a
// token's details, show the log; and allowing the credential to follow an entry edited by hand in
// settings.json to another server (Cancel first: nothing is sent; then Allow).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { adminInstance, launchEditor, uiTimeout, type Editor } from './harness';
import { startSimulator, type Simulator } from '../simulator/index';

const ADMIN_PASSWORD = 'e2e-Commands-Admin-27';
const JOHN_PASSWORD = 'e2e-Commands-John-58';
const JANE_PASSWORD = 'e2e-Commands-Jane-91';
const DAY_MS = 24 * 60 * 60 * 1000;

interface SavedInstance {
  name: string;
  baseUrl: string;
  username: string;
  auth: string;
  environment?: string;
}

async function savedInstances(editor: Editor): Promise<SavedInstance[]> {
  return ((await editor.readUserSettings())['kantegaSso.instances'] ?? []) as SavedInstance[];
}

describe('Every command from the palette in a real VS Code', () => {
  let sim: Simulator;
  let editor: Editor;
  /** An admin token the CI instance signs in with; created three days ago for five days. */
  let ci: { id: number; secret: string };

  before(async () => {
    sim = await startSimulator({
      version: 'latest',
      users: [
        { username: 'admin', password: ADMIN_PASSWORD, sysadmin: true },
        { username: 'john.doe', password: JOHN_PASSWORD, sysadmin: false },
        { username: 'jane.roe', password: JANE_PASSWORD, sysadmin: false },
      ],
    });
    ci = sim.issueToken('admin', { name: 'ci', validForDays: 5, createdAt: Date.now() - 3 * DAY_MS });
    sim.issueToken('admin', { name: 'nightly', description: 'Nightly export', validForDays: 12 });
    const instance = (name: string, username: string, auth = 'password') => ({
      name,
      baseUrl: sim.baseUrl,
      username,
      auth,
      environment: 'test',
    });
    editor = await launchEditor({
      name: 'commands',
      settings: {
        'kantegaSso.instances': [
          instance('Jira Cmd', 'admin'),
          // Other users or kinds of sign-in than Jira Cmd: a secret belongs to server + user + kind,
          // so each of these needs its own.
          instance('Jira Edit', 'john.doe'),
          instance('Jira Remove', 'jane.roe'),
          instance('Jira CI', 'admin', 'apiToken'),
        ],
      },
    });
    await editor.openKantegaView();
    await editor.setCredential('Jira Cmd', ADMIN_PASSWORD);
    await editor.dismissNotifications();
    await editor.treeItem('Jira Cmd').filter({ hasText: 'online' }).waitFor({ timeout: uiTimeout });
  });

  after(async () => {
    await editor?.close();
    await sim?.close();
  });

  it('Edit Instance renames an instance; it stays online on its stored credential', async () => {
    await editor.setCredential('Jira Edit', JOHN_PASSWORD);
    await editor.dismissNotifications();
    await editor.treeItem('Jira Edit').filter({ hasText: 'online' }).waitFor({ timeout: uiTimeout });

    await editor.runCommand('Kantega SSO: Edit Instance…');
    await editor.pickItem('Jira Edit', 'Kantega SSO instance');
    // Every step comes prefilled with what is saved.
    const step = editor.quickInput().locator('input.input');
    await editor.quickInput().filter({ hasText: '(1/6)' }).waitFor({ timeout: uiTimeout });
    assert.equal(await step.inputValue(), 'Jira Edit');
    await editor.answerInput('Jira Renamed', 'Edit Kantega SSO Instance (1/6)');
    await editor.quickInput().filter({ hasText: '(2/6)' }).waitFor({ timeout: uiTimeout });
    assert.equal(await step.inputValue(), sim.baseUrl);
    await editor.answerInput(sim.baseUrl, '(2/6)');
    await editor.quickInput().filter({ hasText: '(3/6)' }).waitFor({ timeout: uiTimeout });
    assert.equal(await step.inputValue(), 'john.doe');
    await editor.answerInput('john.doe', '(3/6)');
    await editor.pickItem('Password', '(4/6)');
    await editor.quickInput().filter({ hasText: '(5/6)' }).waitFor({ timeout: uiTimeout });
    assert.match(await editor.quickInput().innerText(), /leave empty to keep the stored one/);
    await editor.answerInput('', '(5/6)');
    await editor.pickItem(/^test$/, '(6/6)');
    await editor.expectNotification(
      'Instance "Jira Renamed" saved: Kantega SSO is reachable and the credential was accepted.',
    );

    await editor.treeItem('Jira Renamed').filter({ hasText: 'online' }).waitFor({ timeout: uiTimeout });
    await editor.treeItem('Jira Edit').waitFor({ state: 'detached', timeout: uiTimeout });
    assert.equal(await editor.quickInput().count(), 0, 'no one asked for the credential again');
    await editor.expandTreeItem('Jira Renamed');
    await editor.treeItem('Google drive service').waitFor({ timeout: uiTimeout });
    await editor.screenshot('edit-renamed');

    const saved = await savedInstances(editor);
    assert.deepEqual(
      saved.find((i) => i.username === 'john.doe'),
      { name: 'Jira Renamed', baseUrl: sim.baseUrl, username: 'john.doe', auth: 'password', environment: 'test' },
    );
    assert.ok(!saved.some((i) => i.name === 'Jira Edit'), 'the old name is gone from the settings');
    assert.doesNotMatch(JSON.stringify(saved), new RegExp(JOHN_PASSWORD), 'the password is not in the settings');
  });

  it('Remove Instance removes it from the tree and the settings after the confirmation', async () => {
    await editor.dismissNotifications();
    await editor.treeItem('Jira Remove').waitFor({ timeout: uiTimeout });
    await editor.runCommand('Kantega SSO: Remove Instance');
    await editor.pickItem('Jira Remove', 'Kantega SSO instance');
    const dialog = editor.dialog().filter({ hasText: 'Remove the instance "Jira Remove" from VS Code?' });
    await dialog.waitFor({ timeout: uiTimeout });
    assert.match(await dialog.innerText(), /Nothing changes on http:\/\/127\.0\.0\.1/);
    await editor.screenshot('remove-confirm');
    await editor.clickDialogButton('Remove');
    await editor.expectNotification('Instance "Jira Remove" removed, with its stored credential.');

    await editor.treeItem('Jira Remove').waitFor({ state: 'detached', timeout: uiTimeout });
    await editor.treeItem('Jira Cmd').waitFor({ timeout: uiTimeout });
    assert.deepEqual(
      (await savedInstances(editor)).map((i) => i.name),
      ['Jira Cmd', 'Jira Renamed', 'Jira CI'],
    );
  });

  it('Find Snapshot finds one by part of its description and copies its id', async () => {
    await editor.dismissNotifications();
    const target = sim.state.snapshots.find((s) => s.description.startsWith('Backup before upgrade'));
    assert.ok(target, 'seeded upgrade backup');
    await editor.page.evaluate(() => navigator.clipboard.writeText('nothing yet'));

    await editor.runCommand('Kantega SSO: Find Snapshot…');
    await editor.pickItem('Jira Cmd', 'Kantega SSO instance');
    await editor.quickInput().filter({ hasText: 'Snapshots of Jira Cmd' }).waitFor({ timeout: uiTimeout });
    await editor.quickPickItem(/^test$/).waitFor({ timeout: uiTimeout });
    await editor.quickInput().locator('input.input').fill('upgrade');
    // Typing narrows the list to the matching snapshot.
    await editor.quickPickItem(/^test$/).waitFor({ state: 'detached', timeout: uiTimeout });
    await editor.screenshot('find-snapshot-typed');
    await editor.pickItem(/^Backup before upgrade/);
    await editor.pickItem(/Copy Snapshot ID/, target.id);
    await editor.expectNotification(`Snapshot ID ${target.id} copied to the clipboard.`);
    assert.equal(await editor.readClipboard(), target.id);
  });

  it('Copy Snapshot ID asks for the instance and the snapshot and copies its id', async () => {
    await editor.dismissNotifications();
    const target = sim.state.snapshots.find((s) => s.description === 'test');
    assert.ok(target, 'seeded snapshot "test"');
    await editor.page.evaluate(() => navigator.clipboard.writeText('nothing yet'));

    await editor.runCommand('Kantega SSO: Copy Snapshot ID');
    await editor.pickItem('Jira Cmd', 'Kantega SSO instance');
    await editor.pickItem(/^test$/, 'Snapshots of Jira Cmd');
    await editor.expectNotification(`Snapshot ID ${target.id} copied to the clipboard.`);
    assert.equal(await editor.readClipboard(), target.id);
  });

  it('Copy Token ID copies the chosen token id', async () => {
    await editor.dismissNotifications();
    const token = sim.state.tokens.find((t) => t.name === 'Old build server');
    assert.ok(token, 'seeded token');
    await editor.page.evaluate(() => navigator.clipboard.writeText('nothing yet'));

    await editor.runCommand('Kantega SSO: Copy Token ID');
    await editor.pickItem('Jira Cmd', 'Kantega SSO instance');
    await editor.pickItem(/^Old build server$/, 'API tokens on Jira Cmd');
    await editor.expectNotification(`Token ID ${token.id} copied to the clipboard.`);
    assert.equal(await editor.readClipboard(), String(token.id));
  });

  it('Show Token Expiry says when the token expires, as the server has it', async () => {
    await editor.dismissNotifications();
    const token = sim.state.tokens.find((t) => t.name === 'nightly');
    assert.ok(token?.expiresAt, 'issued token with an expiry');
    const requestsBefore = sim.requests.length;

    await editor.runCommand('Kantega SSO: Show Token Expiry');
    await editor.pickItem('Jira Cmd', 'Kantega SSO instance');
    await editor.pickItem(/^nightly$/, 'API tokens on Jira Cmd');
    await editor.expectNotification(
      /API token "nightly" on Jira Cmd expires in 12 days \(\d{4}-\d\d-\d\d \d\d:\d\d\)\./,
    );
    assert.ok(
      sim.requests.slice(requestsBefore).some((r) => r.path.includes('expiry') && r.path.includes(`id=${token.id}`)),
      `the server was asked about token ${token.id}: ${JSON.stringify(sim.requests.slice(requestsBefore))}`,
    );
    await editor.screenshot('token-expiry');
  });

  it('Renew API Token renews the token whose secret is pasted: the one the instance signs in with', async () => {
    await editor.setCredential('Jira CI', ci.secret);
    await editor.dismissNotifications();
    await editor.treeItem('Jira CI').filter({ hasText: 'online' }).waitFor({ timeout: uiTimeout });
    const token = sim.state.tokens.find((t) => t.id === ci.id);
    assert.ok(token?.expiresAt, 'the ci token expires');
    const expiresBefore = token.expiresAt;
    assert.ok(expiresBefore < Date.now() + 2.1 * DAY_MS, 'two days left before the renewal');

    await editor.runCommand('Kantega SSO: Renew API Token…');
    await editor.pickItem('Jira CI', 'Kantega SSO instance');
    await editor.pickItem(/^ci$/, 'API tokens on Jira CI');
    await editor.quickInput().filter({ hasText: 'Renew API Token "ci" on Jira CI' }).waitFor({ timeout: uiTimeout });
    // A secret typed with Set Credential may be any of admin's valid tokens: an empty input is not offered.
    assert.match(await editor.quickInput().innerText(), /the server renews a token only when given the token itself/);
    await editor.answerInput(ci.secret, 'Renew API Token "ci" on Jira CI');
    await editor.expectNotification('API token "ci" renewed: expires in 5 days.');

    const renewed = sim.state.tokens.find((t) => t.id === ci.id);
    assert.ok(renewed?.expiresAt, 'the ci token still expires');
    assert.ok(
      renewed.expiresAt > expiresBefore + 2.9 * DAY_MS,
      `the expiry moved forward by three days: ${new Date(expiresBefore).toISOString()} -> ` +
        new Date(renewed.expiresAt).toISOString(),
    );
    assert.ok(renewed.expiresAt <= Date.now() + 5 * DAY_MS);
    await editor.screenshot('token-renewed');
  });

  it('Open Token Details from the palette shows the chosen token in the details webview', async () => {
    await editor.dismissNotifications();
    await editor.runCommand('Kantega SSO: Open Token Details');
    await editor.pickItem('Jira Cmd', 'Kantega SSO instance');
    await editor.pickItem(/^nightly$/, 'API tokens on Jira Cmd');
    const frame = await editor.webviewFrame('#token-name', 'nightly');
    assert.equal(await frame.locator('#token-owner').innerText(), 'admin');
    assert.equal(await frame.locator('#token-description').innerText(), 'Nightly export');
    await editor.screenshot('token-details-from-palette');
    // Give the keyboard back to the workbench (the webview took it) for the next command.
    await editor.page.locator('.part.statusbar').click({ position: { x: 600, y: 10 } });
  });

  it('Show Log shows the "Kantega SSO" output channel with a line per request', async () => {
    await editor.dismissNotifications();
    const panel = editor.page.locator('.part.panel');
    assert.equal(await panel.isVisible(), false, 'the panel is closed before the command');
    await editor.runCommand('Kantega SSO: Show Log');
    await panel.waitFor({ state: 'visible', timeout: uiTimeout });
    await panel.locator('.action-item.checked', { hasText: /^output$/i }).waitFor({ timeout: uiTimeout });
    const channel = panel.locator('select.monaco-select-box');
    await channel.filter({ hasText: 'Kantega SSO' }).first().waitFor({ timeout: uiTimeout });
    assert.equal(
      await channel.first().evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.text),
      'Kantega SSO',
    );
    // The output editor renders spaces as non-breaking ones: match them with \s.
    const lines = panel.locator('.monaco-editor .view-lines').first();
    await lines.waitFor({ timeout: uiTimeout });
    await waitFor(async () => /\[Jira\sCmd\]\sGET\s\/rest\/ksso\/\S+\s200\s\d+\sms/.test(await lines.innerText()));
    await editor.screenshot('show-log');
    assert.match(
      await editor.extensionLog(),
      /\[Jira Cmd\] GET \/rest\/ksso\/api\/apitokens\/3\.0\/user\/tokens 200 \d+ ms/,
    );
  });
});

describe('Allow Sending the Credential… in a real VS Code', () => {
  let simA: Simulator;
  let simB: Simulator;
  let editor: Editor;
  const users = [{ username: 'admin', password: 'e2e-Moving-Admin-64', sysadmin: true }];

  before(async () => {
    [simA, simB] = await Promise.all([
      startSimulator({ version: 'latest', users }),
      startSimulator({ version: 'latest', users }),
    ]);
    editor = await launchEditor({
      name: 'commands-allow',
      settings: {
        'kantegaSso.instances': [adminInstance('Moving', simA, 'test')],
      },
    });
    await editor.openKantegaView();
    await editor.setCredential('Moving', users[0].password);
    await editor.dismissNotifications();
    await editor.treeItem('Moving').filter({ hasText: 'online' }).waitFor({ timeout: uiTimeout });
  });

  after(async () => {
    await editor?.close();
    await Promise.all([simA?.close(), simB?.close()]);
  });

  const authorizedRequests = (sim: Simulator) => sim.requests.filter((r) => r.headers.authorization !== undefined);

  it('holds the credential back from an entry moved by hand to another server until allowed', async () => {
    const { page } = editor;
    assert.ok(authorizedRequests(simA).length > 0, 'A got the credential it was typed for');

    // The person edits settings.json by hand, in the editor, pointing "Moving" at B.
    const settings = await editor.readUserSettings();
    settings['kantegaSso.instances'] = [adminInstance('Moving', simB, 'test')];
    await editor.runCommand('Preferences: Open User Settings (JSON)');
    const settingsEditor = page.locator('.editor-instance .monaco-editor').first();
    await settingsEditor.waitFor({ timeout: uiTimeout });
    await settingsEditor.locator('.view-lines').filter({ hasText: 'kantegaSso.instances' }).waitFor();
    await settingsEditor.locator('.view-lines').click();
    await page.keyboard.press('Control+A');
    await page.evaluate((text) => navigator.clipboard.writeText(text), JSON.stringify(settings, null, 2));
    await page.keyboard.press('Control+V');
    await settingsEditor.locator('.view-lines').filter({ hasText: simB.baseUrl }).waitFor({ timeout: uiTimeout });
    await page.keyboard.press('Control+S');
    await waitFor(async () => JSON.stringify(await editor.readUserSettings()).includes(simB.baseUrl));
    await editor.runCommand('View: Close Editor');

    await editor.openKantegaView();
    await editor.treeItem('Moving').filter({ hasText: 'waiting for your permission' }).waitFor({ timeout: uiTimeout });
    await editor.screenshot('allow-waiting');
    assert.deepEqual(authorizedRequests(simB), [], 'B got no credential');

    // Cancel sends nothing.
    await editor.runCommand('Kantega SSO: Allow Sending the Credential…');
    await editor.pickItem('Moving', 'Kantega SSO instance');
    const hostB = new URL(simB.baseUrl).host;
    const question = editor.dialog().filter({ hasText: 'Send the credential of "Moving" to a different server?' });
    await question.waitFor({ timeout: uiTimeout });
    const text = await question.innerText();
    assert.ok(text.includes(hostB), `the question names B's host ${hostB}: ${text}`);
    assert.ok(text.includes(new URL(simA.baseUrl).host), `and where it was stored for: ${text}`);
    await editor.screenshot('allow-question');
    await editor.clickDialogButton('Cancel');
    await question.waitFor({ state: 'detached', timeout: uiTimeout });
    await editor.runCommand('Kantega SSO: Refresh');
    await editor.treeItem('Moving').filter({ hasText: 'waiting for your permission' }).waitFor({ timeout: uiTimeout });
    assert.deepEqual(authorizedRequests(simB), [], 'B still got no credential after Cancel');

    // Allow sends it, to B.
    await editor.runCommand('Kantega SSO: Allow Sending the Credential…');
    await editor.pickItem('Moving', 'Kantega SSO instance');
    await question.waitFor({ timeout: uiTimeout });
    await editor.clickDialogButton(`Send It to http://${hostB}`);
    await editor.treeItem('Moving').filter({ hasText: 'online' }).waitFor({ timeout: uiTimeout });
    assert.ok(authorizedRequests(simB).length > 0, 'B now gets the credential');
    await editor.expandTreeItem('Moving');
    await editor.treeItem(/^Snapshots \(2\)$/).waitFor({ timeout: uiTimeout });
    await editor.screenshot('allow-online');
  });
});

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + uiTimeout;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${uiTimeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
