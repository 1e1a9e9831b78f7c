// The extension with the display language set to German, in a real VS Code (code-server's
// `--locale de` with a German language pack installed, see displayLanguage.ts): the Instances view's
// title, the commands in the command palette, the quick inputs, notifications (a refused sign-in, a
// good one, a server that is down: sentences built around the core's words), the token details and
// the token report read German. And no English sentence shows inside the German: every text those
// surfaces showed is searched for runs of three words taken from every English message of the bundle
// and the manifest, so a string someone forgot to translate (or to route through l10n) is caught.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Frame, Locator } from 'playwright-core';
import { adminInstance, launchEditor, repoRoot, screenshotDir, uiTimeout, type Editor } from './harness';
import { startSimulator, type Simulator } from '../simulator/index';

const PASSWORD = 'e2e-German-Admin-47';
/** Labels of the token details page and columns of the token report, by their English messages. */
const DETAIL_LABELS = ['Description', 'Owner', 'Created', 'Expires', 'Validity', 'Environment'];
const REPORT_COLUMNS = ['Instance', 'Environment', 'Owner', 'Description', 'Created', 'Days left', 'State', 'Actions'];

type Messages = Record<string, string>;
const readMessages = (file: string) => JSON.parse(readFileSync(path.join(repoRoot, file), 'utf8')) as Messages;
const englishBundle = readMessages('l10n/bundle.l10n.json');
const germanBundle = readMessages('l10n/bundle.l10n.de.json');
const englishManifest = readMessages('package.nls.json');
const germanManifest = readMessages('package.nls.de.json');

/** The German of a bundle message; fails when there is none, or when it is the English. */
function german(message: string): string {
  const translated = germanBundle[message];
  assert.ok(englishBundle[message] !== undefined, `"${message}" is not in l10n/bundle.l10n.json`);
  assert.ok(translated, `l10n/bundle.l10n.de.json has no German for "${message}"`);
  assert.notEqual(translated, message, `l10n/bundle.l10n.de.json keeps "${message}" English`);
  return translated;
}

/** A manifest text's German (package.nls.de.json), e.g. a command title; fails as `german` does. */
function germanTitle(key: string): string {
  const translated = germanManifest[key];
  assert.ok(translated, `package.nls.de.json has no German for ${key}`);
  assert.notEqual(translated, englishManifest[key], `package.nls.de.json keeps ${key} English`);
  return translated;
}

/** A command as the palette lists it: its category (a product name, kept) and its German title. */
const paletteTitle = (titleKey: string) => `Kantega SSO: ${germanTitle(titleKey)}`;

/** A German message as shown (in a notification, with its buttons): the given arguments, anything for the others. */
function shownAs(message: string, ...args: string[]): RegExp {
  const pattern = german(message)
    .split(/(\{\d+\})/)
    .map((part) => {
      const placeholder = /^\{(\d+)\}$/.exec(part);
      if (!placeholder) return escapeRegExp(part);
      const arg = args[Number(placeholder[1])];
      return arg === undefined ? '[\\s\\S]+?' : escapeRegExp(arg);
    })
    .join('');
  return new RegExp(pattern);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// --- English inside German ---------------------------------------------------------------------

/** Kept as they are in every language (l10n/glossary.de.md): no evidence of an untranslated text. */
const KEPT_NAMES = new Set(
  (
    'kantega sso enterprise atlassian jira confluence bitbucket bamboo data center vs code saml oidc oauth ' +
    'http https tls pem csv json captcha seraph retry-after xsrf dns url id idp ca nginx'
  ).split(' '),
);
/** Words, hyphenated compounds and contractions as one: the same on both sides of the comparison. */
const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;
/** What a message leaves to data or code: placeholders, codicons, link targets, code, URLs, setting ids. */
const NOT_PROSE = /\{[^}]*\}|\$\([^)]*\)|\]\([^)]*\)|`[^`]*`|\b\w+:\/\/\S+|#[\w.]+#|\b[\w-]+(?:\.[\w-]+)+/g;

const words = (text: string) => (text.replace(/’/g, "'").toLowerCase().match(WORD) ?? []) as string[];

/**
 * The three-word runs of an English message that cannot occur in a proper German text: its prose
 * (placeholders and code split it) without kept names, numbers, and the words its German also has.
 */
function englishProbes(english: string, translated: string | undefined): string[] {
  const sharedWithGerman = new Set(words(translated ?? '').flatMap((word) => [word, ...word.split('-')]));
  const excluded = (word: string) => KEPT_NAMES.has(word) || /^\d+$/.test(word) || sharedWithGerman.has(word);
  const probes: string[] = [];
  for (const prose of english.split(NOT_PROSE)) {
    let run: string[] = [];
    for (const word of [...words(prose), '']) {
      if (word && !excluded(word)) {
        run.push(word);
        continue;
      }
      for (let start = 0; start + 3 <= run.length; start++) probes.push(run.slice(start, start + 3).join(' '));
      run = [];
    }
  }
  return probes;
}

interface Probe {
  readonly words: string;
  readonly message: string;
}

/** Every probe of every English message, the bundle's and the manifest's, each with its German. */
function allProbes(): Probe[] {
  const pair =
    (german: Messages) =>
    ([key, english]: [string, string]) =>
      [english, german[key]] as const;
  const pairs = [
    ...Object.entries(englishBundle).map(pair(germanBundle)),
    ...Object.entries(englishManifest).map(pair(germanManifest)),
  ];
  return pairs.flatMap(([message, translated]) =>
    englishProbes(message, translated).map((probe) => ({ words: probe, message })),
  );
}

interface Seen {
  readonly surface: string;
  readonly text: string;
}

/** The English runs found in what was seen: per text, where, which runs (from which message), and around the first. */
function englishIn(seen: readonly Seen[], probes: readonly Probe[]): string[] {
  const found: string[] = [];
  for (const { surface, text } of seen) {
    const normalized = ` ${words(text).join(' ')} `;
    const hits = probes.filter((probe) => normalized.includes(` ${probe.words} `));
    if (hits.length === 0) continue;
    const at = normalized.indexOf(` ${hits[0].words} `);
    const context = normalized.slice(Math.max(0, at - 80), at + 120).trim();
    const runs = [...new Map(hits.map((hit) => [hit.words, `"${hit.words}" (${hit.message})`])).values()];
    found.push(`${surface}: ${runs.join(', ')} in: …${context}…`);
  }
  return found;
}

/** The text of a page or part of one, with the labels, titles and placeholders a screen reader reads. */
function textsOf(root: Locator): Promise<string[]> {
  return root.evaluate((element) => {
    const texts = [(element as HTMLElement).innerText];
    for (const labelled of Array.from(element.querySelectorAll('[aria-label], [title], [placeholder]'))) {
      for (const attribute of ['aria-label', 'title', 'placeholder']) {
        const value = labelled.getAttribute(attribute);
        if (value) texts.push(value);
      }
    }
    return texts;
  });
}

describe('The extension in German in a real VS Code', () => {
  let jira: Simulator;
  let down: Simulator;
  let editor: Editor;
  const seen: Seen[] = [];
  const see = (surface: string, texts: readonly string[]) => {
    for (const text of texts) if (text.trim()) seen.push({ surface, text });
  };

  before(async () => {
    const users = [{ username: 'admin', password: PASSWORD, sysadmin: true }];
    [jira, down] = await Promise.all([startSimulator({ users }), startSimulator({ users })]);
    editor = await launchEditor({
      name: 'german',
      locale: 'de',
      settings: {
        'kantegaSso.instances': [
          adminInstance('Jira Prod', jira, 'production'),
          adminInstance('Confluence Down', down, 'staging'),
        ],
      },
    });
    // Its port closes: connecting is refused, which the core words.
    await down.close();
    await editor.openKantegaView();
    // A wider side bar, so that the pictures show the rows' German descriptions.
    const sideBar = await editor.page.locator('.part.sidebar').boundingBox();
    if (sideBar) {
      const edge = sideBar.x + sideBar.width;
      await editor.page.mouse.move(edge, sideBar.y + sideBar.height / 2);
      await editor.page.mouse.down();
      await editor.page.mouse.move(edge + 260, sideBar.y + sideBar.height / 2, { steps: 5 });
      await editor.page.mouse.up();
    }
  });

  after(async () => {
    await editor?.close();
    await jira?.close();
  });

  /** Notification toasts' messages and buttons, as seen now. */
  async function seeNotifications(): Promise<void> {
    see('notification', await editor.notificationTexts());
    const buttons = editor.page.locator('.notifications-toasts .notification-list-item .monaco-button');
    see('notification button', await buttons.allInnerTexts());
  }

  /** Waits for the quick input showing `expect` (its title, prompt or placeholder) and keeps its texts. */
  async function seeQuickInput(expect: string): Promise<void> {
    const widget = editor.quickInput().first();
    const deadline = Date.now() + uiTimeout;
    for (;;) {
      const texts = await textsOf(widget).catch((): string[] => []);
      if (texts.some((text) => text.includes(expect))) {
        see('quick input', texts);
        return;
      }
      if (Date.now() > deadline) throw new Error(`No quick input showing "${expect}"; it showed: ${texts.join(' | ')}`);
      await editor.page.waitForTimeout(100);
    }
  }

  /** The extension's status bar entries: text and accessible label. */
  function statusBarTexts(): Promise<string[]> {
    return editor.page
      .locator('.statusbar-item')
      .evaluateAll((items) =>
        items
          .filter((item) => item.id.toLowerCase().includes('kantega'))
          .flatMap((item) => [(item as HTMLElement).innerText, item.getAttribute('aria-label') ?? '']),
      );
  }

  it('runs with the display language German, in the workbench and in the extension', async () => {
    // The workbench loaded German (from the language pack); the extension's webviews say `de` too (below).
    const language = await editor.page.evaluate(
      () => (globalThis as { _VSCODE_NLS_LANGUAGE?: string })._VSCODE_NLS_LANGUAGE,
    );
    assert.equal(language, 'de');
  });

  it('titles the Instances view in German', async () => {
    const instances = germanTitle('view.instances.name');
    const sideBarTitle = editor.page.locator('.part.sidebar .composite.title h2');
    await sideBarTitle.filter({ hasText: `Kantega SSO: ${instances}` }).waitFor({ timeout: uiTimeout });
    const paneTitle = editor.page.locator('.pane-header', { has: editor.page.locator('.view-kantegaSso-instances') });
    assert.equal(await paneTitle.locator('h3.title').textContent(), instances);
    see('view title', [await sideBarTitle.innerText()]);
    await editor.treeItem('Jira Prod').first().waitFor({ timeout: uiTimeout });
    await editor.treeItem('Confluence Down').first().waitFor({ timeout: uiTimeout });
  });

  it('lists the Kantega SSO commands under their German titles in the command palette', async () => {
    await editor.page.keyboard.press('F1');
    const input = editor.quickInput().locator('input');
    await input.fill('>Kantega SSO: ');
    // A row's accessible name is its title; VS Code writes the English original under a translated one
    // (so that a command can be found by the name its documentation uses): that line is not the title.
    const rows = editor.quickInput().locator('.quick-input-list .monaco-list-row');
    await rows.first().waitFor({ timeout: uiTimeout });
    // The list draws only the rows in view: page through it, collecting.
    const labels = new Set<string>();
    for (let unchanged = 0; unchanged < 3;) {
      const before = labels.size;
      for (const row of await rows.evaluateAll((all) => all.map((r) => r.getAttribute('aria-label') ?? ''))) {
        labels.add(row);
      }
      unchanged = labels.size === before ? unchanged + 1 : 0;
      await editor.page.keyboard.press('PageDown');
    }
    await editor.page.keyboard.press('Escape');
    const ours = [...labels].filter((label) => label.startsWith('Kantega SSO: '));
    assert.ok(ours.length >= 20, `the palette lists the extension's commands: ${ours.join(' | ')}`);
    const englishTitles = Object.keys(englishManifest)
      .filter((key) => key.startsWith('command.') && germanManifest[key] !== englishManifest[key])
      .map((key) => `Kantega SSO: ${englishManifest[key]}`);
    const leftEnglish = ours.filter((label) => englishTitles.includes(label));
    assert.deepEqual(leftEnglish, [], 'no Kantega SSO command is listed under its English title');
    for (const key of ['command.addInstance.title', 'command.setCredential.title', 'command.testConnection.title']) {
      assert.ok(labels.has(paletteTitle(key)), `the palette lists ${paletteTitle(key)}`);
    }
    see('command palette', ours);
  });

  it('says in German that a sign-in was refused, then that the next one worked', async () => {
    await editor.dismissNotifications();
    await editor.runCommand(paletteTitle('command.setCredential.title'));
    await seeQuickInput(german('Kantega SSO instance'));
    await editor.pickItem('Jira Prod', german('Kantega SSO instance'));
    const title = german('Set Credential for {0}').replace('{0}', 'Jira Prod');
    await seeQuickInput(title);
    await editor.answerInput('not-the-password', title);
    const refused = shownAs('{0}: Kantega SSO is reachable, but signing in failed: {1}', 'Jira Prod');
    await editor.expectNotification(refused);
    const toast = editor.notification(refused).first();
    await toast.getByRole('button', { name: german('Set Credential'), exact: true }).waitFor({ timeout: uiTimeout });
    await seeNotifications();

    await editor.dismissNotifications();
    await editor.runCommand(paletteTitle('command.setCredential.title'));
    await editor.pickItem('Jira Prod', german('Kantega SSO instance'));
    await editor.answerInput(PASSWORD, title);
    await editor.expectNotification(
      shownAs(
        '{0}: Kantega SSO is reachable and the credential was accepted (token API {1}, {2} ms, server clock {3}).',
        'Jira Prod',
      ),
    );
    await seeNotifications();
  });

  it('shows the tree in German, and a server that is down in a German notification beside it', async () => {
    await editor.dismissNotifications();
    await editor.expandTreeItem('Jira Prod');
    await editor.treeItem(german('My API Tokens')).first().waitFor({ timeout: uiTimeout });
    await editor.expandTreeItem(german('My API Tokens'));
    await editor.treeItem('Old build server').first().waitFor({ timeout: uiTimeout });
    see('tree', await textsOf(editor.instancesView()));
    see('status bar', await statusBarTexts());

    await editor.runCommand(paletteTitle('command.testConnection.title'));
    await seeQuickInput(german('Instance to test'));
    await editor.pickItem('Confluence Down', german('Kantega SSO instance'));
    await editor.expectNotification('Confluence Down: ');
    await editor.notification(german('Edit Instance')).first().waitFor({ timeout: uiTimeout });
    await seeNotifications();
    // The picture: the German tree beside the notification, once its progress has gone and it is drawn.
    await editor.page
      .locator('.notifications-toasts .monaco-progress-container.active')
      .first()
      .waitFor({ state: 'hidden', timeout: uiTimeout });
    await editor.page.mouse.move(800, 300);
    await editor.page.waitForTimeout(500);
    await editor.screenshot('tree-notification');

    await editor.dismissNotifications();
    await editor.runCommand(paletteTitle('command.testConnection.title'));
    await editor.pickItem('Jira Prod', german('Kantega SSO instance'));
    await editor.expectNotification(
      shownAs(
        '{0}: Kantega SSO is reachable and the credential was accepted (token API {1}, {2} ms, server clock {3}).',
        'Jira Prod',
      ),
    );
    await seeNotifications();
  });

  it('shows the token details in German', async () => {
    await editor.dismissNotifications();
    const frame: Frame = await editor.openTokenFromTree('Old build server');
    see('token details', await textsOf(frame.locator('html')));
    await editor.screenshot('token-details');
    // Read aloud as German, not as English words.
    assert.equal(await frame.locator('html').getAttribute('lang'), 'de');
    const labels = await frame.locator('dl.details dt').allInnerTexts();
    for (const label of DETAIL_LABELS) {
      assert.ok(labels.includes(german(label)), `the details say ${german(label)} for ${label}: ${labels.join(', ')}`);
    }
  });

  it('shows the token report in German, with the page in the display language', async () => {
    await editor.runCommand(paletteTitle('command.showTokenReport.title'));
    const frame = await editor.webviewFrame('#rows tr', 'Old build server');
    see('token report', await textsOf(frame.locator('html')));
    await editor.screenshot('token-report');
    // The page's language is vscode.env.language as the extension sees it.
    assert.equal(await frame.locator('html').getAttribute('lang'), 'de');
    const headers = (await frame.locator('thead th').allInnerTexts()).map((header) =>
      header.replace(/[▲▼]/g, '').trim(),
    );
    for (const label of REPORT_COLUMNS) {
      assert.ok(headers.includes(german(label)), `the report's columns say ${german(label)}: ${headers.join(', ')}`);
    }
    // Confluence Down has no credential: the report names it under this heading.
    assert.equal(await frame.locator('#problems-heading').innerText(), german('Could not be listed'));
  });

  it('shows no English sentence inside the German on any of these surfaces', async () => {
    // What the surfaces showed, to read beside the screenshots.
    await writeFile(path.join(screenshotDir, 'german-seen.json'), JSON.stringify(seen, null, 2));
    const probes = allProbes();
    // The check itself: an English message left in a German sentence is found.
    const forgotten = englishBundle['{0}: Kantega SSO is reachable, but signing in failed: {1}'];
    assert.ok(
      englishIn([{ surface: 'self-check', text: `Jira Prod: ${forgotten}` }], probes).length > 0,
      'the check finds an English message',
    );
    assert.ok(seen.length > 20, `text was collected from the surfaces (${seen.length})`);
    const collected = new Set(seen.map((s) => s.surface));
    for (const surface of ['view title', 'command palette', 'quick input', 'notification', 'tree', 'token details']) {
      assert.ok(collected.has(surface), `text was collected from the ${surface}`);
    }
    assert.deepEqual(englishIn(seen, probes), [], 'no English from the bundle or the manifest in the German');
  });
});
