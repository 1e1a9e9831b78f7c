// Identity providers in a real VS Code: each instance's IdPs after Snapshots and the token groups,
// an IdP's managed groups when it is expanded (sorted; 10,000 of them a page at a time), Copy IdP ID,
// and Add Managed Group… through its confirmation with the safety snapshot taken before the add (in
// the order the server saw), an add the server ignores said as such, a second add refused while one
// runs; a plain user and a Kantega SSO version without the API as rows, not errors; hostile IdP
// names and groups shown as text.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import { adminInstance, launchEditor, runFromContextMenu, uiTimeout, type Editor } from './harness';
import { HOSTILE, SEEDED_IDPS, startSimulator, type Simulator } from '../simulator/index';

const ADMIN_PASSWORD = 'e2e-Idp-Admin-64';
const JOHN_PASSWORD = 'e2e-Idp-John-27';
const [ADFS, OKTA] = SEEDED_IDPS;

/** The tree draws only the rows in view: scroll down over it until the row is drawn. */
async function scrollUntilVisible(editor: Editor, row: Locator): Promise<void> {
  const box = await editor.instancesView().boundingBox();
  if (!box) throw new Error('The Instances view is not shown');
  await editor.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 100 && !(await row.count()); i++) await editor.page.mouse.wheel(0, 1_000);
  await row.first().waitFor({ timeout: uiTimeout });
}

/** Labels of the tree rows drawn now at this depth (1 = instances). */
function rowLabels(editor: Editor, level: number): Promise<string[]> {
  return editor.page.getByRole('treeitem', { level }).locator('.label-name').allInnerTexts();
}

/**
 * Links rendered in a row, notification or dialog (anchors with a target; VS Code draws some labels
 * as anchors without one): server text must never become one.
 */
function linksIn(locator: Locator): Promise<string[]> {
  return locator
    .locator('a[href]')
    .evaluateAll((anchors) => anchors.map((a) => `${a.textContent ?? ''} -> ${a.getAttribute('href') ?? ''}`));
}

describe('Identity providers in a real VS Code', () => {
  let sim: Simulator;
  let old: Simulator;
  let hostile: Simulator;
  let editor: Editor;

  before(async () => {
    const users = [
      { username: 'admin', password: ADMIN_PASSWORD, sysadmin: true },
      { username: 'john.doe', password: JOHN_PASSWORD, sysadmin: false },
    ];
    // AD FS and Okta as seeded, and a third IdP with 10,000 managed groups.
    sim = await startSimulator({ version: 'latest', users, seedVolume: { idps: 1, groups: 10_000 } });
    old = await startSimulator({ version: '5.7.0', users });
    hostile = await startSimulator({ version: 'latest', users, hostile: true });
    editor = await launchEditor({
      name: 'identity-providers',
      // Add Managed Group… for a named IdP, as another extension or a keybinding could run it.
      keybindings: [
        {
          key: 'ctrl+alt+shift+g',
          command: 'kantegaSso.addManagedGroup',
          args: { instanceName: 'Jira Prod', idpId: ADFS.id },
        },
      ],
      settings: {
        'kantegaSso.instances': [
          adminInstance('Jira Prod', sim, 'production'),
          { name: 'Jira as John', baseUrl: sim.baseUrl, username: 'john.doe', auth: 'password', environment: 'test' },
          adminInstance('Confluence Old', old, 'staging'),
          adminInstance('Jira Hostile', hostile, 'test'),
        ],
      },
    });
    await editor.openKantegaView();
    await editor.setCredential('Jira Prod', ADMIN_PASSWORD);
    await editor.setCredential('Jira as John', JOHN_PASSWORD);
    await editor.setCredential('Confluence Old', ADMIN_PASSWORD);
    await editor.setCredential('Jira Hostile', ADMIN_PASSWORD);
    await editor.dismissNotifications();
  });

  after(async () => {
    await editor?.close();
    await Promise.all([sim?.close(), old?.close(), hostile?.close()]);
  });

  it('lists the IdPs after Snapshots and the token groups, and their groups only when expanded', async () => {
    const groupRequests = () => sim.requests.filter((r) => r.path.includes('/managedgroups/')).length;
    await editor.expandTreeItem('Jira Prod');
    await editor.treeItem('Identity Providers (3)').first().waitFor({ timeout: uiTimeout });
    const groups = await rowLabels(editor, 2);
    const at = (pattern: RegExp) => groups.findIndex((label) => pattern.test(label));
    assert.deepEqual(
      [/^Snapshots/, /^My API Tokens/, /^All API Tokens/, /^Identity Providers \(3\)$/].map(at),
      [0, 1, 2, 3],
      `the groups in order, got ${groups.join(' | ')}`,
    );
    // Make room in the view: the IdPs, not the tokens, are what this picture is about.
    await editor
      .treeItem(/^My API Tokens/)
      .first()
      .locator('.monaco-tl-twistie')
      .click();
    for (const name of [ADFS.name, OKTA.name, 'Azure AD']) {
      await editor
        .treeItem(new RegExp(`^${name}$`))
        .first()
        .waitFor({ timeout: uiTimeout });
    }
    assert.equal(groupRequests(), 0, 'no identity provider was expanded, so no group was asked for');

    await editor.expandTreeItem(new RegExp(`^${ADFS.name}$`));
    const sorted = [...ADFS.managedGroups].sort();
    await editor.treeItem(sorted[0]).first().waitFor({ timeout: uiTimeout });
    const shown = (await rowLabels(editor, 4)).filter((label) => ADFS.managedGroups.includes(label));
    assert.deepEqual(shown, sorted, 'sorted');
    assert.deepEqual(
      sim.requests.filter((r) => r.path.includes('/managedgroups/')).map((r) => r.path.split('/managedgroups/')[1]),
      [`${ADFS.id}/groups`],
      'only the expanded identity provider was asked for its groups',
    );
    // test-results/e2e/identity-providers-tree.png; the README's copy is media/screenshots/identity-providers.png.
    await editor.screenshot('tree');
  });

  it('shows the id in the tooltip and copies it from the context menu', async () => {
    const row = editor.treeItem(new RegExp(`^${ADFS.name}$`)).first();
    await row.hover();
    const tooltip = editor.page.locator('.monaco-hover').filter({ hasText: ADFS.id });
    await tooltip.waitFor({ timeout: uiTimeout });
    await runFromContextMenu(editor, row, 'Copy IdP ID');
    await editor.expectNotification(`Identity provider ID ${ADFS.id} copied to the clipboard.`);
    assert.equal(await editor.readClipboard(), ADFS.id);
  });

  it('adds a managed group from the IdP row after the confirmation, taking the safety snapshot first', async () => {
    await editor.dismissNotifications();
    const group = 'jira-servicedesk-customers-sso';
    const snapshotsBefore = sim.state.snapshots.length;
    const requestsBefore = sim.requests.length;
    const liveBefore = structuredClone(sim.state.config);
    const row = editor.treeItem(new RegExp(`^${OKTA.name}$`)).first();
    await row.hover();
    await row.getByRole('button', { name: 'Add Managed Group…' }).click();
    await editor.answerInput(group, `Add Managed Group to ${OKTA.name} on Jira Prod`);

    const dialog = editor
      .dialog()
      .filter({ hasText: `Add the managed group "${group}" to Okta on Jira Prod (PRODUCTION)?` });
    await dialog.waitFor({ timeout: uiTimeout });
    const said = (await dialog.innerText()).replace(/\s+/g, ' ');
    assert.match(said, /This is a PRODUCTION instance\./);
    assert.ok(said.includes(`Identity provider: Okta (id ${OKTA.id})`), said);
    const safety = `Before adding managed group ${group} to Okta`;
    assert.ok(said.includes(`A safety snapshot "${safety}" is taken first: restoring it undoes the add.`), said);
    assert.match(said, /The Kantega SSO API cannot remove a managed group/);
    await editor.screenshot('add-confirm');
    assert.equal(sim.requests.length, requestsBefore, 'nothing was sent before the confirmation');
    await editor.clickDialogButton('Add Group');

    await editor.expectNotification(
      `Managed group "${group}" added to Okta on Jira Prod. ` +
        `The configuration before it is in the snapshot "${safety}".`,
    );
    // What the server saw: the snapshot taken (and found listed) before the add.
    const sent = sim.requests.slice(requestsBefore);
    const snapshotAt = sent.findIndex((r) => r.method === 'POST' && r.path.includes('config/snapshot'));
    const addAt = sent.findIndex((r) => r.method === 'POST' && r.path.includes('/managedgroups/'));
    assert.ok(snapshotAt >= 0 && addAt > snapshotAt, `snapshot at ${snapshotAt}, add at ${addAt}`);
    assert.deepEqual(
      sim.state.managedGroupAdds.map(({ idpId, group: added, applied }) => ({ idpId, group: added, applied })),
      [{ idpId: OKTA.id, group, applied: true }],
    );
    const snapshot = sim.state.snapshots.find((s) => s.description === safety);
    assert.ok(snapshot, 'the safety snapshot is on the server');
    assert.deepEqual(snapshot.config, liveBefore, 'and holds the configuration from before the add');
    assert.equal(sim.state.snapshots.length, snapshotsBefore + 1);

    await editor.treeItem(`Snapshots (${snapshotsBefore + 1})`).waitFor({ timeout: uiTimeout });
    await editor.expandTreeItem(new RegExp(`^${OKTA.name}$`));
    await editor.treeItem(group).first().waitFor({ timeout: uiTimeout });
    await editor.screenshot('added');
  });

  it('adds once when started again while the first add runs, showing "adding…" on the IdP', async () => {
    await editor.dismissNotifications();
    sim.inject({ type: 'latency', ms: 6_000 }, { method: 'POST', pathIncludes: '/managedgroups/' });
    const row = editor.treeItem(new RegExp(`^${ADFS.name}$`)).first();
    await row.hover();
    await row.getByRole('button', { name: 'Add Managed Group…' }).click();
    await editor.answerInput('first-sso', `Add Managed Group to ${ADFS.name} on Jira Prod`);
    await editor.clickDialogButton('Add Group');
    const busy = editor
      .treeItem(new RegExp(`^${ADFS.name}$`))
      .filter({ hasText: 'adding…' })
      .first();
    await busy.waitFor({ timeout: uiTimeout });
    await busy.hover();
    assert.equal(
      await busy.getByRole('button', { name: 'Add Managed Group…' }).count(),
      0,
      'no inline add while one runs',
    );
    // Started once more (a keybinding naming the IdP): refused before anything is sent.
    await editor.page.keyboard.press('Control+Alt+Shift+G');
    await editor.answerInput('second-sso', `Add Managed Group to ${ADFS.name} on Jira Prod`);
    await editor.clickDialogButton('Add Group');
    await editor.expectNotification('Jira Prod is already adding a managed group… Wait until that has finished.');
    await editor.expectNotification(/^Managed group "first-sso" added to AD FS on Jira Prod\./);
    const added = sim.state.managedGroupAdds.map((entry) => entry.group);
    assert.ok(added.includes('first-sso'), added.join());
    assert.ok(!added.includes('second-sso'), 'the second add was not sent');
    assert.ok(!sim.state.snapshots.some((s) => s.description.includes('second-sso')), 'nor its safety snapshot');
    sim.clearFaults();
  });

  it('says so when the server answers the add but the group does not show', async () => {
    await editor.dismissNotifications();
    sim.state.idpAddIgnored = true;
    try {
      await editor.runCommand('Kantega SSO: Add Managed Group…');
      await editor.pickItem('Jira Prod', 'Kantega SSO instance');
      await editor.pickItem(new RegExp(`^${ADFS.name}$`), 'Identity providers of Jira Prod');
      await editor.answerInput('ignored-sso', `Add Managed Group to ${ADFS.name} on Jira Prod`);
      await editor.clickDialogButton('Add Group');
      await editor.expectNotification(
        'Jira Prod answered the add with HTTP 204, but "ignored-sso" does not show among the managed groups of AD FS.',
      );
      const last = sim.state.managedGroupAdds.at(-1);
      assert.deepEqual(last && { group: last.group, applied: last.applied }, { group: 'ignored-sso', applied: false });
    } finally {
      sim.state.idpAddIgnored = undefined;
    }
  });

  it('pages an identity provider with 10,000 managed groups', async () => {
    await editor.dismissNotifications();
    const volume = sim.idps().find((idp) => idp.name === 'Azure AD');
    assert.ok(volume && volume.managedGroups.length === 10_000, 'the generated IdP');
    // Fold what is open above it, so that the pages are what the view shows.
    for (const name of [ADFS.name, OKTA.name]) {
      const open = editor.page.getByRole('treeitem', { expanded: true }).filter({
        has: editor.page.locator('.label-name', { hasText: new RegExp(`^${name}$`) }),
      });
      if (await open.count()) await open.first().locator('.monaco-tl-twistie').click();
    }
    await editor.expandTreeItem(/^Azure AD$/);
    await scrollUntilVisible(editor, editor.treeItem('Show 200 more of 9,800…'));
    await editor.treeItem('Show 200 more of 9,800…').first().click();
    await scrollUntilVisible(editor, editor.treeItem('Show 200 more of 9,600…'));
    await editor.screenshot('groups-paged');
    await editor.page
      .getByRole('treeitem', { expanded: true })
      .filter({ hasText: /^Azure AD/ })
      .first()
      .locator('.monaco-tl-twistie')
      .click();
  });

  it('shows a plain user and a version without the API as rows, never as error notifications', async () => {
    await editor.dismissNotifications();
    await editor.expandTreeItem('Jira as John');
    const forbidden = editor.treeItem('Identity Providers').filter({ hasText: 'system administrators only' });
    await forbidden.first().waitFor({ timeout: uiTimeout });
    await forbidden.first().locator('.monaco-tl-twistie').click();
    await editor.treeItem('Needs a system administrator').first().waitFor({ timeout: uiTimeout });

    await editor.expandTreeItem('Confluence Old');
    const notOffered = editor.treeItem('Identity Providers').filter({ hasText: 'not offered' });
    await notOffered.first().waitFor({ timeout: uiTimeout });
    await notOffered.first().locator('.monaco-tl-twistie').click();
    await editor.treeItem('Not offered by this Kantega SSO version').first().waitFor({ timeout: uiTimeout });
    await editor.screenshot('states');
    assert.deepEqual(await editor.notificationTexts(), [], 'no notification');
    const log = await editor.extensionLog();
    assert.doesNotMatch(log, /\[error\].*identity provider/i);
    for (const name of ['Jira as John', 'Confluence Old']) {
      await editor.treeItem(name).first().locator('.monaco-tl-twistie').click();
    }
  });

  it('shows hostile IdP names and groups as text, and names them inertly when adding', async () => {
    await editor.dismissNotifications();
    await editor.treeItem('Jira Prod').first().locator('.monaco-tl-twistie').click();
    await editor.expandTreeItem('Jira Hostile');
    const linkName = editor.treeItem(HOSTILE.idpCommandLinkName).first();
    await linkName.waitFor({ timeout: uiTimeout });
    assert.equal(await linkName.locator('.label-name').innerText(), HOSTILE.idpCommandLinkName);
    assert.deepEqual(await linksIn(linkName), []);
    // U+202E is dropped: the name reads as written, "(LMAS)", not mirrored into "(SAML)".
    const rtl = editor.treeItem(/^Entra ID/).first();
    assert.equal(await rtl.locator('.label-name').innerText(), 'Entra ID (LMAS)');

    await editor.expandTreeItem(HOSTILE.idpCommandLinkName);
    await editor.treeItem(HOSTILE.groupCommandLinkName).first().waitFor({ timeout: uiTimeout });
    assert.equal(await editor.treeItem(/^jira-software-users$/).count(), 1, 'a group listed twice shows once');
    await editor.expandTreeItem('IdP with id ..');
    await editor
      .treeItem(/cannot go into a request/)
      .first()
      .waitFor({ timeout: uiTimeout });
    await editor.screenshot('hostile');

    await runFromContextMenu(editor, linkName, 'Add Managed Group…');
    await editor.answerInput('hostile-added', 'Add Managed Group to');
    const dialog = editor.dialog().filter({ hasText: 'Add the managed group "hostile-added"' });
    await dialog.waitFor({ timeout: uiTimeout });
    assert.ok(
      (await dialog.innerText()).includes(`Identity provider: ${HOSTILE.idpCommandLinkName} (id hostile-command-link)`),
    );
    assert.deepEqual(await linksIn(dialog), []);
    await editor.clickDialogButton('Add Group');
    await editor.expectNotification(
      /^Managed group "hostile-added" added to \[x］\(command:kantegaSso\.removeInstance\) on Jira Hostile\./,
    );
    assert.deepEqual(await linksIn(editor.page.locator('.notification-list-item-message')), []);
    const settings = await editor.readUserSettings();
    assert.equal((settings['kantegaSso.instances'] as unknown[]).length, 4, 'no instance was removed');
  });
});
