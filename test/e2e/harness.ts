// Drives the packaged extension in a real VS Code: code-server (installed by scripts/setup-e2e.sh)
// opened in Debian's Chromium through playwright-core. Each launch gets fresh user-data and
// extensions folders, so tests never see each other's settings or secrets.
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Frame, type Locator, type Page } from 'playwright-core';
import {
  defaultVsixPath,
  installExtension,
  repoRoot,
  startCodeServer,
  writeUserSettings,
  type CodeServer,
} from '../../scripts/codeServer';
import { installLanguagePack } from './displayLanguage';

export { repoRoot } from '../../scripts/codeServer';

export const screenshotDir = path.join(repoRoot, 'test-results', 'e2e');
export const chromiumPath = process.env.KANTEGA_E2E_CHROMIUM ?? '/usr/bin/chromium';
/** Default wait for anything the UI should show; the workbench itself gets longer. */
export const uiTimeout = 15_000;
/** How long a notification gets to appear as a toast before we look for it in the notification center. */
const toastTimeout = 5_000;

/** Chromium flags that work as root in a container without a GPU or /dev/shm of size. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export interface LaunchOptions {
  /** Names screenshots and logs: test-results/e2e/<name>-<step>.png. */
  name: string;
  /** User settings merged over {"workbench.startupEditor": "none"}. */
  settings?: Record<string, unknown>;
  /** User keybindings (keybindings.json), e.g. to run a command with arguments as another extension could. */
  keybindings?: Array<{ key: string; command: string; args?: unknown }>;
  /** The extension to install; defaults to dist/kantega-sso.vsix (built by `npm run package`). */
  vsixPath?: string;
  /** Folder opened in the window; defaults to an empty temporary folder. */
  workspaceFolder?: string;
  /** The display language (code-server's `--locale`), e.g. `de`; a language pack for it is installed. */
  locale?: string;
}

/** An entry of `kantegaSso.instances` for a simulator's admin, signing in with a password. */
export function adminInstance(name: string, server: { baseUrl: string }, environment: string) {
  return { name, baseUrl: server.baseUrl, username: 'admin', auth: 'password', environment };
}

/** Opens Debian's Chromium on a code-server URL and waits for the workbench. */
export async function openWorkbench(url: string): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    // Without the grant, env.clipboard.writeText resolves but the page can never read it back.
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
    const page = await context.newPage();
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.activitybar').waitFor({ timeout: 60_000 });
    return { browser, page };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

export interface Editor {
  page: Page;
  url: string;
  userDataDir: string;
  screenshot(step: string): Promise<string>;
  runCommand(title: string): Promise<void>;
  /** Waits for a quick input (optionally one showing `expect` in its title or prompt), types `value`, presses Enter. */
  answerInput(value: string, expect?: string | RegExp): Promise<void>;
  /** Waits for a quick pick item with this label and selects it. */
  pickItem(label: string | RegExp, expect?: string | RegExp): Promise<void>;
  quickInput(): Locator;
  quickPickItem(label: string | RegExp): Locator;
  /** A notification toast. At most three show at once: dismissNotifications() before expecting a new one after many. */
  notification(text: string | RegExp): Locator;
  notificationTexts(): Promise<string[]>;
  /** Waits for a notification: as a toast, else listed in the notification center. */
  expectNotification(text: string | RegExp): Promise<void>;
  clickNotificationButton(text: string | RegExp, button: string): Promise<void>;
  dismissNotifications(): Promise<void>;
  /** Tree rows whose label (not description) contains `label`. */
  treeItem(label: string | RegExp): Locator;
  /** A tree row's description (the dimmed text after the label). */
  treeItemDescription(label: string | RegExp): Promise<string>;
  /** Expands a collapsible tree row (through its twistie, so no item command runs) and waits for it. */
  expandTreeItem(label: string | RegExp): Promise<Locator>;
  /** The modal dialog (showWarningMessage with modal: true and the like). */
  dialog(): Locator;
  clickDialogButton(name: string): Promise<void>;
  openKantegaView(): Promise<void>;
  /** The Instances view's body (its welcome text and tree). */
  instancesView(): Locator;
  readClipboard(): Promise<string>;
  /** What the extension wrote to its "Kantega SSO" log output channel so far. */
  extensionLog(): Promise<string>;
  /** The user settings file as VS Code has written it (the extension saves instances there). */
  readUserSettings(): Promise<Record<string, unknown>>;
  /** Types a credential through the extension's own UI: Kantega SSO: Set Credential, pick, secret. */
  setCredential(instanceName: string, secret: string): Promise<void>;
  /** A webview's inner frame with an element matching `selector` (and containing `hasText`), waited for. */
  webviewFrame(selector: string, hasText?: string | RegExp, timeoutMs?: number): Promise<Frame>;
  /**
   * Clicks a token's row and returns its details webview. A click that lands while VS Code redraws
   * the row runs a command handle it has just dropped ("Actual command not found"), as it would for
   * a person, who clicks again: so does this, up to three times.
   */
  openTokenFromTree(name: string): Promise<Frame>;
  close(): Promise<void>;
}

/**
 * Right-clicks a tree row and runs an entry of its context menu, by keyboard: a click can land while
 * the menu is still settling and be dropped, which a person would just repeat.
 */
export async function runFromContextMenu(editor: Editor, row: Locator, entry: string): Promise<void> {
  // A hover left open over the row would take the click.
  await editor.page.keyboard.press('Escape');
  await editor.page.mouse.move(700, 450);
  await row.click({ button: 'right' });
  const menu = editor.page.locator('.monaco-menu');
  const items = menu.locator('.action-item:not(.disabled)');
  await items.filter({ hasText: entry }).first().waitFor({ timeout: uiTimeout });
  const focused = menu.locator('.action-item.focused').filter({ hasText: entry });
  for (let step = 0; step <= (await items.count()) && !(await focused.count()); step++) {
    await editor.page.keyboard.press('ArrowDown');
  }
  if ((await focused.count()) !== 1) throw new Error(`${entry} is not in the context menu`);
  await editor.page.keyboard.press('Enter');
  await menu.first().waitFor({ state: 'hidden', timeout: uiTimeout });
}

/** Starts a fresh code-server with the extension installed and opens it in Chromium. */
export async function launchEditor(options: LaunchOptions): Promise<Editor> {
  const root = await mkdtemp(path.join(tmpdir(), 'kantega-e2e-'));
  const userDataDir = path.join(root, 'user-data');
  const extensionsDir = path.join(root, 'extensions');
  const folder = options.workspaceFolder ?? path.join(root, 'workspace');
  await mkdir(folder, { recursive: true });
  await writeUserSettings(userDataDir, options.settings ?? {});
  if (options.keybindings) {
    await writeFile(path.join(userDataDir, 'User', 'keybindings.json'), JSON.stringify(options.keybindings, null, 2));
  }
  await installExtension(options.vsixPath ?? defaultVsixPath, userDataDir, extensionsDir);
  if (options.locale) await installLanguagePack(options.locale, root, userDataDir, extensionsDir);

  const server = await startCodeServer({ userDataDir, extensionsDir, folder, locale: options.locale });
  return attachEditor({
    name: options.name,
    url: server.url,
    userDataDir,
    cleanup: async () => {
      await server.stop();
      await keepLogs(options.name, server, userDataDir);
      await rm(root, { recursive: true, force: true });
    },
  });
}

export interface AttachOptions {
  /** Names screenshots: test-results/e2e/<name>-<step>.png. */
  name: string;
  /** A running code-server. */
  url: string;
  userDataDir: string;
  /** Runs after the browser closed (also when opening the workbench failed). */
  cleanup?: () => Promise<void>;
}

/** Opens Chromium on an already running code-server (for example the demo's) and drives it. */
export async function attachEditor(options: AttachOptions): Promise<Editor> {
  const { userDataDir } = options;
  const cleanup = options.cleanup ?? (async () => undefined);
  let browser: Browser | undefined;
  let page: Page;
  try {
    ({ browser, page } = await openWorkbench(options.url));
  } catch (error) {
    await cleanup();
    throw error;
  }

  /**
   * Accepts the quick pick row with this label by keyboard: moves the list focus onto it and presses
   * Enter. A mouse click can land on another row when the list re-renders (items loading, filtering).
   */
  async function selectQuickPickRow(label: string | RegExp): Promise<void> {
    try {
      await editor.quickPickItem(label).first().waitFor({ timeout: uiTimeout });
    } catch (error) {
      // Say what the pick showed instead, so that a failure on CI can be read from its log.
      const widget = editor.quickInput();
      const shown = (await widget.count()) ? await widget.first().innerText() : '(no quick input)';
      throw new Error(`No quick pick row "${String(label)}"; the quick input showed: ${shown}`, { cause: error });
    }
    const rows = page.locator('.quick-input-widget:visible .quick-input-list .monaco-list-row');
    const focusedMatch = rows
      .and(page.locator('.focused'))
      .filter({ has: page.locator('.label-name', { hasText: label }) });
    const rowCount = await rows.count();
    // Arrow keys wrap around, so one more step than there are rows visits every row.
    for (let step = 0; step <= Math.max(rowCount, 1) * 2; step++) {
      if (await focusedMatch.count()) {
        await page.keyboard.press('Enter');
        return;
      }
      await page.keyboard.press('ArrowDown');
    }
    throw new Error(`Could not move the quick pick's focus onto ${String(label)}`);
  }

  /** The tree row with this label once shown; else an error naming the rows the view showed instead. */
  async function waitForTreeItem(label: string | RegExp): Promise<Locator> {
    const row = editor.treeItem(label).first();
    try {
      await row.waitFor({ timeout: uiTimeout });
      return row;
    } catch (error) {
      const rows = await page
        .getByRole('treeitem')
        .allInnerTexts()
        .catch(() => []);
      const shown = rows.map((text) => text.replace(/\s+/g, ' ').trim()).join(' | ');
      throw new Error(`No tree row ${String(label)} within ${uiTimeout} ms; the tree showed: ${shown || '(nothing)'}`, {
        cause: error,
      });
    }
  }

  const editor: Editor = {
    page,
    url: options.url,
    userDataDir,

    async screenshot(step) {
      await mkdir(screenshotDir, { recursive: true });
      const file = path.join(screenshotDir, `${options.name}-${step}.png`);
      await page.screenshot({ path: file });
      return file;
    },

    async runCommand(title) {
      const input = editor.quickInput().locator('input');
      for (let attempt = 1; ; attempt++) {
        // F1 while the last palette is still closing types into the old one: wait for it to go first.
        await editor.quickInput().waitFor({ state: 'hidden', timeout: uiTimeout });
        await page.keyboard.press('F1');
        await input.waitFor({ state: 'visible', timeout: uiTimeout });
        try {
          await input.fill(`>${title}`, { timeout: 5_000 });
          break;
        } catch (error) {
          // The palette closed again before it took the text (a view redrawing took the focus, as
          // seen on CI): press F1 again, as a person would.
          if (attempt === 3) throw error;
        }
      }
      const row = new RegExp(`^${escapeRegExp(title)}$`);
      await selectQuickPickRow(row);
      // Under load the palette can drop the Enter; it then still shows the command, so accept it again.
      const deadline = Date.now() + 3_000;
      while (Date.now() < deadline) {
        if (!(await input.count())) return;
        const typed = await input
          .first()
          .inputValue({ timeout: 500 })
          .catch(() => '');
        if (typed !== `>${title}`) return;
        await page.waitForTimeout(100);
      }
      await selectQuickPickRow(row);
    },

    async answerInput(value, expect) {
      const widget = editor.quickInput();
      if (expect !== undefined) await widget.filter({ hasText: expect }).waitFor({ timeout: uiTimeout });
      const input = widget.locator('input.input');
      await input.waitFor({ state: 'visible', timeout: uiTimeout });
      await input.fill(value);
      await input.press('Enter');
    },

    async pickItem(label, expect) {
      const widget = editor.quickInput();
      if (expect !== undefined) {
        try {
          await widget.filter({ hasText: expect }).waitFor({ timeout: uiTimeout });
        } catch (error) {
          // Say what the editor showed instead, so that a failure on CI can be read from its log.
          const shown = (await widget.count()) ? await widget.first().innerText() : '(no quick input)';
          const notes = await editor.notificationTexts();
          throw new Error(
            `Expected a quick input with "${String(expect)}"; the editor showed: ${shown}; ` +
              `notifications: ${notes.join(' | ') || '(none)'}`,
            { cause: error },
          );
        }
      }
      await selectQuickPickRow(label);
    },

    quickInput: () => page.locator('.quick-input-widget:visible'),

    quickPickItem: (label) =>
      page.locator('.quick-input-widget:visible .quick-input-list .monaco-list-row').filter({
        has: page.locator('.label-name', { hasText: label }),
      }),

    notification: (text) => page.locator('.notifications-toasts .notification-list-item').filter({ hasText: text }),

    async notificationTexts() {
      return page
        .locator('.notifications-toasts .notification-list-item .notification-list-item-message')
        .allInnerTexts();
    },

    async expectNotification(text) {
      const toast = editor.notification(text).first();
      try {
        await toast.waitFor({ timeout: toastTimeout });
        return;
      } catch {
        // VS Code drops toasts that arrive in a burst (its spam protection) but still lists them in
        // the notification center, where the person finds them under the bell: look there.
      }
      await editor.runCommand('Notifications: Show Notifications');
      const listed = page.locator('.notifications-center .notification-list-item').filter({ hasText: text }).first();
      try {
        await listed.waitFor({ timeout: uiTimeout - toastTimeout });
      } catch (error) {
        const center = await page
          .locator('.notifications-center .notification-list-item-message')
          .allInnerTexts()
          .catch(() => []);
        await editor.screenshot('missing-notification').catch(() => undefined);
        throw new Error(
          `No notification ${String(text)} within ${uiTimeout} ms; ` +
            `the notification center lists: ${JSON.stringify(center)}`,
          { cause: error },
        );
      } finally {
        await editor.runCommand('Notifications: Hide Notifications').catch(() => undefined);
      }
    },

    async clickNotificationButton(text, button) {
      const toast = editor.notification(text).first();
      try {
        await toast.waitFor({ timeout: toastTimeout });
        await toast.getByRole('button', { name: button, exact: true }).click();
        return;
      } catch {
        // Kept out of the toasts (a burst of notifications): its buttons are in the notification center.
      }
      await editor.runCommand('Notifications: Show Notifications');
      const listed = page.locator('.notifications-center .notification-list-item').filter({ hasText: text }).first();
      await listed.waitFor({ timeout: uiTimeout - toastTimeout });
      await listed.getByRole('button', { name: button, exact: true }).click();
      await editor.runCommand('Notifications: Hide Notifications').catch(() => undefined);
    },

    async dismissNotifications() {
      // Let running operations finish: their progress notifications survive Clear All.
      await page
        .locator('.notifications-toasts .monaco-progress-container.active')
        .first()
        .waitFor({ state: 'hidden', timeout: uiTimeout });
      await editor.runCommand('Notifications: Clear All Notifications');
    },

    treeItem: (label) => page.getByRole('treeitem').filter({ has: page.locator('.label-name', { hasText: label }) }),

    async treeItemDescription(label) {
      const row = await waitForTreeItem(label);
      const description = row.locator('.label-description');
      return (await description.count()) ? description.innerText() : '';
    },

    async expandTreeItem(label) {
      const row = await waitForTreeItem(label);
      const expanded = page
        .getByRole('treeitem', { expanded: true })
        .filter({ has: page.locator('.label-name', { hasText: label }) });
      // A click that lands while the tree redraws the row (its status just loaded, a settings write
      // refreshed the tree) can be lost, or fold the row again while its children load: a person
      // would click again, and so does this.
      for (let attempt = 1; attempt < 5; attempt++) {
        if ((await row.getAttribute('aria-expanded')) === 'false') await row.locator('.monaco-tl-twistie').click();
        const opened = await expanded
          .first()
          .waitFor({ timeout: 3_000 })
          .then(() => true)
          .catch(() => false);
        if (opened) {
          await page.waitForTimeout(300);
          if ((await row.getAttribute('aria-expanded')) !== 'false') return row;
        }
      }
      if ((await row.getAttribute('aria-expanded')) === 'false') await row.locator('.monaco-tl-twistie').click();
      await expanded.first().waitFor({ timeout: uiTimeout });
      return row;
    },

    dialog: () => page.locator('.monaco-dialog-box'),

    async clickDialogButton(name) {
      const button = editor.dialog().getByRole('button', { name, exact: true });
      await button.waitFor({ timeout: uiTimeout });
      await button.click();
    },

    async openKantegaView() {
      if (await editor.instancesView().isVisible()) return;
      await page.locator('.activitybar [aria-label*="Kantega SSO"]').first().click();
      await editor.instancesView().waitFor({ timeout: uiTimeout });
    },

    instancesView: () =>
      page
        .locator('.pane')
        // By the view's id (its header icon's class), not its title: the title is translated.
        .filter({ has: page.locator('.pane-header .view-kantegaSso-instances') })
        .locator('.pane-body'),

    async readClipboard() {
      await page.bringToFront();
      return page.evaluate(() => navigator.clipboard.readText());
    },

    async extensionLog() {
      const files = await findFiles(path.join(userDataDir, 'logs'), (f) => f.endsWith('Kantega SSO.log'));
      return (await Promise.all(files.map((f) => readFile(f, 'utf8')))).join('');
    },

    async readUserSettings() {
      return JSON.parse(await readFile(path.join(userDataDir, 'User', 'settings.json'), 'utf8')) as Record<
        string,
        unknown
      >;
    },

    async setCredential(instanceName, secret) {
      // At most three toasts show at once; a new one waits behind older ones that have buttons.
      await editor.dismissNotifications();
      await editor.runCommand('Kantega SSO: Set Credential…');
      await editor.pickItem(instanceName, 'Kantega SSO instance');
      await editor.answerInput(secret, `Set Credential for ${instanceName}`);
      await editor.expectNotification(`${instanceName}: Kantega SSO is reachable and the credential was accepted`);
    },

    async webviewFrame(selector, hasText, timeoutMs = uiTimeout) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        for (const frame of page.frames()) {
          if (!['active-frame', 'pending-frame'].includes(frame.name())) continue;
          try {
            if ((await frame.locator(selector, hasText === undefined ? {} : { hasText }).count()) > 0) return frame;
          } catch {
            // The frame navigated or went away while we looked; look again.
          }
        }
        if (Date.now() > deadline) throw new Error(`No webview showing ${selector} within ${timeoutMs} ms`);
        await page.waitForTimeout(200);
      }
    },

    async openTokenFromTree(name) {
      const row = await waitForTreeItem(name);
      for (let attempt = 1; ; attempt++) {
        await row.click();
        try {
          return await editor.webviewFrame('#token-name', name, 5_000);
        } catch (error) {
          if (attempt === 3) throw error;
        }
      }
    },

    async close() {
      // What the editor showed last: the first thing to look at when a test failed.
      await editor.screenshot('at-close').catch(() => undefined);
      await browser?.close().catch(() => undefined);
      await cleanup();
    },
  };
  return editor;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Keeps code-server's output and the extension's log channel beside the screenshots. */
async function keepLogs(name: string, server: CodeServer, userDataDir: string): Promise<void> {
  await mkdir(screenshotDir, { recursive: true });
  await writeFile(path.join(screenshotDir, `${name}-code-server.log`), server.output());
  const logsRoot = path.join(userDataDir, 'logs');
  for (const file of await findFiles(logsRoot, (f) => f.endsWith('Kantega SSO.log'))) {
    await cp(file, path.join(screenshotDir, `${name}-extension.log`));
  }
}

async function findFiles(dir: string, match: (file: string) => boolean): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await findFiles(full, match)));
    else if (match(full)) found.push(full);
  }
  return found;
}
