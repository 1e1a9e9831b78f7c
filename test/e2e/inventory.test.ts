// The fleet inventory in a real VS Code, on a simulated fleet with deliberate drift: a staging on
// another Kantega SSO version whose newest snapshot carries production's base URL and whose Okta
// manages one group more, a test that does not trust AD FS and whose snapshots are stale, a Confluence
// of its own, and an instance that is down. Every mark shows with its words, the summary counts them,
// opening the inventory after the tree loaded sends no request at all, the Markdown export is a table
// with one row per instance, the filters narrow the table, and a row's Reveal selects it in the tree.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Frame } from 'playwright-core';
import { adminInstance, launchEditor, uiTimeout, type Editor } from './harness';
import { SEEDED_IDPS, startSimulator, type Simulator } from '../simulator/index';

const PASSWORD = 'e2e-Inventory-Admin-47';
const users = [
  { username: 'admin', password: PASSWORD, sysadmin: true },
  { username: 'john.doe', password: 'e2e-Inventory-John-12', sysadmin: false },
];
const DAY = 86_400_000;
const [ADFS, OKTA] = SEEDED_IDPS;
const ONLINE = ['Jira Production', 'Jira Staging', 'Jira Test', 'Confluence Production'];
const ALL = [...ONLINE, 'Jira DR'];

describe('The fleet inventory in a real VS Code', () => {
  let production: Simulator;
  let staging: Simulator;
  let test: Simulator;
  let confluence: Simulator;
  let editor: Editor;
  let folder: string;
  let frame: Frame;
  let downUrl: string;

  before(async () => {
    let down: Simulator;
    [production, staging, test, confluence, down] = await Promise.all([
      startSimulator({ users }),
      startSimulator({ users, pluginVersion: '7.3.0' }),
      startSimulator({ users }),
      startSimulator({ users, contextPath: '/confluence', applicationName: 'Confluence', applicationVersion: '8.5.4' }),
      startSimulator({ users }),
    ]);
    // Nothing listens there once it is closed.
    downUrl = down.baseUrl;
    await down.close();

    // Staging was cloned from production: its newest snapshot still carries production's address.
    const newest = (sim: Simulator) => sim.state.snapshots.reduce((a, b) => (a.timeMillis >= b.timeMillis ? a : b));
    newest(staging).baseUrl = production.baseUrl;
    // And its Okta manages one group that production's does not.
    staging.setManagedGroups(OKTA.id, [...OKTA.managedGroups, 'staging-testers-sso']);
    // Test trusts Okta only, and its newest snapshot is 62 days old (every snapshot 60 days back).
    test.state.config.idps = [];
    test.addIdp(OKTA.name, OKTA.id, { managedGroups: [...OKTA.managedGroups] });
    for (const snapshot of test.state.snapshots) snapshot.timeMillis -= 60 * DAY;

    folder = await mkdtemp(path.join(tmpdir(), 'kantega-inventory-'));
    editor = await launchEditor({
      name: 'inventory',
      workspaceFolder: folder,
      settings: {
        // code-server's save dialog is VS Code's own: a quick input taking a path.
        'files.simpleDialog.enable': true,
        'kantegaSso.instances': [
          adminInstance('Jira Production', production, 'production'),
          adminInstance('Jira Staging', staging, 'staging'),
          adminInstance('Jira Test', test, 'test'),
          adminInstance('Confluence Production', confluence, 'production'),
          // No environment: the environment filter offers "(no environment)" for it.
          { name: 'Jira DR', baseUrl: downUrl, username: 'admin', auth: 'password' },
        ],
      },
    });
    await editor.openKantegaView();
    for (const name of ONLINE) await editor.setCredential(name, PASSWORD);
    await editor.dismissNotifications();
  });

  after(async () => {
    await editor?.close();
    await Promise.all([production?.close(), staging?.close(), test?.close(), confluence?.close()]);
  });

  const row = (instance: string) => frame.locator(`#rows tr[data-instance="${instance}"]`);
  const marks = async (instance: string, column: string) =>
    row(instance).locator(`td.col-${column} .mark-words`).allInnerTexts();
  async function waitForDrawn(count: number): Promise<void> {
    const deadline = Date.now() + uiTimeout;
    for (;;) {
      const rows = await frame.locator('#rows tr').count();
      const busy = await frame.locator('#inventory').getAttribute('aria-busy');
      if (rows === count && busy === 'false') return;
      if (Date.now() > deadline) throw new Error(`expected ${count} rows drawn, saw ${rows} (aria-busy ${busy})`);
      await editor.page.waitForTimeout(100);
    }
  }

  it('opens after the tree loaded everything without sending a single request', async () => {
    // What the tree loads: each instance's status and content when expanded, and each identity
    // provider's managed groups when it is expanded. Each instance is collapsed again afterwards, so
    // that the next one's rows are on screen (the tree draws only those).
    const idpsOf: Record<string, string[]> = {
      'Jira Production': [ADFS.name, OKTA.name],
      'Jira Staging': [ADFS.name, OKTA.name],
      'Jira Test': [OKTA.name],
      'Confluence Production': [ADFS.name, OKTA.name],
    };
    for (const [instance, idps] of Object.entries(idpsOf)) {
      const instanceRow = await editor.expandTreeItem(instance);
      for (const idp of idps) {
        await editor.expandTreeItem(new RegExp(`^${idp}$`));
        const first = [...(idp === ADFS.name ? ADFS : OKTA).managedGroups].sort()[0];
        await editor.treeItem(first).first().waitFor({ timeout: uiTimeout });
      }
      await instanceRow.locator('.monaco-tl-twistie').click();
      await editor.page
        .getByRole('treeitem', { expanded: false })
        .filter({ hasText: instance })
        .first()
        .waitFor({ timeout: uiTimeout });
    }
    // The instance that is down was checked by the tree too (its row says so).
    await editor.treeItem('Jira DR').first().waitFor({ timeout: uiTimeout });
    assert.match(await editor.treeItemDescription('Jira DR'), /unreachable|refused|connect/i);
    // Settle: the tree's own loads are all answered.
    await editor.page.waitForTimeout(1_000);

    const simulators = [production, staging, test, confluence];
    const before = simulators.map((sim) => sim.requests.length);
    await editor.runCommand('Kantega SSO: Show Fleet Inventory');
    frame = await editor.webviewFrame('#rows tr', 'Jira Production');
    await waitForDrawn(5);
    await row('Jira Staging').locator('td.col-identityProviders', { hasText: 'managed group' }).waitFor();
    // Anything the opening started would have reached the servers by now.
    await editor.page.waitForTimeout(1_000);
    const sent = simulators.map((sim, index) => sim.requests.slice(before[index]).map((r) => `${r.method} ${r.path}`));
    assert.deepEqual(sent, [[], [], [], []], 'no request at all');
    assert.deepEqual(await frame.locator('#rows tr').evaluateAll((rows) => rows.map((r) => r.dataset.instance)), ALL);
  });

  it('shows every difference and warning with its words, and counts them above the table', async () => {
    // Staging: another Kantega SSO version, production's base URL, one more managed group on Okta.
    assert.deepEqual(await marks('Jira Staging', 'kantegaSso'), ['staging runs Kantega SSO 7.3.0, production 7.4.1']);
    assert.deepEqual(await marks('Jira Staging', 'baseUrl'), [
      `The product believes its address is ${production.baseUrl}, the address of Jira Production: ` +
        'SAML redirects go there',
    ]);
    assert.deepEqual(await marks('Jira Staging', 'identityProviders'), [
      '1 managed group differs on Okta from production (0 missing, 1 extra)',
    ]);
    // Test: AD FS missing, a stale snapshot.
    assert.deepEqual(await marks('Jira Test', 'identityProviders'), ['AD FS missing on test (trusted on production)']);
    assert.deepEqual(await marks('Jira Test', 'snapshot'), ['Newest snapshot is 62 days old (more than 30)']);
    // Production is the reference: it differs from nothing.
    for (const column of ['kantegaSso', 'baseUrl', 'identityProviders', 'snapshot'])
      assert.deepEqual(await marks('Jira Production', column), [], `production has no ${column} mark`);
    // The instance that is down: its values unknown, never different.
    const down = row('Jira DR');
    assert.equal(await down.locator('td.col-status .value').innerText(), 'unreachable');
    assert.equal(await down.locator('.mark').count(), 0, 'unknown is not different');
    assert.equal(await down.locator('td.col-kantegaSso.unknown').innerText(), 'unknown');
    // A difference is marked by more than colour: a sign and the cell's own border style.
    const drift = row('Jira Staging').locator('td.col-kantegaSso');
    assert.match((await drift.getAttribute('class')) ?? '', /\bmark-drift\b/);
    assert.equal(await drift.locator('.mark-sign').innerText(), '≠');
    assert.equal(await drift.evaluate((td) => getComputedStyle(td).borderLeftStyle), 'double');
    const warning = row('Jira Test').locator('td.col-snapshot');
    assert.equal(await warning.locator('.mark-sign').innerText(), '⚠');
    assert.equal(await warning.evaluate((td) => getComputedStyle(td).borderLeftStyle), 'dashed');
    // Each online instance also has the seeded expired token ("Old build server").
    for (const instance of ONLINE) assert.deepEqual(await marks(instance, 'tokens'), ['1 expired token']);

    const summary = await frame.locator('#summary').innerText();
    assert.match(summary, /3 differences on 2 instances\./);
    assert.match(summary, /6 warnings\./);
    assert.match(summary, /1 instance is not online/);
    // Production stands out.
    assert.equal(await row('Jira Production').locator('.environment-production').count(), 1);
    assert.match((await row('Jira Production').getAttribute('class')) ?? '', /\bproduction\b/);

    // The README's picture: the inventory with the room it gets when the side bar is closed.
    await editor.runCommand('View: Close Primary Side Bar');
    // Saved as test-results/e2e/inventory-inventory.png; the README's copy is media/screenshots/inventory.png.
    await editor.screenshot('inventory');
  });

  it('sorts by any column from its header, filters by environment, product and text', async () => {
    const shown = () => frame.locator('#rows tr').evaluateAll((rows) => rows.map((r) => r.dataset.instance));
    const header = frame.locator('th[data-column="kantegaSso"] button');
    await header.click();
    await frame.locator('th[data-column="kantegaSso"][aria-sort="ascending"]').waitFor({ timeout: uiTimeout });
    const ascending = await shown();
    assert.equal(ascending.indexOf('Jira Staging'), 0, `7.3.0 first: ${ascending.join(', ')}`);
    assert.equal(ascending.at(-1), 'Jira DR', 'unknown last');
    await header.focus();
    await header.press('Enter');
    await frame.locator('th[data-column="kantegaSso"][aria-sort="descending"]').waitFor({ timeout: uiTimeout });
    const descending = await shown();
    assert.deepEqual([descending[0], descending.at(-1)], ['Jira DR', 'Jira Staging'], 'Enter sorts the other way');

    await frame.locator('#environment-filter').selectOption({ label: 'production' });
    assert.deepEqual(new Set(await shown()), new Set(['Jira Production', 'Confluence Production']));
    await frame.locator('#product-filter').selectOption({ label: 'Confluence' });
    assert.deepEqual(await shown(), ['Confluence Production']);
    assert.equal(await frame.locator('#shown-count').innerText(), '1 of 5 instances shown');
    await frame.locator('#environment-filter').selectOption({ label: 'All environments' });
    await frame.locator('#product-filter').selectOption({ label: 'All products' });
    await frame.locator('#environment-filter').selectOption({ label: '(no environment)' });
    assert.deepEqual(await shown(), ['Jira DR']);
    await frame.locator('#environment-filter').selectOption({ label: 'All environments' });
    await frame.locator('#filter').fill('AD FS missing');
    await frame.locator('#rows tr').first().waitFor({ timeout: uiTimeout });
    const deadline = Date.now() + uiTimeout;
    while ((await shown()).length !== 1 && Date.now() < deadline) await editor.page.waitForTimeout(100);
    assert.deepEqual(await shown(), ['Jira Test'], 'the text filter reads the marks');
    await frame.locator('#filter').fill('');
    while ((await shown()).length !== 5 && Date.now() < deadline) await editor.page.waitForTimeout(100);
  });

  it('exports every instance from the palette as a Markdown table, one row per instance', async () => {
    await editor.dismissNotifications();
    await editor.runCommand('Kantega SSO: Export Inventory…');
    await editor.pickItem('Markdown', 'Export the Inventory of 5 Instances');
    const input = editor.quickInput().locator('input.input');
    await input.waitFor({ state: 'visible', timeout: uiTimeout });
    const deadline = Date.now() + uiTimeout;
    while (!(await input.inputValue()).endsWith('.md') && Date.now() < deadline) await editor.page.waitForTimeout(100);
    const file = await input.inputValue();
    assert.equal(path.dirname(file), folder);
    assert.match(path.basename(file), /^kantega-sso-inventory-\d{4}-\d{2}-\d{2}\.md$/);
    await input.press('Enter');
    await editor.expectNotification(`Exported the inventory of 5 instances to ${file}`);
    const markdown = await readFile(file, 'utf8');
    // Server values are escaped for Markdown (7\.3\.0): read the words as a renderer shows them.
    const rendered = markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1');
    const table = markdown.split('\n').filter((line) => line.startsWith('|'));
    assert.equal(table.length, 2 + ALL.length, `a header, its rule and one row per instance:\n${markdown}`);
    assert.match(table[0], /^\| Instance \| Environment \| Status \|/);
    assert.match(table[1], /^\| --- \|/);
    ALL.forEach((instance, index) => assert.ok(table[2 + index].startsWith(`| ${instance} |`), table[2 + index]));
    assert.ok(rendered.includes('staging runs Kantega SSO 7.3.0, production 7.4.1'));
    assert.ok(rendered.includes('AD FS missing on test'));
    assert.match(markdown, /3 differences on 2 instances\./);
    assert.ok(!markdown.includes(PASSWORD), 'no password in the export');
  });

  it("exports what the page's filter shows from its Export button", async () => {
    await editor.dismissNotifications();
    await frame.locator('#environment-filter').selectOption({ label: 'staging' });
    await frame.locator('#rows tr').first().waitFor({ timeout: uiTimeout });
    await frame.locator('#export').click();
    await editor.pickItem('JSON', 'Export the Inventory of 1 Instances');
    const input = editor.quickInput().locator('input.input');
    await input.waitFor({ state: 'visible', timeout: uiTimeout });
    const deadline = Date.now() + uiTimeout;
    while (!(await input.inputValue()).endsWith('.json') && Date.now() < deadline)
      await editor.page.waitForTimeout(100);
    const file = await input.inputValue();
    await input.press('Enter');
    await editor.expectNotification(`Exported the inventory of 1 instances to ${file}`);
    const exported = JSON.parse(await readFile(file, 'utf8')) as {
      instances: Array<{ name: string; kantegaSsoVersion: string; marks: Array<{ kind: string }> }>;
    };
    assert.deepEqual(
      exported.instances.map((instance) => instance.name),
      ['Jira Staging'],
    );
    assert.equal(exported.instances[0].kantegaSsoVersion, '7.3.0');
    assert.ok(exported.instances[0].marks.some((mark) => mark.kind === 'pluginVersion'));
    await frame.locator('#environment-filter').selectOption({ label: 'All environments' });
  });

  it("reveals a row's instance in the tree, selected", async () => {
    await row('Jira Test').getByRole('button', { name: 'Reveal Jira Test in the Instances view' }).click();
    const selected = editor.page.locator('.monaco-list-row[aria-selected="true"][aria-level="1"]', {
      hasText: 'Jira Test',
    });
    await selected.waitFor({ timeout: uiTimeout });
    assert.ok(await editor.instancesView().isVisible(), 'the view was shown again');
  });

  it("refreshes a row's instance and draws what changed", async () => {
    // Test trusts AD FS now; refreshing its row shows it, and asks nothing of the others.
    const before = production.requests.length;
    await editor.runCommand('Kantega SSO: Show Fleet Inventory');
    frame = await editor.webviewFrame('#rows tr', 'Jira Production');
    test.addIdp(ADFS.name, ADFS.id, { managedGroups: [...ADFS.managedGroups] });
    await row('Jira Test').getByRole('button', { name: 'Refresh Jira Test' }).click();
    await row('Jira Test')
      .locator('td.col-identityProviders .value', { hasText: 'AD FS (3 managed groups)' })
      .waitFor({ timeout: uiTimeout });
    await waitForDrawn(5);
    assert.deepEqual(await marks('Jira Test', 'identityProviders'), [], 'AD FS is trusted on test now');
    assert.equal(production.requests.length, before, 'only the refreshed instance was asked');
    assert.match(await frame.locator('#summary').innerText(), /2 differences on 1 instance\./);
  });
});
