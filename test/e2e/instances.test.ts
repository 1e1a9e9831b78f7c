// Adding instances through the editor's UI and what the tree then shows: an admin's snapshots and
// tokens with the admin-only node, a rejected password, and fixing it with Set Credential; an https
// instance let through by http.proxyStrictSSL off is marked as not verified.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { adminInstance, launchEditor, uiTimeout, type Editor } from './harness';
import { startSimulator, type Simulator } from '../simulator/index';

const ADMIN_PASSWORD = 'e2e-Admin-Secret-41';
const JOHN_PASSWORD = 'e2e-John-Secret-73';

describe('Instances in a real VS Code', () => {
  let sim: Simulator;
  let editor: Editor;

  before(async () => {
    sim = await startSimulator({
      version: 'latest',
      users: [
        { username: 'admin', password: ADMIN_PASSWORD, sysadmin: true },
        { username: 'john.doe', password: JOHN_PASSWORD, sysadmin: false },
      ],
    });
    editor = await launchEditor({ name: 'instances' });
    await editor.openKantegaView();
  });

  after(async () => {
    await editor?.close();
    await sim?.close();
  });

  it('adds an instance through the Add Instance steps; shows snapshots, tokens and the admin-only node', async () => {
    await editor.instancesView().getByRole('button', { name: 'Add Instance' }).click();
    await editor.answerInput('Jira Prod', '(1/6)');
    await editor.answerInput(sim.baseUrl, '(2/6)');
    await editor.answerInput('admin', '(3/6)');
    await editor.pickItem('Password', '(4/6)');
    await editor.answerInput(ADMIN_PASSWORD, '(5/6)');
    await editor.pickItem('production', '(6/6)');
    await editor.expectNotification(
      'Instance "Jira Prod" added: Kantega SSO is reachable and the credential was accepted.',
    );

    await editor.treeItem('Jira Prod').filter({ hasText: 'online' }).waitFor({ timeout: uiTimeout });
    assert.match(await editor.treeItemDescription('Jira Prod'), /PRODUCTION/);
    await editor.expandTreeItem('Jira Prod');
    await editor.treeItem('Snapshots (2)').waitFor({ timeout: uiTimeout });
    await editor.treeItem('test').waitFor({ timeout: uiTimeout });
    await editor.treeItem(/^Backup before upgrade of config/).waitFor({ timeout: uiTimeout });
    await editor.treeItem('My API Tokens (2)').waitFor({ timeout: uiTimeout });
    await editor.treeItem('Old build server').waitFor({ timeout: uiTimeout });
    await editor.treeItem('non-expiring').waitFor({ timeout: uiTimeout });
    assert.equal(await editor.treeItemDescription('non-expiring'), 'never expires');
    await editor.treeItem('All API Tokens (4)').waitFor({ timeout: uiTimeout });
    await editor.screenshot('admin-tree');

    const settings = await editor.readUserSettings();
    assert.deepEqual(settings['kantegaSso.instances'], [
      { name: 'Jira Prod', baseUrl: sim.baseUrl, username: 'admin', auth: 'password', environment: 'production' },
    ]);
    assert.doesNotMatch(JSON.stringify(settings), new RegExp(ADMIN_PASSWORD), 'the password must not be in settings');
  });

  it('shows a rejected password and fixes it with Set Credential; a plain user has no All API Tokens', async () => {
    await editor.runCommand('Kantega SSO: Add Instance…');
    await editor.answerInput('Jira John', '(1/6)');
    await editor.answerInput(sim.baseUrl, '(2/6)');
    await editor.answerInput('john.doe', '(3/6)');
    await editor.pickItem('Password', '(4/6)');
    await editor.answerInput('not-his-password', '(5/6)');
    await editor.pickItem('test', '(6/6)');
    await editor
      .dialog()
      .filter({ hasText: 'The connection test for "Jira John" failed.' })
      .waitFor({ timeout: uiTimeout });
    assert.match(await editor.dialog().innerText(), /Kantega SSO is reachable, but signing in failed/);
    await editor.dialog().getByRole('button', { name: 'Fix Credential', exact: true }).waitFor({ timeout: uiTimeout });
    await editor.screenshot('connection-test-failed');
    await editor.clickDialogButton('Save Anyway');
    await editor.expectNotification('Instance "Jira John" saved without a working connection.');

    await editor.treeItem('Jira John').filter({ hasText: 'credential rejected' }).waitFor({ timeout: uiTimeout });
    await editor.expandTreeItem('Jira John');
    const fix = editor.treeItem('Fix the credential');
    await fix.waitFor({ timeout: uiTimeout });
    await editor.screenshot('credential-rejected');

    await fix.click();
    await editor.answerInput(JOHN_PASSWORD, 'Set Credential for Jira John');
    await editor.expectNotification('Jira John: Kantega SSO is reachable and the credential was accepted');
    await editor.treeItem('Jira John').filter({ hasText: 'online' }).waitFor({ timeout: uiTimeout });
    await editor.expandTreeItem('Jira John');
    await editor.treeItem('User token 1').waitFor({ timeout: uiTimeout });
    await editor.treeItem('Google drive service').waitFor({ timeout: uiTimeout });
    await editor.screenshot('credential-fixed');

    // Both instances are expanded; only the admin's has the node.
    assert.equal(await editor.treeItem(/^My API Tokens/).count(), 2);
    assert.equal(await editor.treeItem(/^All API Tokens/).count(), 1);
  });

  it('goes back to the secret step when the test rejects the password, and saves once it is right', async () => {
    await editor.runCommand('Kantega SSO: Add Instance…');
    await editor.answerInput('Jira Retry', '(1/6)');
    await editor.answerInput(sim.baseUrl, '(2/6)');
    await editor.answerInput('admin', '(3/6)');
    await editor.pickItem('Password', '(4/6)');
    await editor.answerInput('a-typo', '(5/6)');
    await editor.pickItem('staging', '(6/6)');
    await editor
      .dialog()
      .filter({ hasText: 'The connection test for "Jira Retry" failed.' })
      .waitFor({ timeout: uiTimeout });
    await editor.clickDialogButton('Fix Credential');

    await editor.answerInput(ADMIN_PASSWORD, 'Add Kantega SSO Instance (5/6)');
    await editor.pickItem('staging', '(6/6)');
    await editor.expectNotification(
      'Instance "Jira Retry" added: Kantega SSO is reachable and the credential was accepted.',
    );
    await editor.treeItem('Jira Retry').filter({ hasText: 'online' }).waitFor({ timeout: uiTimeout });
    const saved = (await editor.readUserSettings())['kantegaSso.instances'] as { name: string }[];
    assert.deepEqual(
      saved.map((instance) => instance.name),
      ['Jira Prod', 'Jira John', 'Jira Retry'],
    );
  });
});

describe('An instance whose certificate is not checked, in a real VS Code', () => {
  let sim: Simulator;
  let editor: Editor;

  before(async () => {
    // A self-signed certificate, which only the global http.proxyStrictSSL off lets through.
    sim = await startSimulator({ tls: true, users: [{ username: 'admin', password: ADMIN_PASSWORD, sysadmin: true }] });
    editor = await launchEditor({
      name: 'instances-unverified',
      settings: {
        'http.proxyStrictSSL': false,
        'kantegaSso.instances': [adminInstance('Jira Lab', sim, 'production')],
      },
    });
    await editor.openKantegaView();
  });

  after(async () => {
    await editor?.close();
    await sim?.close();
  });

  it('says "TLS not verified" on the row and why in its tooltip, and points to the CA setting', async () => {
    assert.ok(sim.baseUrl.startsWith('https://'), sim.baseUrl);
    await editor.setCredential('Jira Lab', ADMIN_PASSWORD);
    const row = editor.treeItem('Jira Lab').filter({ hasText: 'online' });
    await row.waitFor({ timeout: uiTimeout });
    assert.match(await editor.treeItemDescription('Jira Lab'), /^PRODUCTION · TLS not verified · online/);
    await row.hover();
    const tooltip = editor.page.locator('.monaco-hover').filter({ hasText: 'The certificate is not checked' });
    await tooltip.waitFor({ timeout: uiTimeout });
    // The hover renders markdown text with non-breaking spaces.
    const said = (await tooltip.innerText()).replace(/\s+/g, ' ');
    assert.ok(said.includes('(http.proxyStrictSSL is off): add its CA to kantegaSso.caCertificates.'), said);
  });
});
