// The "Get started with Kantega SSO" walkthrough in a real VS Code: it opens from the Welcome page by
// its title, its pictures take the theme's colours, its first button runs Add Instance, and each step
// shows done once the person has really done it (a cancelled input leaves it open). A person who
// already has an instance finds that step done, the credential step done once a secret is stored, and
// the connection step done only once the instance answers.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { adminInstance, launchEditor, repoRoot, uiTimeout, type Editor } from './harness';
import { startSimulator, type Simulator } from '../simulator/index';

const PASSWORD = 'e2e-Walkthrough-Admin-58';
const WALKTHROUGH = 'Get started with Kantega SSO';
const STEP_ID_PREFIX = 'kantega-sso-tools.kantega-sso-vscode#gettingStarted#';
/** The steps in their order: each one's button, and the title of what its command asks first, if it asks. */
const STEPS = {
  addInstance: { button: 'Add Instance', asks: 'Add Kantega SSO Instance' },
  setCredential: { button: 'Set Credential', asks: 'Kantega SSO instance' },
  testConnection: { button: 'Test Connection', asks: 'Kantega SSO instance' },
  createSnapshot: { button: 'Create Snapshot', asks: 'Kantega SSO instance' },
  showTokenReport: { button: 'Show Token Report', asks: undefined },
  snapshotInstances: { button: 'Snapshot Instances', asks: 'Snapshot Instances' },
} as const;
type StepId = keyof typeof STEPS;
const STEP_IDS = Object.keys(STEPS) as StepId[];

function step(editor: Editor, id: StepId) {
  return editor.page.locator(`button.getting-started-step[data-step-id="${STEP_ID_PREFIX}${id}"]`);
}

/** The steps whose checkbox VS Code shows ticked, in the walkthrough's order. */
async function doneSteps(editor: Editor): Promise<StepId[]> {
  const done: StepId[] = [];
  for (const id of STEP_IDS) {
    const checkbox = step(editor, id).locator('[role="checkbox"]');
    if ((await checkbox.getAttribute('aria-checked', { timeout: uiTimeout })) === 'true') done.push(id);
  }
  return done;
}

/** Waits until exactly these steps show done (no more, no fewer), else fails naming what showed. */
async function expectDone(editor: Editor, expected: StepId[]): Promise<void> {
  const deadline = Date.now() + uiTimeout;
  let shown = await doneSteps(editor);
  while (JSON.stringify(shown) !== JSON.stringify(expected) && Date.now() < deadline) {
    await editor.page.waitForTimeout(200);
    shown = await doneSteps(editor);
  }
  assert.deepEqual(shown, expected, 'the steps shown done');
}

/** Opens the Welcome page (Help: Welcome) and, from its list of walkthroughs, this one by its title. */
async function openWalkthrough(editor: Editor): Promise<void> {
  const { page } = editor;
  // Extension walkthroughs are listed once the extension's contributions are registered, as its view container is.
  await page.locator('.activitybar [aria-label*="Kantega SSO"]').first().waitFor({ timeout: uiTimeout });
  await editor.runCommand('Help: Welcome');
  // The page slides between its list and one walkthrough's steps; the hidden slide stays in the page.
  const list = page.locator('.gettingStarted.showCategories');
  const details = page.locator('.gettingStarted.showDetails');
  const entry = list.locator('button.getting-started-category').filter({ hasText: WALKTHROUGH });
  for (let attempt = 1; ; attempt++) {
    await list.or(details).first().waitFor({ timeout: uiTimeout });
    // On a first start the Welcome page may open its featured walkthrough: back to the list, as a person would.
    if (await details.count()) await details.locator('.gettingStartedSlideDetails [x-dispatch="scrollPrev"]').click();
    await entry.click();
    const opened = await details
      .locator('.getting-started-step')
      .filter({ hasText: 'Add an instance' })
      .waitFor({ timeout: 5_000 })
      .then(() => true)
      .catch(() => false);
    if (opened) return;
    if (attempt === 3) throw new Error(`${WALKTHROUGH} did not open from the Welcome page`);
  }
}

/** Shows the walkthrough's tab again (another editor opened over it). */
async function showWalkthroughTab(editor: Editor): Promise<void> {
  await editor.page.locator('.tabs-container .tab').filter({ hasText: 'Walkthrough' }).click();
  await step(editor, 'addInstance').waitFor({ timeout: uiTimeout });
}

/** Selects the step, as a click on its title does, and waits for its picture. */
async function selectStep(editor: Editor, id: StepId): Promise<void> {
  await step(editor, id).locator('.step-title').click();
  await step(editor, id).and(editor.page.locator('[aria-expanded="true"]')).waitFor({ timeout: uiTimeout });
  await inPicture(editor, id);
}

/**
 * Selects the step and presses its button. VS Code focuses a step a moment after selecting it (after
 * its slide animation), which closes a quick pick opened meanwhile: a person, who reads the step
 * first, would not see it; a quick test does, and presses the button again, as a person would.
 */
async function pressStepButton(editor: Editor, id: StepId): Promise<void> {
  await selectStep(editor, id);
  const { button, asks } = STEPS[id];
  const press = step(editor, id).getByRole('button', { name: button, exact: true });
  for (let attempt = 1; ; attempt++) {
    await press.click();
    if (!asks) return;
    const input = editor.quickInput().filter({ hasText: asks });
    const shown = await input
      .waitFor({ timeout: 3_000 })
      .then(() => true)
      .catch(() => false);
    if (shown) {
      await editor.page.waitForTimeout(500);
      if (await input.isVisible()) return;
    }
    if (attempt === 3) throw new Error(`${button} did not keep its input "${asks}" open`);
  }
}

/** A step's picture (its media.svg in the manifest) as "rects:circles:paths", which tells them apart. */
function pictureShape(id: StepId): string {
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    contributes: { walkthroughs: Array<{ steps: Array<{ id: string; media: { svg: string } }> }> };
  };
  const media = manifest.contributes.walkthroughs[0].steps.find((entry) => entry.id === id)?.media.svg;
  assert.ok(media, `${id} has an svg picture`);
  const svg = readFileSync(path.join(repoRoot, media), 'utf8');
  return ['rect', 'circle', 'path'].map((tag) => svg.split(`<${tag} `).length - 1).join(':');
}

/** The picture in a webview, as pictureShape says it. */
const SHAPE_EXPRESSION = `['rect', 'circle', 'path']
  .map((tag) => document.querySelectorAll('body > svg ' + tag).length)
  .join(':')`;

/**
 * Evaluates `expression` in the webview that shows this step's picture, once one does: checked in the
 * same evaluation, as VS Code draws the picture anew (another frame) when the theme changes. Plain
 * JavaScript in a string: it runs inside the webview, untouched by the TypeScript loader.
 */
async function inPicture<T>(editor: Editor, id: StepId, expression = 'true'): Promise<T> {
  const expected = pictureShape(id);
  const script = `(() => ({ shape: ${SHAPE_EXPRESSION}, value: ${expression} }))()`;
  const deadline = Date.now() + uiTimeout;
  for (;;) {
    for (const frame of editor.page.frames()) {
      const shown = await frame.evaluate<{ shape: string; value: T }>(script).catch(() => undefined);
      if (shown?.shape === expected) return shown.value;
    }
    if (Date.now() > deadline) throw new Error(`The picture of ${id} was not shown within ${uiTimeout} ms`);
    await editor.page.waitForTimeout(200);
  }
}

/** The picture's background as drawn, and the theme's editor background in the same page. */
const BACKGROUND_EXPRESSION = `(() => {
  const rect = document.querySelector('body > svg > rect');
  const theme = getComputedStyle(document.documentElement).getPropertyValue('--vscode-editor-background').trim();
  const probe = document.createElement('div');
  probe.style.color = theme;
  document.body.appendChild(probe);
  const themeRgb = getComputedStyle(probe).color;
  probe.remove();
  return { drawn: getComputedStyle(rect).fill, theme: themeRgb };
})()`;

function pictureBackground(editor: Editor): Promise<{ drawn: string; theme: string }> {
  return inPicture(editor, 'addInstance', BACKGROUND_EXPRESSION);
}

describe('The walkthrough for a person new to the extension, in a real VS Code', () => {
  let sim: Simulator;
  let editor: Editor;

  before(async () => {
    sim = await startSimulator({
      version: 'latest',
      users: [{ username: 'admin', password: PASSWORD, sysadmin: true }],
    });
    editor = await launchEditor({ name: 'walkthrough', settings: { 'workbench.colorTheme': 'Default Dark Modern' } });
  });

  after(async () => {
    await editor?.close();
    await sim?.close();
  });

  it('opens from the Welcome page by its title, no step done, its pictures in the theme’s colours', async () => {
    await openWalkthrough(editor);
    const titles = await editor.page.locator('.getting-started-step .step-title').allInnerTexts();
    assert.deepEqual(titles, [
      'Add an instance',
      'Set its credential',
      'Test the connection',
      'Take a snapshot',
      'Open the token report',
      'Snapshot the fleet before an upgrade',
    ]);
    await expectDone(editor, []);

    // Drawn with the theme's colours, not the fallbacks in the file (Dark Modern's editor is #1f1f1f,
    // the fallback #1e1e1e), and drawn again when the theme changes.
    const dark = await pictureBackground(editor);
    assert.equal(dark.drawn, dark.theme, 'the picture is drawn on the dark theme’s background');
    assert.equal(dark.drawn, 'rgb(31, 31, 31)');
    await editor.runCommand('Preferences: Color Theme');
    await editor.quickInput().locator('input').fill('Light Modern');
    await editor.pickItem(/^Light Modern$/);
    const deadline = Date.now() + uiTimeout;
    let light = await pictureBackground(editor);
    while (light.drawn === dark.drawn && Date.now() < deadline) {
      await editor.page.waitForTimeout(200);
      light = await pictureBackground(editor);
    }
    assert.equal(light.drawn, light.theme, 'the picture follows the theme to its light background');
    assert.equal(light.drawn, 'rgb(255, 255, 255)');
  });

  it('its first button runs Add Instance; the instance added completes the first three steps', async () => {
    await pressStepButton(editor, 'addInstance');
    await editor.answerInput('Jira Prod', 'Add Kantega SSO Instance (1/6)');
    await editor.answerInput(sim.baseUrl, '(2/6)');
    await editor.answerInput('admin', '(3/6)');
    await editor.pickItem('Password', '(4/6)');
    await editor.answerInput(PASSWORD, '(5/6)');
    await editor.pickItem('production', '(6/6)');
    await editor.expectNotification(
      'Instance "Jira Prod" added: Kantega SSO is reachable and the credential was accepted.',
    );
    // The secret was typed into the wizard (so it is stored), and the instance then answered its
    // status check online: the next two steps are done as well, and nothing after them.
    await expectDone(editor, ['addInstance', 'setCredential', 'testConnection']);
  });

  it('its Set Credential and Test Connection buttons work, and leave the later steps open', async () => {
    await editor.dismissNotifications();
    await pressStepButton(editor, 'setCredential');
    await editor.pickItem('Jira Prod', 'Kantega SSO instance');
    await editor.answerInput(PASSWORD, 'Set Credential for Jira Prod');
    await editor.expectNotification('Jira Prod: Kantega SSO is reachable and the credential was accepted');
    await editor.dismissNotifications();
    await pressStepButton(editor, 'testConnection');
    await editor.pickItem('Jira Prod', 'Kantega SSO instance');
    await editor.expectNotification('Jira Prod: Kantega SSO is reachable and the credential was accepted');
    await expectDone(editor, ['addInstance', 'setCredential', 'testConnection']);
  });

  it('a cancelled Create Snapshot leaves its step open; a snapshot taken completes it', async () => {
    await editor.dismissNotifications();
    await selectStep(editor, 'createSnapshot');
    await editor.page.mouse.move(700, 450);
    const readme = await editor.screenshot('get-started');
    assert.ok(readme.endsWith('walkthrough-get-started.png'), readme);

    await pressStepButton(editor, 'createSnapshot');
    await editor.pickItem('Jira Prod', 'Kantega SSO instance');
    await editor.quickInput().filter({ hasText: 'Create Snapshot of Jira Prod' }).waitFor({ timeout: uiTimeout });
    await editor.page.keyboard.press('Escape');
    await editor.quickInput().waitFor({ state: 'hidden', timeout: uiTimeout });
    await expectDone(editor, ['addInstance', 'setCredential', 'testConnection']);

    const before = sim.state.snapshots.length;
    await pressStepButton(editor, 'createSnapshot');
    await editor.pickItem('Jira Prod', 'Kantega SSO instance');
    await editor.answerInput('Before switching the identity provider', 'Create Snapshot of Jira Prod');
    await editor.expectNotification('Snapshot "Before switching the identity provider" taken on Jira Prod.');
    assert.equal(sim.state.snapshots.length, before + 1);
    await expectDone(editor, ['addInstance', 'setCredential', 'testConnection', 'createSnapshot']);
  });

  it('opening the token report completes its step', async () => {
    await pressStepButton(editor, 'showTokenReport');
    await editor.webviewFrame('#rows tr', 'Old build server');
    await showWalkthroughTab(editor);
    await expectDone(editor, ['addInstance', 'setCredential', 'testConnection', 'createSnapshot', 'showTokenReport']);
  });

  it('snapshotting the fleet before an upgrade completes the last step', async () => {
    await editor.dismissNotifications();
    await pressStepButton(editor, 'snapshotInstances');
    await editor.quickInput().filter({ hasText: 'Snapshot Instances' }).waitFor({ timeout: uiTimeout });
    // In a multi-select pick, a click on a row ticks it; Enter then accepts the ticked ones.
    await editor.quickPickItem('Jira Prod').click();
    await editor.quickInput().locator('input.input').press('Enter');
    await editor.answerInput('Before the upgrade', 'One description for every snapshot');
    await editor.expectNotification('Snapshot "Before the upgrade" taken on 1 of 1 instances.');
    assert.ok(sim.state.snapshots.some((snapshot) => snapshot.description === 'Before the upgrade'));
    await expectDone(editor, STEP_IDS);
  });
});

describe('The walkthrough for a person who already has an instance, in a real VS Code', () => {
  let sim: Simulator;
  let editor: Editor;

  before(async () => {
    sim = await startSimulator({
      version: 'latest',
      users: [{ username: 'admin', password: PASSWORD, sysadmin: true }],
    });
    // Configured in settings (synced from another machine, say): the secret is not there yet.
    editor = await launchEditor({
      name: 'walkthrough-configured',
      settings: { 'kantegaSso.instances': [adminInstance('Jira Prod', sim, 'production')] },
    });
  });

  after(async () => {
    await editor?.close();
    await sim?.close();
  });

  it('shows the instance step done, and the credential step only once a secret is stored', async () => {
    await openWalkthrough(editor);
    await expectDone(editor, ['addInstance']);
  });

  it('completes the credential step once it is stored, the connection step once the instance answers', async () => {
    // The server is down for maintenance while the credential is set.
    sim.inject({ type: 'status', status: 503, body: 'Down for maintenance' }, { times: Infinity });
    await pressStepButton(editor, 'setCredential');
    await editor.pickItem('Jira Prod', 'Kantega SSO instance');
    await editor.answerInput(PASSWORD, 'Set Credential for Jira Prod');
    await editor.expectNotification('Jira Prod: Could not check Kantega SSO: the server failed (HTTP 503)');
    await expectDone(editor, ['addInstance', 'setCredential']);

    sim.clearFaults();
    await editor.dismissNotifications();
    await pressStepButton(editor, 'testConnection');
    await editor.pickItem('Jira Prod', 'Kantega SSO instance');
    await editor.expectNotification('Jira Prod: Kantega SSO is reachable and the credential was accepted');
    await expectDone(editor, ['addInstance', 'setCredential', 'testConnection']);
  });
});
