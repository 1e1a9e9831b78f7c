// Across the fleet, in a real VS Code: Snapshot Instances… takes one snapshot on each chosen
// instance, names what failed and where, and Retry Failed takes the missing one once it answers; an
// instance whose own snapshot is still being taken is left out and named.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { adminInstance, launchEditor, uiTimeout, type Editor } from './harness';
import { startSimulator, type Simulator } from '../simulator/index';

const PASSWORD = 'e2e-Fleet-Admin-47';
const admin = [{ username: 'admin', password: PASSWORD, sysadmin: true }];

describe('Snapshot Instances in a real VS Code', () => {
  let jira: Simulator;
  let confluence: Simulator;
  let bitbucket: Simulator;
  let editor: Editor;

  before(async () => {
    [jira, confluence, bitbucket] = await Promise.all([
      startSimulator({ users: admin }),
      startSimulator({ users: admin, version: '5.7.0', contextPath: '/confluence', applicationName: 'Confluence' }),
      startSimulator({ users: admin, contextPath: '/bitbucket', applicationName: 'Bitbucket' }),
    ]);
    editor = await launchEditor({
      name: 'fleet',
      keybindings: [{ key: 'ctrl+alt+shift+s', command: 'kantegaSso.createSnapshot', args: 'Jira Prod' }],
      settings: {
        'kantegaSso.instances': [
          adminInstance('Jira Prod', jira, 'production'),
          adminInstance('Confluence Staging', confluence, 'staging'),
          adminInstance('Bitbucket Test', bitbucket, 'test'),
        ],
      },
    });
    await editor.openKantegaView();
    for (const name of ['Jira Prod', 'Confluence Staging', 'Bitbucket Test'])
      await editor.setCredential(name, PASSWORD);
    await editor.dismissNotifications();
  });

  after(async () => {
    await editor?.close();
    await Promise.all([jira?.close(), confluence?.close(), bitbucket?.close()]);
  });

  it('takes a snapshot on each instance, names the one that failed, and Retry Failed takes it', async () => {
    // Bitbucket is down for maintenance behind its proxy.
    bitbucket.inject({ type: 'status', status: 503, body: 'Down for maintenance' }, { method: 'POST', times: 1 });
    await editor.runCommand('Kantega SSO: Snapshot Instances…');
    await editor.quickInput().filter({ hasText: 'Snapshot Instances' }).waitFor({ timeout: uiTimeout });
    assert.ok(await editor.quickPickItem('Jira Prod').count(), 'the instances are offered');
    // In a multi-select pick, a click on a row ticks it; Enter then accepts the ticked ones.
    for (const name of ['Jira Prod', 'Confluence Staging', 'Bitbucket Test']) await editor.quickPickItem(name).click();
    await editor.quickInput().locator('input.input').press('Enter');
    const description = `Before upgrade ${new Date().getFullYear()}`;
    await editor.quickInput().filter({ hasText: 'One description for every snapshot' }).waitFor({ timeout: uiTimeout });
    await editor.answerInput(description);
    await editor.expectNotification(`Snapshot "${description}" taken on 2 of 3 instances.`);
    const [summary] = (await editor.notificationTexts()).filter((text) => text.includes('2 of 3'));
    assert.match(summary ?? '', /Bitbucket Test: .*HTTP 503/, 'the failure is named with its reason');
    assert.ok(jira.state.snapshots.some((s) => s.description === description));
    assert.ok(confluence.state.snapshots.some((s) => s.description === description));
    assert.ok(!bitbucket.state.snapshots.some((s) => s.description === description));
    await editor.screenshot('snapshot-instances-summary');

    await editor.clickNotificationButton('taken on 2 of 3 instances', 'Retry Failed');
    await editor.expectNotification(`Snapshot "${description}" taken on 1 of 1 instances.`);
    assert.ok(
      bitbucket.state.snapshots.some((s) => s.description === description),
      'the retry took it',
    );
    assert.equal(jira.state.snapshots.filter((s) => s.description === description).length, 1, 'no second one on Jira');
  });

  it('leaves out an instance whose own snapshot is still being taken, and says so once', async () => {
    await editor.dismissNotifications();
    jira.inject({ type: 'latency', ms: 12_000 }, { method: 'POST', pathIncludes: 'description=Manual' });
    await editor.page.keyboard.press('Control+Alt+Shift+S');
    await editor.answerInput('Manual', 'Create Snapshot of Jira Prod');
    await editor.runCommand('Kantega SSO: Snapshot Instances…');
    await editor.quickInput().filter({ hasText: 'Snapshot Instances' }).waitFor({ timeout: uiTimeout });
    for (const name of ['Jira Prod', 'Confluence Staging']) await editor.quickPickItem(name).click();
    await editor.quickInput().locator('input.input').press('Enter');
    await editor.quickInput().filter({ hasText: 'One description for every snapshot' }).waitFor({ timeout: uiTimeout });
    await editor.answerInput('Fleet run');
    await editor.expectNotification('Snapshot "Fleet run" taken on 1 of 2 instances.');
    const [summary] = (await editor.notificationTexts()).filter((text) => text.includes('1 of 2'));
    assert.match(summary ?? '', /Jira Prod: not taken, already taking a snapshot…/);
    await editor.expectNotification('Snapshot "Manual" taken on Jira Prod.');
    assert.equal(jira.state.snapshots.filter((s) => s.description === 'Manual').length, 1);
    assert.ok(!jira.state.snapshots.some((s) => s.description === 'Fleet run'), 'not taken during the other');
    assert.ok(confluence.state.snapshots.some((s) => s.description === 'Fleet run'));
  });

  it('finds a token among the tokens of every instance and opens its details', async () => {
    await editor.dismissNotifications();
    bitbucket.issueToken('admin', { name: 'deploy-key-bitbucket', description: 'Deploys the mirror' });
    for (let i = 0; i < 250; i++) bitbucket.issueToken('admin', { name: `bulk-${i}` });
    await editor.runCommand('Kantega SSO: Find Token…');
    await editor.quickInput().filter({ hasText: 'Find Token' }).waitFor({ timeout: uiTimeout });
    await editor.quickPickItem('Old build server').first().waitFor({ timeout: uiTimeout });
    const input = editor.quickInput().locator('input.input');
    await input.fill('Old build server');
    await editor.quickPickItem('Old build server').nth(2).waitFor({ timeout: uiTimeout });
    assert.equal(await editor.quickPickItem('Old build server').count(), 3, "every instance's tokens are listed");
    // A page of rows at a time, and the picker says how many match.
    await input.fill('bulk');
    await editor
      .quickInput()
      .filter({ hasText: 'Find Token (200 of 250 shown: type more)' })
      .waitFor({ timeout: uiTimeout });
    await editor.screenshot('find-token-capped');
    // Matched by its instance, not its label: VS Code's own filter would hide it.
    await input.fill('test bulk-249');
    await editor.quickPickItem(/^bulk-249$/).waitFor({ timeout: uiTimeout });
    await editor
      .quickInput()
      .filter({ hasText: /Find Token \(1 of [\d,.\s]+ match\)/ })
      .waitFor({ timeout: uiTimeout });
    await input.fill('deploy-key');
    await editor.pickItem(/^deploy-key-bitbucket$/);
    const frame = await editor.webviewFrame('#token-name', 'deploy-key-bitbucket');
    assert.equal(await frame.locator('#token-instance').innerText(), 'Bitbucket Test');
    assert.equal(await frame.locator('#token-description').innerText(), 'Deploys the mirror');
  });
});
