// The token report page's frame as one HTML string: toolbar, column headers, empty table. The rows
// come later by message and the page builds them with textContent, so no server string is ever
// written into this HTML. Plain module (no `vscode` import): unit-tested for the CSP and escaping.
import type { QuickFilter, ReportColumn } from '../../../core/fleet/tokenReport';
import { escapeHtml } from '../../../core/text/displayText';
import {
  button,
  documentHead,
  english,
  filterBox,
  pageScript,
  sortableHeaders,
  type Localizer,
  type WebviewResources,
} from '../webviewPage';
import { MAX_FILTER_LENGTH, type PageStrings, type ViewState } from '../../../webview/tokenReportMessages';

function columnLabels(l10n: Localizer): Record<ReportColumn, string> {
  return {
    instance: l10n.t('Instance'),
    environment: l10n.t('Environment'),
    owner: l10n.t('Owner'),
    name: l10n.t('Name'),
    description: l10n.t('Description'),
    created: l10n.t('Created'),
    expires: l10n.t('Expires'),
    daysLeft: l10n.t('Days left'),
    state: l10n.t('State'),
  };
}

function quickFilterLabels(l10n: Localizer, warningDays: number): Record<QuickFilter, string> {
  return {
    expired: l10n.t('Expired'),
    expiring: l10n.t('Expiring within {0} days', warningDays),
    never: l10n.t('Never expires'),
    mine: l10n.t('Mine'),
  };
}

function pageStrings(l10n: Localizer): PageStrings {
  return {
    loading: l10n.t('loading…'),
    unknown: l10n.t('unknown'),
    never: l10n.t('never'),
    open: l10n.t('Details'),
    copyId: l10n.t('Copy ID'),
    delete: l10n.t('Delete'),
    renew: l10n.t('Renew'),
    rotate: l10n.t('Rotate…'),
    retry: l10n.t('Retry'),
    noId: l10n.t('no id: cannot be managed from here'),
    showing: l10n.t('{0}–{1} of {2} matching ({3} tokens in all)'),
    noMatch: l10n.t('No token matches the filter.'),
    noTokens: l10n.t('No API tokens listed.'),
    openLabel: l10n.t('Details of {0}'),
    copyIdLabel: l10n.t('Copy the ID of {0}'),
    deleteLabel: l10n.t('Delete {0}'),
    renewLabel: l10n.t('Renew {0}'),
    rotateLabel: l10n.t('Rotate {0}: a new token in its place'),
    retryLabel: l10n.t('Retry listing the tokens of {0}'),
    tokensOf: l10n.t('{0} tokens'),
    sortedBy: l10n.t('Sorted by {0}'),
  };
}

export const DEFAULT_VIEW: ViewState = { text: '', quick: [], column: 'expires', descending: false, offset: 0 };

export function renderTokenReportHtml(
  resources: WebviewResources,
  warningDays: number,
  l10n: Localizer = english,
  /** The display language (vscode.env.language): the page groups its counts' digits by it. */
  language = 'en',
): string {
  const columns = columnLabels(l10n);
  const headers = sortableHeaders(Object.entries(columns));
  const quick = Object.entries(quickFilterLabels(l10n, warningDays))
    .map(
      ([filter, label]) =>
        `<button type="button" class="toggle" data-quick="${filter}" aria-pressed="false">` +
        `${escapeHtml(label)} <span class="count"></span></button>`,
    )
    .join('');
  const strings = escapeHtml(JSON.stringify(pageStrings(l10n)));
  const title = l10n.t('API tokens across instances');

  return `${documentHead(resources, title, language)}
<body>
  <main id="report" data-strings="${strings}" aria-busy="true">
    <header>
      <h1>${escapeHtml(title)}</h1>
      <div class="toolbar">
        ${filterBox(l10n, l10n.t('instance, owner, name, description, date…'), MAX_FILTER_LENGTH)}
        <div id="quick-filters" class="quick-filters" role="group"
          aria-label="${escapeHtml(l10n.t('Quick filters'))}">${quick}</div>
        <span class="spacer"></span>
        ${button('refresh', l10n.t('Refresh'), ' class="secondary"')}
        ${button('export', l10n.t('Export…'), ' class="secondary"')}
      </div>
    </header>
    <ul id="instances" class="instances" aria-label="${escapeHtml(l10n.t('Instances'))}"></ul>
    <section id="problems" class="problems" hidden aria-labelledby="problems-heading">
      <h2 id="problems-heading">${escapeHtml(l10n.t('Could not be listed'))}</h2>
      <ul id="problem-list"></ul>
    </section>
    <p id="summary" class="summary" aria-live="polite"></p>
    <p id="status" role="status" aria-live="polite"></p>
    <!-- Before the table: the keyboard reaches the pages without passing 200 rows of buttons. -->
    <nav class="pager" aria-label="${escapeHtml(l10n.t('Pages'))}">
      ${button('first-page', l10n.t('First'), ' class="secondary"')}
      ${button('previous-page', l10n.t('Previous'), ' class="secondary"')}
      <span id="page-info" aria-live="polite"></span>
      ${button('next-page', l10n.t('Next'), ' class="secondary"')}
      ${button('last-page', l10n.t('Last'), ' class="secondary"')}
    </nav>
    <div class="table-wrap">
      <table id="tokens">
        <thead><tr>${headers}<th scope="col" class="actions-col">${escapeHtml(l10n.t('Actions'))}</th></tr></thead>
        <tbody id="rows"></tbody>
      </table>
    </div>
  </main>
  ${pageScript(resources)}
</body>
</html>
`;
}
