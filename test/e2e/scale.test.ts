// A big Jira in a real VS Code: 50,000 API tokens over 5,000 users. All API Tokens opens at once
// with a page of users and a "Show more" row, and the next page comes when it is clicked.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import { adminInstance, launchEditor, uiTimeout, type Editor } from './harness';
import { startSimulator, type Simulator } from '../simulator/index';

const ADMIN_PASSWORD = 'e2e-Scale-Admin-90';

/** The tree draws only the rows in view: scroll down over it until the row is drawn. */
async function scrollUntilVisible(editor: Editor, row: Locator): Promise<void> {
  const view = editor.instancesView();
  const box = await view.boundingBox();
  if (!box) throw new Error('The Instances view is not shown');
  await editor.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 100 && !(await row.count()); i++) await editor.page.mouse.wheel(0, 2_000);
  await row.first().waitFor({ timeout: uiTimeout });
}

describe('A Jira with 50,000 tokens in a real VS Code', () => {
  let sim: Simulator;
  let editor: Editor;

  before(async () => {
    sim = await startSimulator({
      users: [{ username: 'admin', password: ADMIN_PASSWORD, sysadmin: true }],
      seedVolume: { users: 5_000, tokens: 50_000 },
    });
    editor = await launchEditor({
      name: 'scale',
      settings: {
        'kantegaSso.instances': [adminInstance('Jira Big', sim, 'production')],
      },
    });
    await editor.openKantegaView();
    await editor.setCredential('Jira Big', ADMIN_PASSWORD);
    await editor.dismissNotifications();
    await editor.treeItem('Jira Big').filter({ hasText: 'online' }).waitFor({ timeout: uiTimeout });
  });

  after(async () => {
    await editor?.close();
    await sim?.close();
  });

  it('opens All API Tokens with the first page of users and a Show more row, and shows the next page', async () => {
    const owners = new Set(sim.state.tokens.map((token) => token.username)).size;
    assert.ok(sim.state.tokens.length >= 50_000 && owners > 400, `${sim.state.tokens.length} tokens, ${owners} owners`);
    await editor.expandTreeItem('Jira Big');
    // The admin's own 86 tokens would push the group out of the (virtualised) view: fold them.
    const mine = editor.treeItem(/^My API Tokens/).first();
    await mine.waitFor({ timeout: uiTimeout });
    await mine.locator('.monaco-tl-twistie').click();
    await editor.expandTreeItem(`All API Tokens (${sim.state.tokens.length.toLocaleString('en').replace(/,/g, '')})`);
    const more = editor.treeItem(`Show 200 more of ${(owners - 200).toLocaleString('en')}…`);
    await scrollUntilVisible(editor, more);
    await editor.screenshot('all-tokens-first-page');
    await more.click();
    await scrollUntilVisible(editor, editor.treeItem(`Show 200 more of ${(owners - 400).toLocaleString('en')}…`));
  });
});
