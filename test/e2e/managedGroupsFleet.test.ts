// Managed groups across the fleet, in a real VS Code: Add Managed Group to Instances… picks the IdP
// once by name (matched trimmed and ignoring case), confirms once, takes each safety snapshot before
// its add (in the order the simulators saw), names the instance that was down, and Retry Failed adds
// it once it answers. Find Managed Group… shows where a group is managed, where it is missing among
// instances of the same product and where it could not be checked, with a hostile IdP name as text.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { adminInstance, launchEditor, uiTimeout, type Editor } from './harness';
import { SEEDED_IDPS, startSimulator, type Simulator } from '../simulator/index';

const PASSWORD = 'e2e-Groups-Admin-53';
const admin = [{ username: 'admin', password: PASSWORD, sysadmin: true }];
const [ADFS] = SEEDED_IDPS;
const HOSTILE_IDP = '[x](command:kantegaSso.removeInstance) Entra \u202E(LMAS)';

/** Where in the simulator's log the last safety snapshot and the add of `group` were POSTed (-1: not). */
function postOrder(sim: Simulator, group: string): { snapshot: number; add: number } {
  const description = encodeURIComponent(`Before adding managed group ${group}`);
  const indexes = (test: (path: string) => boolean) =>
    sim.requests.flatMap((request, index) => (request.method === 'POST' && test(request.path) ? [index] : []));
  const snapshots = indexes((path) => path.includes(description));
  const adds = indexes((path) => path.includes('/managedgroups/') && path.endsWith(`/groups/${group}`));
  assert.equal(adds.length, 1, 'one add POSTed');
  return { snapshot: snapshots.at(-1) ?? -1, add: adds[0] };
}

describe('Managed groups across the fleet in a real VS Code', () => {
  let jira: Simulator;
  let jiraTest: Simulator;
  let confluence: Simulator;
  let oldConfluence: Simulator;
  let editor: Editor;
  const names = ['Jira Prod', 'Jira Test', 'Confluence Staging', 'Confluence Old'];

  before(async () => {
    [jira, jiraTest, confluence, oldConfluence] = await Promise.all([
      startSimulator({ users: admin }),
      startSimulator({ users: admin }),
      startSimulator({ users: admin, contextPath: '/confluence', applicationName: 'Confluence' }),
      startSimulator({ users: admin, version: '5.7.0', contextPath: '/wiki', applicationName: 'Confluence' }),
    ]);
    // The same IdP, written by hand another way on Confluence: matched by name all the same.
    const idps = confluence.state.config.idps as Array<Record<string, unknown>>;
    idps.find((idp) => idp.id === ADFS.id)!.name = ' ad fs';
    confluence.addIdp(HOSTILE_IDP, 'hostile-idp', { managedGroups: ['jira-software-users-sso'] });
    editor = await launchEditor({
      name: 'managed-groups-fleet',
      settings: {
        'kantegaSso.instances': [
          adminInstance('Jira Prod', jira, 'production'),
          adminInstance('Jira Test', jiraTest, 'test'),
          adminInstance('Confluence Staging', confluence, 'staging'),
          adminInstance('Confluence Old', oldConfluence, 'staging'),
        ],
      },
    });
    await editor.openKantegaView();
    for (const name of names) await editor.setCredential(name, PASSWORD);
    await editor.dismissNotifications();
  });

  after(async () => {
    await editor?.close();
    await Promise.all([jira?.close(), jiraTest?.close(), confluence?.close(), oldConfluence?.close()]);
  });

  it('adds a group on three instances, safety snapshots first, and Retry Failed where one was down', async () => {
    const group = 'sso-fleet-users';
    // Confluence is down for maintenance when its safety snapshot is asked for: nothing is added there.
    confluence.inject({ type: 'status', status: 503, body: 'Down for maintenance' }, { method: 'POST', times: 1 });
    await editor.runCommand('Kantega SSO: Add Managed Group to Instances…');
    await editor.quickInput().filter({ hasText: 'Add Managed Group to Instances' }).waitFor({ timeout: uiTimeout });
    for (const name of ['Jira Prod', 'Jira Test', 'Confluence Staging']) await editor.quickPickItem(name).click();
    await editor.quickInput().locator('input.input').press('Enter');

    // One pick by name: "AD FS" and " ad fs" are one name; the hostile IdP is on one instance only.
    const adfs = editor.quickPickItem(/^AD FS$/);
    await adfs.waitFor({ timeout: uiTimeout });
    assert.match(await adfs.innerText(), /on 3 of 3 instances/);
    assert.equal(await editor.quickPickItem('command:').count(), 0, 'a name on one instance is not offered');
    await editor.pickItem(/^AD FS$/);
    await editor.answerInput(group, 'The group to add as a managed group');

    const dialog = editor.dialog().filter({
      hasText: `Add the managed group "${group}" on 3 instances, PRODUCTION among them?`,
    });
    await dialog.waitFor({ timeout: uiTimeout });
    const detail = await dialog.innerText();
    assert.match(detail, /⚠ Jira Prod \(PRODUCTION\): identity provider "AD FS"/);
    assert.match(detail, /Jira Test \(test\): identity provider "AD FS"/);
    assert.match(detail, /Confluence Staging \(staging\): identity provider "\s?ad fs"/);
    assert.ok(detail.indexOf('Jira Prod') < detail.indexOf('Jira Test'), 'production first');
    assert.match(detail, new RegExp(`A safety snapshot \\("Before adding managed group ${group} to AD FS"\\)`));
    await editor.screenshot('fleet-add-confirmation');
    await editor.clickDialogButton('Add to 3 Instances');

    await editor.expectNotification(`Managed group "${group}" added on 2 of 3 instances.`);
    const [summary] = (await editor.notificationTexts()).filter((text) => text.includes('2 of 3'));
    assert.match(summary ?? '', /Confluence Staging: not added: .*503/, 'the failure is named with its reason');
    assert.doesNotMatch(summary ?? '', /Jira Prod|Jira Test/, 'only what went wrong is listed');
    for (const sim of [jira, jiraTest]) {
      assert.deepEqual(
        sim.state.managedGroupAdds.map((add) => [add.idpId, add.group, add.applied]),
        [[ADFS.id, group, true]],
      );
      const { snapshot, add } = postOrder(sim, group);
      assert.ok(snapshot >= 0 && snapshot < add, `the safety snapshot is POSTed before the add (${snapshot} < ${add})`);
      assert.ok(sim.state.snapshots.some((s) => s.description === `Before adding managed group ${group} to AD FS`));
    }
    assert.equal(confluence.state.managedGroupAdds.length, 0, 'nothing added where the snapshot failed');
    await editor.screenshot('fleet-add-summary');

    await editor.clickNotificationButton('added on 2 of 3 instances', 'Retry Failed');
    await editor.expectNotification(`Managed group "${group}" added on 1 of 1 instances.`);
    assert.deepEqual(
      confluence.state.managedGroupAdds.map((add) => [add.idpId, add.group]),
      [[ADFS.id, group]],
    );
    const { snapshot, add } = postOrder(confluence, group);
    assert.ok(snapshot >= 0 && snapshot < add, 'the retry took its safety snapshot first too');
    assert.equal(jira.state.managedGroupAdds.length, 1, 'no second add on Jira');
  });

  it('finds a group across instances: managed, missing, not offered, with a hostile IdP name as text', async () => {
    await editor.dismissNotifications();
    const group = 'jira-software-users-sso';
    jiraTest.setManagedGroups(ADFS.id, ['jira-administrators-sso']);
    const requestsBefore = jira.requests.length;
    await editor.runCommand('Kantega SSO: Find Managed Group…');
    await editor.answerInput(group, 'The managed group to look for on every instance');
    await editor
      .quickInput()
      .filter({ hasText: `Find Managed Group "${group}"` })
      .waitFor({ timeout: uiTimeout });

    const found = editor.quickPickItem('Jira Prod');
    await found.waitFor({ timeout: uiTimeout });
    assert.match(await found.innerText(), /identity provider "AD FS"/);
    assert.match(await editor.quickPickItem('Jira Test').innerText(), /other Jira instances manage it/);
    assert.match(await editor.quickPickItem('Confluence Old').innerText(), /not offered by this Kantega SSO version/);
    // Its seeded AD FS manages the group too: one row per IdP.
    assert.equal(await editor.quickPickItem('Confluence Staging').count(), 2);
    const hostile = editor.quickPickItem('Confluence Staging').filter({ hasText: 'Entra' });
    const hostileText = await hostile.innerText();
    assert.ok(hostileText.includes('[x](command:kantegaSso.removeInstance) Entra'), 'the IdP name is shown as text');
    assert.ok(!hostileText.includes('\u202E'), 'without its direction override');
    assert.equal(await hostile.locator('a[href]').count(), 0, 'no link in its row');
    assert.equal(await editor.quickInput().locator('a[href*="command:"]').count(), 0, 'no command link in the pick');
    await editor.screenshot('find-managed-group');
    // The check endpoint answered, never the list of an IdP's groups.
    const lists = jira.requests
      .slice(requestsBefore)
      .filter((request) => /\/managedgroups\/[^/]+\/groups\/?$/.test(request.path));
    assert.deepEqual(lists, []);
    assert.ok(jira.requests.slice(requestsBefore).some((request) => request.path.endsWith(`/groups/${group}`)));

    // Where it is missing, one choice adds it: the IdP by name, one confirmation, the add.
    await editor.pickItem(/Where It Is Missing \(1\)/);
    await editor.pickItem(/^AD FS$/, 'Add Managed Group to Instances');
    const dialog = editor.dialog().filter({ hasText: `Add the managed group "${group}" on Jira Test (test)?` });
    await dialog.waitFor({ timeout: uiTimeout });
    await editor.clickDialogButton('Add');
    await editor.expectNotification(`Managed group "${group}" added on 1 of 1 instances.`);
    assert.ok(
      jiraTest
        .idps()
        .find((idp) => idp.id === ADFS.id)!
        .managedGroups.includes(group),
    );
  });

  it('choosing where a group was found shows it in the tree, under its identity provider, selected', async () => {
    const group = 'jira-administrators-sso';
    await editor.runCommand('Kantega SSO: Find Managed Group…');
    await editor.answerInput(group, 'The managed group to look for on every instance');
    await editor.quickPickItem('Jira Test').first().waitFor({ timeout: uiTimeout });
    await editor.pickItem('Jira Test', `Find Managed Group "${group}"`);
    // The group's row, four levels down (instance, Identity Providers, AD FS, group), is the one selected.
    const selected = editor.page.locator('.monaco-list-row[aria-selected="true"][aria-level="4"]', { hasText: group });
    await selected.waitFor({ timeout: uiTimeout });
    assert.equal(await editor.treeItem('Jira Test').first().getAttribute('aria-expanded'), 'true');
  });
});
