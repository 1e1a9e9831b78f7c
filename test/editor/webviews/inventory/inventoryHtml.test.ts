// The fleet inventory page's frame and its messages: a strict CSP with the nonce, no server text in
// the HTML (rows come by message and are drawn with textContent), every label through the localizer,
// a page message that is not exactly one of ours refused, and the one filter and sort that both the
// page and the export apply.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { assessInventory, type InstanceFacts } from '../../../../src/core/fleet/inventory';
import { INVENTORY_COLUMNS, inventoryRows, type InventoryRowView } from '../../../../src/core/fleet/inventoryText';
import { configureDisplayLanguage } from '../../../../src/core/text/displayLanguage';
import { fillPlaceholders } from '../../../../src/core/text/displayText';
import {
  DEFAULT_VIEW,
  MAX_FILTER_LENGTH,
  isPageMessage,
  isPanelMessage,
  isViewState,
  shownAssessment,
  shownRows,
  type ViewState,
} from '../../../../src/webview/inventoryMessages';
import { renderInventoryHtml } from '../../../../src/editor/webviews/inventory/inventoryHtml';
import type { Localizer } from '../../../../src/editor/webviews/webviewPage';

const RESOURCES = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  nonce: 'bm9uY2Vub25jZW5vbmNl',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/inventory.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/inventory.css',
  sharedStyleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/tablePage.css',
};

describe('fleet inventory HTML', () => {
  const html = renderInventoryHtml(RESOURCES);

  it('has a strict CSP: nothing by default, only our script by nonce and our stylesheet', () => {
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1] ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-bm9uY2Vub25jZW5vbmNl';/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0], /nonce="bm9uY2Vub25jZW5vbmNl" src="[^"]*inventory\.js"/);
    // The table pages' shared stylesheet first, so that the page's own rules win a tie.
    assert.match(
      html,
      /<link rel="stylesheet" href="[^"]*tablePage\.css">\s*<link rel="stylesheet" href="[^"]*inventory\.css">/,
    );
    assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handlers');
    assert.doesNotMatch(html, /style=/, 'no inline styles (the CSP would block them)');
  });

  it('offers every column as a sort button, the filters with labels, and keyboard-reachable controls', () => {
    for (const column of INVENTORY_COLUMNS) {
      assert.match(html, new RegExp(`<th scope="col" data-column="${column}" aria-sort="none"><button type="button"`));
    }
    assert.match(html, new RegExp(`<input id="filter" type="search" maxlength="${MAX_FILTER_LENGTH}"`));
    assert.match(html, /<label for="filter">Filter<\/label>/);
    assert.match(html, /<label for="environment-filter">Environment<\/label>\s*<select id="environment-filter">/);
    assert.match(html, /<label for="product-filter">Product<\/label>\s*<select id="product-filter">/);
    assert.match(html, /<button type="button" id="refresh" class="secondary">Refresh<\/button>/);
    assert.match(html, /<button type="button" id="export" class="secondary">Export…<\/button>/);
    assert.match(html, /<p id="summary" class="summary" aria-live="polite">/);
    assert.match(html, /<p id="status" role="status" aria-live="polite">/);
  });

  it('puts every label through the localizer, escaped, including the strings handed to the page', (t) => {
    const hostile: Localizer = { t: (message, ...args) => `<b>"${fillPlaceholders(message, ...args)}"</b>` };
    // The column labels are the core's words: translated by the bundle the editor configures.
    configureDisplayLanguage('en', { 'Kantega SSO': '<b>"Kantega SSO"</b>' });
    t.after(() => configureDisplayLanguage('en', undefined));
    const translated = renderInventoryHtml(RESOURCES, hostile, 'en"><script>');
    assert.doesNotMatch(translated, /<b>/, 'translations are text, not markup');
    assert.match(translated, /&lt;b&gt;&quot;Fleet Inventory&quot;&lt;\/b&gt;/);
    assert.match(translated, /&lt;b&gt;&quot;Kantega SSO&quot;&lt;\/b&gt;/, 'column labels too');
    assert.match(translated, /<html lang="en&quot;&gt;&lt;script&gt;">/);
    assert.equal((translated.match(/<script/g) ?? []).length, 1);
    const strings = /data-strings="([^"]*)"/.exec(translated)?.[1] ?? '';
    const decoded = strings
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
    assert.equal((JSON.parse(decoded) as { compare: string }).compare, '<b>"Compare…"</b>');
  });
});

describe('fleet inventory page script', () => {
  it('builds rows with textContent: no HTML parsing, no eval, no state but the view', () => {
    const source = readFileSync('src/webview/inventoryPage.ts', 'utf8');
    assert.doesNotMatch(source, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
    const saved = source.match(/\.setState\([^)]*\)/g) ?? [];
    assert.ok(saved.length > 0);
    assert.deepEqual(new Set(saved), new Set(['.setState(view)']), 'only the view (filters, sort) is kept');
  });
});

describe('fleet inventory messages', () => {
  const view: ViewState = { text: 'jira', environment: 'staging', product: '', column: 'kantegaSso', descending: true };

  it('accepts our page messages', () => {
    for (const message of [
      { type: 'ready' },
      { type: 'refresh' },
      { type: 'export', view },
      { type: 'export', view: DEFAULT_VIEW },
      { type: 'rowAction', action: 'snapshot', instanceName: 'Jira Prod' },
      { type: 'rowAction', action: 'reveal', instanceName: 'Jira Prod' },
      { type: 'rowAction', action: 'refresh', instanceName: 'Jira Prod' },
      { type: 'rowAction', action: 'compare', instanceName: 'Jira Prod' },
    ]) {
      assert.ok(isPageMessage(message), JSON.stringify(message));
    }
  });

  it('refuses forged and malformed ones', () => {
    for (const message of [
      null,
      'refresh',
      { type: 'rowAction', action: 'restoreSnapshot', instanceName: 'Jira' },
      { type: 'rowAction', action: 'reveal', instanceName: '' },
      { type: 'rowAction', action: 'reveal', instanceName: { name: 'Jira' } },
      { type: 'rowAction', action: 'reveal', instanceName: 'x'.repeat(1000) },
      { type: 'export' },
      { type: 'export', view: { ...view, column: 'secret' } },
      { type: 'export', view: { ...view, environment: 3 } },
      { type: 'export', view: { ...view, descending: 'yes' } },
      { type: 'export', view: { ...view, text: 'x'.repeat(MAX_FILTER_LENGTH + 1) } },
      { type: 'html', html: '<img>' },
    ]) {
      assert.ok(!isPageMessage(message), JSON.stringify(message));
    }
  });

  it('checks the panel messages the page takes', () => {
    assert.ok(isPanelMessage({ type: 'status', text: 'ok', isError: false }));
    assert.ok(isPanelMessage({ type: 'inventory', rows: [], summary: '', loading: 0 }));
    assert.ok(!isPanelMessage({ type: 'inventory', rows: 'x', summary: '', loading: 0 }));
    assert.ok(!isPanelMessage({ type: 'html', html: '<img>' }));
  });
});

describe('what the inventory view shows', () => {
  const NOW = Date.UTC(2026, 9, 1);
  const snapshotsOf = (pluginVersion: string, applicationName = 'JIRA') => ({
    known: true as const,
    value: {
      count: 1,
      newest: { takenAt: NOW - 86_400_000, applicationName, applicationVersion: '9.12.2', pluginVersion },
    },
  });
  const facts = (
    name: string,
    environment: string | undefined,
    pluginVersion: string,
    app = 'JIRA',
  ): InstanceFacts => ({
    name,
    ...(environment !== undefined ? { environment } : {}),
    baseUrl: `https://${name.toLowerCase().replace(/\s+/g, '-')}.example.com`,
    status: 'online',
    snapshots: snapshotsOf(pluginVersion, app),
    tokens: { known: false, reason: 'loading' },
    identityProviders: { known: true, value: [] },
  });
  const fleet = [
    facts('Jira Prod', 'production', '7.2.1'),
    facts('Jira Staging', 'staging', '7.3.0'),
    facts('Jira Test', 'test', '7.2.1'),
    facts('Wiki', undefined, '7.2.1', 'Confluence'),
  ];
  const assessment = assessInventory(fleet, { now: NOW, snapshotMaxAgeDays: 30 });
  const rows = inventoryRows(assessment, { now: NOW });
  const names = (shown: readonly InventoryRowView[]) => shown.map((row) => row.instanceName);

  it('keeps the configured order by default and filters by environment, product and text', () => {
    assert.deepEqual(names(shownRows(rows, DEFAULT_VIEW)), ['Jira Prod', 'Jira Staging', 'Jira Test', 'Wiki']);
    assert.deepEqual(names(shownRows(rows, { ...DEFAULT_VIEW, environment: 'staging' })), ['Jira Staging']);
    assert.deepEqual(names(shownRows(rows, { ...DEFAULT_VIEW, environment: '' })), ['Wiki'], "'' : no environment");
    assert.deepEqual(names(shownRows(rows, { ...DEFAULT_VIEW, product: 'Confluence' })), ['Wiki']);
    // The text filter reads the marks' words too: the drift is found by its version.
    assert.deepEqual(names(shownRows(rows, { ...DEFAULT_VIEW, text: ' 7.3.0 ' })), ['Jira Staging']);
    assert.deepEqual(names(shownRows(rows, { ...DEFAULT_VIEW, text: 'JIRA TEST' })), ['Jira Test']);
  });

  it('sorts by a column both ways, ties in the configured order', () => {
    const ascending = shownRows(rows, { ...DEFAULT_VIEW, column: 'kantegaSso' });
    assert.deepEqual(names(ascending), ['Jira Prod', 'Jira Test', 'Wiki', 'Jira Staging']);
    const descending = shownRows(rows, { ...DEFAULT_VIEW, column: 'kantegaSso', descending: true });
    assert.deepEqual(names(descending), ['Jira Staging', 'Jira Prod', 'Jira Test', 'Wiki']);
    // No environment sorts last, ascending.
    assert.deepEqual(names(shownRows(rows, { ...DEFAULT_VIEW, column: 'environment' })).at(-1), 'Wiki');
  });

  it('exports what it shows: those instances, in its order, with their marks and their summary', () => {
    const shown = shownRows(rows, { ...DEFAULT_VIEW, column: 'kantegaSso', descending: true, product: 'Jira' });
    const narrowed = shownAssessment(assessment, shown);
    assert.deepEqual(
      narrowed.instances.map((instance) => instance.facts.name),
      ['Jira Staging', 'Jira Prod', 'Jira Test'],
    );
    assert.deepEqual(narrowed.summary, {
      differences: 1,
      warnings: 0,
      driftingInstances: 1,
      comparedProducts: 1,
      offline: 0,
    });
    assert.deepEqual(
      shownAssessment(assessment, rows).summary,
      assessment.summary,
      'everything shown: the same summary',
    );
    const onlyProduction = shownAssessment(assessment, shownRows(rows, { ...DEFAULT_VIEW, environment: 'production' }));
    assert.equal(onlyProduction.summary.differences, 0);
    assert.equal(onlyProduction.summary.comparedProducts, 1, 'compared with the fleet, though shown alone');
  });

  it('shows a subset of the rows, each once, whatever the view (property)', () => {
    const choice = fc.option(fc.constantFrom('', 'production', 'staging', 'Jira', 'Confluence', 'other'), {
      nil: null,
    });
    fc.assert(
      fc.property(
        fc.record({
          text: fc.string({ maxLength: 8 }),
          environment: choice,
          product: choice,
          column: fc.option(fc.constantFrom(...INVENTORY_COLUMNS), { nil: null }),
          descending: fc.boolean(),
        }),
        (candidate: ViewState) => {
          const shown = shownRows(rows, candidate);
          assert.equal(new Set(shown).size, shown.length);
          for (const row of shown) assert.ok(rows.includes(row));
          assert.ok(isViewState(candidate));
        },
      ),
    );
  });
});
