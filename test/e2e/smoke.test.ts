// The packaged extension installs into a real VS Code and shows its view container with the
// empty-state welcome (what a new user sees first).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { launchEditor, uiTimeout, type Editor } from './harness';

describe('Kantega SSO in a real VS Code (smoke)', () => {
  let editor: Editor;

  before(async () => {
    editor = await launchEditor({ name: 'smoke' });
  });

  after(async () => {
    await editor?.close();
  });

  it('shows the welcome text and an Add Instance button when no instance is configured', async () => {
    await editor.openKantegaView();
    const view = editor.instancesView();
    await view.getByText('No Kantega SSO instances yet.').waitFor({ timeout: uiTimeout });
    const addButton = view.getByRole('button', { name: 'Add Instance' });
    await addButton.waitFor({ timeout: uiTimeout });
    assert.equal(await addButton.isVisible(), true);
    await editor.screenshot('welcome');
  });
});
