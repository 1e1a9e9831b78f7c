// The fleet inventory page's frame as one HTML string: toolbar, summary, column headers, empty table.
// The rows come later by message and the page builds them with textContent, so no server string is
// ever written into this HTML. Plain module (no `vscode` import): unit-tested for the CSP and escaping.
import { INVENTORY_COLUMNS, inventoryColumnLabels } from '../../../core/fleet/inventoryText';
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
import { MAX_FILTER_LENGTH, type PageStrings } from '../../../webview/inventoryMessages';

function pageStrings(l10n: Localizer): PageStrings {
  return {
    loading: l10n.t('{0} instances still loading…'),
    showing: l10n.t('{0} of {1} instances shown'),
    noMatch: l10n.t('No instance matches the filter.'),
    noInstances: l10n.t('No Kantega SSO instances are configured yet.'),
    allEnvironments: l10n.t('All environments'),
    noEnvironment: l10n.t('(no environment)'),
    allProducts: l10n.t('All products'),
    unknownProduct: l10n.t('(unknown product)'),
    snapshot: l10n.t('Take Snapshot'),
    reveal: l10n.t('Reveal'),
    refresh: l10n.t('Refresh'),
    compare: l10n.t('Compare…'),
    snapshotLabel: l10n.t('Take a snapshot of {0}'),
    revealLabel: l10n.t('Reveal {0} in the Instances view'),
    refreshLabel: l10n.t('Refresh {0}'),
    compareLabel: l10n.t('Compare {0} with another instance'),
    drift: l10n.t('Difference:'),
    warning: l10n.t('Warning:'),
  };
}

export function renderInventoryHtml(
  resources: WebviewResources,
  l10n: Localizer = english,
  /** The display language (vscode.env.language). */
  language = 'en',
): string {
  const labels = inventoryColumnLabels();
  const headers = sortableHeaders(INVENTORY_COLUMNS.map((column) => [column, labels[column]] as const));
  const strings = escapeHtml(JSON.stringify(pageStrings(l10n)));
  const title = l10n.t('Fleet Inventory');

  return `${documentHead(resources, title, language)}
<body>
  <main id="inventory" data-strings="${strings}" aria-busy="true">
    <header>
      <h1>${escapeHtml(title)}</h1>
      <div class="toolbar">
        ${filterBox(l10n, l10n.t('instance, version, identity provider, mark…'), MAX_FILTER_LENGTH)}
        <label for="environment-filter">${escapeHtml(l10n.t('Environment'))}</label>
        <select id="environment-filter"></select>
        <label for="product-filter">${escapeHtml(l10n.t('Product'))}</label>
        <select id="product-filter"></select>
        <span class="spacer"></span>
        ${button('refresh', l10n.t('Refresh'), ' class="secondary"')}
        ${button('export', l10n.t('Export…'), ' class="secondary"')}
      </div>
    </header>
    <p id="summary" class="summary" aria-live="polite"></p>
    <p id="shown" class="shown"><span id="shown-count"></span> <span id="loading"></span></p>
    <p id="status" role="status" aria-live="polite"></p>
    <div class="table-wrap">
      <table id="instances">
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
