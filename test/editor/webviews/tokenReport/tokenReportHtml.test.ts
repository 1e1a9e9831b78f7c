// The token report page's frame and its messages: a strict CSP with the nonce, no server text in the
// HTML (rows come by message and are drawn with textContent), every label through the localizer,
// and a page message that is not exactly one of ours is refused.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { REPORT_COLUMNS } from '../../../../src/core/fleet/tokenReport';
import {
  MAX_FILTER_LENGTH,
  isPageMessage,
  isPanelMessage,
  type ViewState,
} from '../../../../src/webview/tokenReportMessages';
import { renderTokenReportHtml } from '../../../../src/editor/webviews/tokenReport/tokenReportHtml';
import type { Localizer } from '../../../../src/editor/webviews/webviewPage';

const RESOURCES = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  nonce: 'bm9uY2Vub25jZW5vbmNl',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/tokenReport.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/tokenReport.css',
};

describe('token report HTML', () => {
  const html = renderTokenReportHtml(RESOURCES, 14);

  it('has a strict CSP: nothing by default, only our script by nonce and our stylesheet', () => {
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1] ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-bm9uY2Vub25jZW5vbmNl';/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0], /nonce="bm9uY2Vub25jZW5vbmNl" src="[^"]*tokenReport\.js"/);
    assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handlers');
  });

  it('offers every column as a sort button, the quick filters as toggles, and keyboard-reachable controls', () => {
    for (const column of REPORT_COLUMNS) {
      assert.match(html, new RegExp(`<th scope="col" data-column="${column}" aria-sort="none"><button type="button"`));
    }
    for (const filter of ['expired', 'expiring', 'never', 'mine']) {
      assert.match(html, new RegExp(`data-quick="${filter}" aria-pressed="false"`));
    }
    assert.match(html, /Expiring within 14 days/);
    assert.match(html, new RegExp(`<input id="filter" type="search" maxlength="${MAX_FILTER_LENGTH}"`));
    assert.match(html, /<label for="filter">Filter<\/label>/);
    assert.match(html, /<p id="status" role="status" aria-live="polite">/);
  });

  it('puts every label through the localizer, escaped, including the strings handed to the page', () => {
    const hostile: Localizer = { t: (message) => `<b>"${message}"</b>` };
    const translated = renderTokenReportHtml(RESOURCES, 14, hostile);
    assert.doesNotMatch(translated, /<b>/, 'translations are text, not markup');
    assert.match(translated, /&lt;b&gt;&quot;API tokens across instances&quot;&lt;\/b&gt;/);
    const strings = /data-strings="([^"]*)"/.exec(translated)?.[1] ?? '';
    const decoded = strings
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
    assert.equal((JSON.parse(decoded) as { retry: string }).retry, '<b>"Retry"</b>');
  });
});

describe('token report page script', () => {
  it('builds rows with textContent: no HTML parsing, no eval, no state but the view', () => {
    const source = readFileSync('src/webview/tokenReportPage.ts', 'utf8');
    assert.doesNotMatch(source, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
    const saved = source.match(/\.setState\([^)]*\)/g) ?? [];
    assert.ok(saved.length > 0);
    assert.deepEqual(new Set(saved), new Set(['.setState(view)']), 'only the view (filter, sort, page) is kept');
  });
});

describe('token report messages', () => {
  const view: ViewState = { text: 'jira', quick: ['expired', 'mine'], column: 'name', descending: true, offset: 200 };

  it('accepts our page messages', () => {
    for (const message of [
      { type: 'ready' },
      { type: 'refresh' },
      { type: 'export' },
      { type: 'query', seq: 3, view },
      { type: 'rowAction', action: 'delete', instanceName: 'Jira Prod', tokenId: 129 },
      { type: 'retry', instanceName: 'Bitbucket' },
    ]) {
      assert.ok(isPageMessage(message), JSON.stringify(message));
    }
  });

  it('refuses forged and malformed ones', () => {
    for (const message of [
      null,
      'delete',
      { type: 'rowAction', action: 'deleteAll', instanceName: 'Jira', tokenId: 1 },
      { type: 'rowAction', action: 'delete', instanceName: 'Jira', tokenId: '1' },
      { type: 'rowAction', action: 'delete', instanceName: 'Jira', tokenId: -1 },
      { type: 'rowAction', action: 'delete', instanceName: 'Jira', tokenId: 1.5 },
      { type: 'rowAction', action: 'delete', instanceName: '', tokenId: 1 },
      { type: 'rowAction', action: 'open', instanceName: { name: 'Jira' }, tokenId: 1 },
      { type: 'query', seq: -1, view },
      { type: 'query', seq: 1, view: { ...view, column: 'secret' } },
      { type: 'query', seq: 1, view: { ...view, quick: ['expired', 'all'] } },
      { type: 'query', seq: 1, view: { ...view, text: 'x'.repeat(MAX_FILTER_LENGTH + 1) } },
      { type: 'query', seq: 1, view: { ...view, offset: Infinity } },
      { type: 'retry' },
      { type: 'copySecret' },
    ]) {
      assert.ok(!isPageMessage(message), JSON.stringify(message));
    }
  });

  it('checks the panel messages the page takes', () => {
    assert.ok(isPanelMessage({ type: 'status', text: 'ok', isError: false }));
    assert.ok(isPanelMessage({ type: 'rows', seq: 0, rows: [], instances: [] }));
    assert.ok(!isPanelMessage({ type: 'rows', seq: 0, rows: 'x', instances: [] }));
    assert.ok(!isPanelMessage({ type: 'html', html: '<img>' }));
  });
});
