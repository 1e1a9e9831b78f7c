// Compare in VS Code's own diff editor, in a real VS Code: Compare Managed Groups… from the palette
// (two instances and the IdP by name, in numbered steps) and from an IdP row's context menu opens a
// diff whose two sides hold exactly each instance's groups, the one staging lacks and the one only
// staging has marked; the sides follow a refresh; Compare Instances… shows both summaries with the
// Kantega SSO version each runs; an instance without an IdP of that name is named with the reason.
// Nothing is written to disk.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { adminInstance, launchEditor, runFromContextMenu, uiTimeout, type Editor } from './harness';
import { SEEDED_IDPS, startSimulator, type Simulator } from '../simulator/index';

const PASSWORD = 'e2e-Compare-Admin-71';
const admin = [{ username: 'admin', password: PASSWORD, sysadmin: true }];
const [ADFS] = SEEDED_IDPS;
/** Production's AD FS groups as seeded, sorted. */
const PRODUCTION_GROUPS = [...ADFS.managedGroups].sort();
/** A group only staging manages: unique enough to look for on disk. */
const STAGING_ONLY = 'jira-staging-testers-sso-4d1f';
/** Staging lacks production's confluence-users-sso and manages one production does not. */
const STAGING_GROUPS = ['jira-administrators-sso', 'jira-software-users-sso', STAGING_ONLY];
const GROUPS_TITLE = 'Managed groups of AD FS: Jira Production ↔ Jira Staging';

/** The text lines of one side of the diff editor now shown, top to bottom ('original' is the left). */
async function sideLines(editor: Editor, side: 'original' | 'modified'): Promise<string[]> {
  const lines = await editor.page
    .locator(`.monaco-diff-editor .editor.${side} .view-lines .view-line`)
    .evaluateAll((elements) =>
      elements
        .map((element) => ({
          top: parseFloat((element as HTMLElement).style.top) || 0,
          text: (element.textContent ?? '').replace(/\u00a0/g, ' '),
        }))
        .sort((a, b) => a.top - b.top)
        .map((line) => line.text),
    );
  // The documents end with a newline: the empty last line is not content.
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Waits until the diff editor's sides hold these lines (it draws them once the documents are made). */
async function expectSides(editor: Editor, original: string[], modified: string[]): Promise<void> {
  const deadline = Date.now() + uiTimeout;
  let shown: [string[], string[]] = [[], []];
  while (Date.now() < deadline) {
    shown = [await sideLines(editor, 'original'), await sideLines(editor, 'modified')];
    if (JSON.stringify(shown) === JSON.stringify([original, modified])) return;
    await editor.page.waitForTimeout(200);
  }
  assert.deepEqual(shown, [original, modified], 'the two sides of the diff');
}

/** The title of the active editor tab. */
async function activeTabTitle(editor: Editor): Promise<string> {
  const tab = editor.page.locator('.tabs-container .tab.active');
  await tab.first().waitFor({ timeout: uiTimeout });
  return (await tab.first().getAttribute('aria-label')) ?? '';
}

/** Files under `dir` (recursively) changed since `since` that contain `text`. */
async function filesContaining(dir: string, text: string, since: number): Promise<string[]> {
  const found: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const info = await stat(file).catch(() => undefined);
    if (!info || info.mtimeMs < since || info.size > 50_000_000) continue;
    if ((await readFile(file).catch(() => Buffer.alloc(0))).includes(text)) found.push(file);
  }
  return found;
}

describe('Compare in the diff editor in a real VS Code', () => {
  let production: Simulator;
  let staging: Simulator;
  let editor: Editor;
  const startedAt = Date.now();

  before(async () => {
    [production, staging] = await Promise.all([
      startSimulator({ users: admin }),
      startSimulator({ users: admin, pluginVersion: '7.3.0' }),
    ]);
    staging.setManagedGroups(ADFS.id, STAGING_GROUPS);
    // An IdP production trusts and staging does not.
    production.addIdp('Entra ID', 'entra-0c4e', { managedGroups: ['entra-users-sso'] });
    editor = await launchEditor({
      name: 'compare',
      settings: {
        'kantegaSso.instances': [
          adminInstance('Jira Production', production, 'production'),
          adminInstance('Jira Staging', staging, 'staging'),
        ],
      },
    });
    await editor.openKantegaView();
    await editor.setCredential('Jira Production', PASSWORD);
    await editor.setCredential('Jira Staging', PASSWORD);
    await editor.dismissNotifications();
  });

  after(async () => {
    await editor?.close();
    await Promise.all([production?.close(), staging?.close()]);
  });

  it('Compare Managed Groups… from the palette: two instances, the IdP by name, a diff of the groups', async () => {
    await editor.runCommand('Kantega SSO: Compare Managed Groups…');
    await editor.pickItem('Jira Production', 'Compare Managed Groups (1/3)');
    await editor.pickItem('Jira Staging', 'Compare Managed Groups (2/3)');
    // Both trust AD FS and Okta (seeded): the name is asked.
    await editor.pickItem(/^AD FS$/, 'Compare Managed Groups (3/3)');

    await editor.page.locator('.monaco-diff-editor').first().waitFor({ timeout: uiTimeout });
    await expectSides(editor, PRODUCTION_GROUPS, STAGING_GROUPS);
    assert.match(await activeTabTitle(editor), new RegExp(`^${GROUPS_TITLE}`));
    // The diff marks the group staging lacks (left) and the one only staging has (right), nothing else.
    const removed = editor.page.locator('.monaco-diff-editor .editor.original .view-overlays .line-delete');
    const inserted = editor.page.locator('.monaco-diff-editor .editor.modified .view-overlays .line-insert');
    await inserted.first().waitFor({ timeout: uiTimeout });
    assert.equal(await removed.count(), 1, 'one line removed');
    assert.equal(await inserted.count(), 1, 'one line inserted');
    await editor.screenshot('managed-groups-diff');

    // Refresh: the open sides are made again from what the servers say now.
    staging.setManagedGroups(ADFS.id, [...STAGING_GROUPS, 'zz-added-later-sso']);
    await editor.runCommand('Kantega SSO: Refresh');
    await expectSides(editor, PRODUCTION_GROUPS, [...STAGING_GROUPS, 'zz-added-later-sso']);
    staging.setManagedGroups(ADFS.id, STAGING_GROUPS);
    await editor.runCommand('Kantega SSO: Refresh');
    await expectSides(editor, PRODUCTION_GROUPS, STAGING_GROUPS);
    await editor.runCommand('View: Close All Editors');
  });

  it("Compare Managed Groups… from an IdP row's context menu: that IdP first, the other instance picked", async () => {
    await editor.expandTreeItem('Jira Production');
    await editor.expandTreeItem(/^Identity Providers/);
    const adfs = editor.treeItem(/^AD FS$/).first();
    await adfs.waitFor({ timeout: uiTimeout });
    await runFromContextMenu(editor, adfs, 'Compare Managed Groups…');
    const staged = editor.quickPickItem('Jira Staging');
    await staged.first().waitFor({ timeout: uiTimeout });
    assert.match(await staged.first().innerText(), /identity provider "AD FS"/);
    assert.equal(await editor.quickPickItem('Jira Production').count(), 0, 'not the instance itself');
    await editor.pickItem('Jira Staging', 'Managed Groups of AD FS on Jira Production');

    await editor.page.locator('.monaco-diff-editor').first().waitFor({ timeout: uiTimeout });
    await expectSides(editor, PRODUCTION_GROUPS, STAGING_GROUPS);
    assert.match(await activeTabTitle(editor), new RegExp(`^${GROUPS_TITLE}`));
    await editor.runCommand('View: Close All Editors');
  });

  it('Compare Instances… shows both summaries side by side, each with its Kantega SSO version', async () => {
    // Staging's Okta groups are not loaded yet, and its server is slow: a progress notification shows meanwhile.
    const [, okta] = SEEDED_IDPS;
    staging.inject({ type: 'latency', ms: 2_000 }, { pathIncludes: `/managedgroups/${okta.id}`, times: 1 });
    await editor.runCommand('Kantega SSO: Compare Instances…');
    await editor.pickItem('Jira Production', 'Compare Instances (1/2)');
    await editor.pickItem('Jira Staging', 'Compare Instances (2/2)');
    await editor.notification('Loading Jira Production and Jira Staging…').first().waitFor({ timeout: uiTimeout });
    await editor.page.locator('.monaco-diff-editor').first().waitFor({ timeout: uiTimeout });
    assert.match(await activeTabTitle(editor), /^Kantega SSO instances: Jira Production ↔ Jira Staging/);

    const deadline = Date.now() + uiTimeout;
    let sides: [string[], string[]] = [[], []];
    const version = (lines: string[]) => lines.find((line) => line.startsWith('Kantega SSO (newest snapshot):'));
    while (Date.now() < deadline) {
      sides = [await sideLines(editor, 'original'), await sideLines(editor, 'modified')];
      if (version(sides[0]) && version(sides[1])) break;
      await editor.page.waitForTimeout(200);
    }
    const [left, right] = sides;
    assert.equal(left[0], 'Instance: Jira Production');
    assert.equal(right[0], 'Instance: Jira Staging');
    assert.equal(version(left), 'Kantega SSO (newest snapshot): 7.4.1');
    assert.equal(version(right), 'Kantega SSO (newest snapshot): 7.3.0');
    assert.ok(left.includes('Status: online') && right.includes('Status: online'));
    assert.ok(left.includes('Identity providers: 3') && right.includes('Identity providers: 2'));
    // The same line in the same place on both sides: the diff pairs them.
    assert.equal(left.indexOf(version(left)!), right.indexOf(version(right)!));
    await editor.screenshot('instances-diff');
  });

  it('says why when the other instance trusts no identity provider of that name', async () => {
    await editor.runCommand('View: Close All Editors');
    await editor.dismissNotifications();
    const entra = editor.treeItem(/^Entra ID$/).first();
    await entra.waitFor({ timeout: uiTimeout });
    await runFromContextMenu(editor, entra, 'Compare Managed Groups…');
    await editor.expectNotification(
      'No other instance can be compared with "Entra ID". Jira Staging trusts no identity provider named "Entra ID".',
    );
    assert.equal(await editor.page.locator('.monaco-diff-editor').count(), 0, 'no diff opened');
  });

  it('wrote nothing to disk: no file holds a compared group', async () => {
    const root = path.dirname(editor.userDataDir);
    assert.notDeepEqual(await filesContaining(root, 'Jira Staging', 0), [], 'the search finds the settings');
    assert.deepEqual(await filesContaining(root, STAGING_ONLY, startedAt), []);
  });
});
