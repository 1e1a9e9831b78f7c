// A hostile server and a hostile caller, in a real VS Code: server text never becomes a clickable
// command link, names with direction overrides or of any length read as one row, a forged command
// argument cannot make a confirmation name one token and delete another, a second click does not
// send a second DELETE, and the tree keeps the selection when another token goes.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { adminInstance, launchEditor, uiTimeout, type Editor } from './harness';
import { HOSTILE, startSimulator, type Simulator } from '../simulator/index';

const ADMIN_PASSWORD = 'e2e-Hostile-Admin-31';
const INSTANCE = 'Jira Hostile';

/** Links a notification rendered as anchors; a command link would be one whose target says command:. */
async function notificationLinks(editor: Editor): Promise<string[]> {
  return editor.page
    .locator('.notification-list-item .notification-list-item-message a')
    .evaluateAll((anchors) => anchors.map((a) => `${a.textContent ?? ''} -> ${a.getAttribute('href') ?? ''}`));
}

describe('A hostile server and hostile callers in a real VS Code', () => {
  let sim: Simulator;
  let editor: Editor;

  before(async () => {
    sim = await startSimulator({
      version: 'latest',
      hostile: true,
      users: [
        { username: 'admin', password: ADMIN_PASSWORD, sysadmin: true },
        { username: 'john.doe', password: 'e2e-Hostile-John-77', sysadmin: false },
      ],
    });
    const forged = { instance: { name: INSTANCE }, token: { id: 129, name: 'build-bot (junk, expired)' } };
    editor = await launchEditor({
      name: 'hostile',
      settings: {
        'kantegaSso.instances': [adminInstance(INSTANCE, sim, 'test')],
      },
      keybindings: [
        // What any extension or a crafted link could pass: an id with a name of its own choosing.
        { key: 'ctrl+alt+shift+f', command: 'kantegaSso.deleteToken', args: forged },
        { key: 'ctrl+alt+shift+d', command: 'kantegaSso.deleteToken', args: { instanceName: INSTANCE, tokenId: 130 } },
      ],
    });
    await editor.openKantegaView();
    await editor.setCredential(INSTANCE, ADMIN_PASSWORD);
    await editor.dismissNotifications();
    await editor.treeItem(INSTANCE).filter({ hasText: 'online' }).waitFor({ timeout: uiTimeout });
    await editor.expandTreeItem(INSTANCE);
  });

  after(async () => {
    await editor?.close();
    await sim?.close();
  });

  it('shows a name with a direction override and a 10,000-character name as one readable row each', async () => {
    await editor.expandTreeItem(/^All API Tokens/);
    await editor.expandTreeItem(/^john\.doe$/);
    // U+202E is dropped: the name reads in the order it was written, not as "invoiceexe.pdf".
    await editor
      .treeItem(/^invoicefdp\.exe$/)
      .first()
      .waitFor({ timeout: uiTimeout });
    const long = editor.treeItem(/^long-AAAA/).first();
    await long.waitFor({ timeout: uiTimeout });
    const label = await long.locator('.label-name').innerText();
    assert.ok(label.length <= 200, `the row's label is shortened (${label.length} characters)`);
    assert.ok(label.endsWith('…'));
    await editor.screenshot('hostile-names');
  });

  it('names what the server says in the confirmation, not what a forged argument claims', async () => {
    await editor.dismissNotifications();
    await editor.page.keyboard.press('Control+Alt+Shift+F');
    const dialog = editor.dialog();
    await dialog.filter({ hasText: 'Delete the API token "Old build server"' }).waitFor({ timeout: uiTimeout });
    assert.doesNotMatch(await dialog.innerText(), /build-bot \(junk, expired\)/);
    await editor.screenshot('hostile-forged-argument');
    await editor.clickDialogButton('Cancel');
    assert.ok(
      sim.state.tokens.some((t) => t.id === 129),
      'nothing was deleted',
    );
  });

  it('deletes a token named with a command link and the notification offers no link', async () => {
    await editor.dismissNotifications();
    await editor.runCommand('Kantega SSO: Delete API Token');
    await editor.pickItem(INSTANCE, 'Kantega SSO instance');
    await editor.pickItem(/^build-bot\. \[Undo/, `API tokens on ${INSTANCE}`);
    await editor.dialog().filter({ hasText: 'Delete the API token "build-bot.' }).waitFor({ timeout: uiTimeout });
    await editor.clickDialogButton('Delete');
    await editor.expectNotification(/API token "build-bot\. \[Undo.* deleted from Jira Hostile\./);
    assert.deepEqual(await notificationLinks(editor), [], 'no link, let alone a command: link, in the notification');
    assert.ok(!sim.state.tokens.some((t) => t.name === HOSTILE.commandLinkName), 'the server deleted it');
    await editor.screenshot('hostile-deleted-notification');
  });

  it('shortens the notification after deleting the token with the 10,000-character name', async () => {
    await editor.dismissNotifications();
    await editor.runCommand('Kantega SSO: Delete API Token');
    await editor.pickItem(INSTANCE, 'Kantega SSO instance');
    await editor.pickItem(/^long-AAAA/, `API tokens on ${INSTANCE}`);
    await editor.clickDialogButton('Delete');
    await editor.expectNotification(/API token "long-AAAA.*" deleted/);
    const [text] = (await editor.notificationTexts()).filter((t) => t.includes('long-AAAA'));
    assert.ok(text && text.length < 400, `the notification is shortened (${text?.length} characters)`);
  });

  it('shows a token named like a codicon as text in a quick pick, not as an icon', async () => {
    await editor.dismissNotifications();
    await editor.runCommand('Kantega SSO: Find Token…');
    await editor.quickInput().filter({ hasText: 'Find Token' }).waitFor({ timeout: uiTimeout });
    await editor.quickInput().locator('input.input').fill('Approved');
    const row = editor.quickPickItem('$(pass-filled) Approved by IT').first();
    await row.waitFor({ timeout: uiTimeout });
    assert.equal(await row.locator('.codicon-pass-filled').count(), 0, 'no icon rendered from the name');
    await editor.screenshot('hostile-icon-name');
    await editor.page.keyboard.press('Escape');
  });

  it('keeps error text from the server inert: a failure message offers no command link', async () => {
    await editor.dismissNotifications();
    sim.inject(
      { type: 'status', status: 503, body: 'Maintenance. [Details](command:workbench.action.quit)' },
      { pathIncludes: '/ping', times: 3 },
    );
    await editor.runCommand('Kantega SSO: Test Connection');
    await editor.pickItem(INSTANCE, 'Kantega SSO instance');
    await editor.expectNotification(/Maintenance\. \[Details/);
    assert.deepEqual(await notificationLinks(editor), []);
    sim.clearFaults();
  });

  it('sends one DELETE when Delete is confirmed twice while the first is still running', async () => {
    await editor.dismissNotifications();
    // Bring the tree back to a known state after the failed check.
    await editor.runCommand('Kantega SSO: Refresh');
    await editor.treeItem('non-expiring').waitFor({ timeout: uiTimeout });
    sim.inject({ type: 'latency', ms: 5_000 }, { method: 'DELETE' });
    const deletesBefore = sim.requests.filter((r) => r.method === 'DELETE').length;
    await editor.page.keyboard.press('Control+Alt+Shift+D');
    await editor.dialog().filter({ hasText: 'Delete the API token "non-expiring"' }).waitFor({ timeout: uiTimeout });
    await editor.clickDialogButton('Delete');
    await editor.treeItem('non-expiring').filter({ hasText: 'deleting…' }).waitFor({ timeout: uiTimeout });
    await editor.page.keyboard.press('Control+Alt+Shift+D');
    await editor.dialog().filter({ hasText: 'Delete the API token "non-expiring"' }).waitFor({ timeout: uiTimeout });
    await editor.clickDialogButton('Delete');
    await editor.expectNotification(/already deleting/);
    await editor.expectNotification('API token "non-expiring" deleted from Jira Hostile.');
    const deletes = sim.requests.filter((r) => r.method === 'DELETE').length - deletesBefore;
    assert.equal(deletes, 1, 'one DELETE reached the server');
  });

  it('keeps the selected token selected when another token is deleted', async () => {
    await editor.dismissNotifications();
    // The failed Test Connection above showed its error in the tree, which folded the groups away.
    await editor.expandTreeItem(/^All API Tokens/);
    await editor.expandTreeItem(/^john\.doe$/);
    const kept = editor.treeItem(/^invoicefdp\.exe$/).first();
    await kept.click();
    // Clicking opened the token's details, whose page took the keyboard: give it back to the
    // workbench (an empty spot of the status bar) so that the command palette opens.
    await editor.page.locator('.part.statusbar').click({ position: { x: 600, y: 10 } });
    assert.equal(await kept.getAttribute('aria-selected'), 'true');
    await editor.runCommand('Kantega SSO: Delete API Token');
    await editor.pickItem(INSTANCE, 'Kantega SSO instance');
    // A token listed before the selected one in the same group: a list position in the tree ids
    // would have moved the selection.
    await editor.pickItem(/^User token 1$/, `API tokens on ${INSTANCE}`);
    await editor.clickDialogButton('Delete');
    await editor.expectNotification('API token "User token 1" deleted from Jira Hostile.');
    await editor.treeItem(/^User token 1$/).waitFor({ state: 'detached', timeout: uiTimeout });
    const after = editor.treeItem(/^invoicefdp\.exe$/).first();
    assert.equal(await after.getAttribute('aria-selected'), 'true', 'the selection stayed on the same token');
    await editor.screenshot('hostile-selection-kept');
  });
});
