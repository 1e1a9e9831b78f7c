// The token details webview takes its colours from the VS Code theme: in light, dark and both
// high-contrast themes every text keeps a readable contrast against what is behind it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { adminInstance, launchEditor, type Editor } from './harness';
import { startSimulator, type Simulator } from '../simulator/index';

const PASSWORD = 'e2e-Theme-Admin-90';

/** The theme as the picker lists it, and the class VS Code then puts on the webview's body. */
const THEMES = [
  { theme: 'Light Modern', bodyClass: 'vscode-light' },
  { theme: 'Dark Modern', bodyClass: 'vscode-dark' },
  { theme: 'Dark High Contrast', bodyClass: 'vscode-high-contrast' },
  { theme: 'Light High Contrast', bodyClass: 'vscode-high-contrast-light' },
] as const;

/** WCAG AA for normal-size text. */
const MIN_CONTRAST = 4.5;

/**
 * Contrast ratio of each element's text against the first opaque background behind it (WCAG 2
 * formula). Plain JavaScript in a string: it runs inside the webview, untouched by the TypeScript loader.
 */
const CONTRAST_SCRIPT = `(selectors) => {
  function parse(css) {
    const match = /rgba?\\(([^)]+)\\)/.exec(css);
    if (!match) return undefined;
    const parts = match[1].split(/[,\\s/]+/).filter(Boolean).map(Number);
    return { rgb: parts.slice(0, 3), alpha: parts.length > 3 ? parts[3] : 1 };
  }
  function luminance(rgb) {
    const [r, g, b] = rgb.map(function (value) {
      const c = value / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }
  function background(element) {
    for (let node = element; node; node = node.parentElement) {
      const colour = parse(getComputedStyle(node).backgroundColor);
      if (colour && colour.alpha > 0.99) return colour.rgb;
    }
    throw new Error('No opaque background behind ' + element.tagName);
  }
  const result = {};
  for (const selector of selectors) {
    const element = document.querySelector(selector);
    if (!element) throw new Error('No ' + selector + ' in the webview');
    const pair = [luminance(parse(getComputedStyle(element).color).rgb), luminance(background(element))]
      .sort(function (a, b) { return b - a; });
    result[selector] = Math.round(((pair[0] + 0.05) / (pair[1] + 0.05)) * 100) / 100;
  }
  return result;
}`;

function contrasts(frame: Frame, selectors: string[]): Promise<Record<string, number>> {
  return frame.evaluate(`(${CONTRAST_SCRIPT})(${JSON.stringify(selectors)})`);
}

describe('Token details webview in light, dark and high-contrast themes', () => {
  let sim: Simulator;
  let editor: Editor;

  before(async () => {
    sim = await startSimulator({
      version: 'latest',
      users: [{ username: 'admin', password: PASSWORD, sysadmin: true }],
    });
    editor = await launchEditor({
      name: 'themes',
      settings: {
        'kantegaSso.instances': [adminInstance('Jira Prod', sim, 'production')],
      },
    });
    await editor.openKantegaView();
    await editor.setCredential('Jira Prod', PASSWORD);
    await editor.expandTreeItem('Jira Prod');
    await editor.openTokenFromTree('Old build server');
  });

  after(async () => {
    await editor?.close();
    await sim?.close();
  });

  for (const { theme, bodyClass } of THEMES) {
    it(`keeps every text readable in ${theme}`, async () => {
      await editor.runCommand('Preferences: Color Theme');
      await editor.quickInput().locator('input').fill(theme);
      await editor.pickItem(new RegExp(`^${theme}$`));
      const frame = await editor.webviewFrame(`body.${bodyClass} #token-name`, 'Old build server');
      const measured = await contrasts(frame, [
        '#token-name',
        '.subtitle',
        '#environment-badge',
        'dt',
        '#token-description',
        '#token-expires',
        '#renew',
        '#copy-id',
        '#token-environment',
      ]);
      await editor.screenshot(`token-details-${bodyClass}`);
      const unreadable = Object.entries(measured).filter(([, ratio]) => ratio < MIN_CONTRAST);
      assert.deepEqual(unreadable, [], `contrast too low in ${theme}: ${JSON.stringify(measured)}`);
    });
  }
});
