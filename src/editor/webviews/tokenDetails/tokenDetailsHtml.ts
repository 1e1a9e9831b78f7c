// The token details page as one HTML string. Plain module (no `vscode` import) so that escaping,
// the CSP and which actions appear are unit-tested without an editor. Every label goes through the
// `l10n` given (the panel passes `vscode.l10n`), so the calls stay `l10n.t(...)` for extraction.
import { describeExpiry, expiryUrgency, formatDateTime, formatRelativeTime } from '../../../core/text/format';
import { isProduction } from '../../../core/instanceConfig';
import { DAY_MS, type ApiToken, type TokenApiVersion } from '../../../core/model';
import { displayText, escapeHtml } from '../../../core/text/displayText';
import { documentHead, english, pageScript, type Localizer, type WebviewResources } from '../webviewPage';

export interface TokenDetailsViewModel {
  readonly token: ApiToken;
  readonly instanceName: string;
  readonly environment?: string;
  readonly tokenApiVersion?: TokenApiVersion;
  /** The token belongs to the instance's configured user: renew and expiry status are user endpoints. */
  readonly isOwn: boolean;
  /** The freshly created secret, shown once; undefined afterwards. */
  readonly secret?: string;
  /** The token was deleted from this panel: details stay for reference, actions go. */
  readonly deleted: boolean;
  /** The result of the last action, rendered into the live region. */
  readonly status?: { readonly text: string; readonly isError: boolean };
  readonly now: number;
  /** `kantegaSso.expiryWarningDays`. */
  readonly warningDays: number;
}

/** Server text in the page: the whole of it (this is where a long name is read in full), one line. */
const FULL_TEXT = 10_000;
const serverText = (text: string) => displayText(text, FULL_TEXT);

/** Which actions the page offers; the panel refuses messages for actions not offered. */
export interface TokenActionsOffered {
  readonly copyId: boolean;
  readonly renew: boolean;
  readonly delete: boolean;
  readonly checkExpiry: boolean;
}

export function actionsOffered(model: Pick<TokenDetailsViewModel, 'token' | 'isOwn' | 'deleted'>): TokenActionsOffered {
  const { token, isOwn, deleted } = model;
  const addressable = !deleted && token.actionable && token.id !== undefined;
  return {
    copyId: !deleted && token.id !== undefined,
    renew: addressable && isOwn,
    delete: addressable,
    checkExpiry: addressable && isOwn,
  };
}

function describeCreated(token: ApiToken, now: number, l10n: Localizer): string {
  if (token.createdAt !== undefined) {
    return `${formatDateTime(token.createdAt)} (${formatRelativeTime(token.createdAt, now)})`;
  }
  if (token.createdAtText) return l10n.t('{0} (server time)', displayText(token.createdAtText));
  return l10n.t('unknown');
}

function describeExpires(token: ApiToken, now: number, l10n: Localizer): string {
  if (token.neverExpires) return l10n.t('never');
  if (token.expiresAt !== undefined) return `${formatDateTime(token.expiresAt)} (${describeExpiry(token, now)})`;
  if (token.expiresAtText) return l10n.t('{0} (server time)', displayText(token.expiresAtText));
  return l10n.t('unknown');
}

function describeValidity(token: ApiToken, l10n: Localizer): string {
  if (token.neverExpires) return l10n.t('forever');
  if (token.validForDays !== undefined) return l10n.t('{0} days', token.validForDays);
  if (token.createdAt !== undefined && token.expiresAt !== undefined && token.expiresAt > token.createdAt) {
    // Lists do not say the validity; creation to expiry is what it amounts to (a renewal moves the end).
    return l10n.t('{0} days from creation to expiry', Math.round((token.expiresAt - token.createdAt) / DAY_MS));
  }
  return l10n.t('unknown');
}

function row(label: string, id: string, value: string, extraClass = ''): string {
  const cls = extraClass ? ` class="${extraClass}"` : '';
  return `<dt>${escapeHtml(label)}</dt><dd id="${id}"${cls}>${escapeHtml(value)}</dd>`;
}

function button(id: string, label: string, secondary = false): string {
  const cls = secondary ? ' class="secondary"' : '';
  return `<button type="button" id="${id}"${cls}>${escapeHtml(label)}</button>`;
}

function renderSecretBox(secret: string, l10n: Localizer): string {
  const secretWarning = l10n.t('This is the only time this token is shown. Copy it now; it will not be shown again.');
  return `
    <section id="secret-box" class="secret-box" aria-labelledby="secret-heading">
      <h2 id="secret-heading">${escapeHtml(l10n.t('Your new token'))}</h2>
      <p id="secret-warning" class="secret-warning">${escapeHtml(secretWarning)}</p>
      <div class="secret-row">
        <input id="token-secret" type="text" readonly spellcheck="false" autocomplete="off"
          aria-label="${escapeHtml(l10n.t('Token secret'))}" value="${escapeHtml(secret)}">
        ${button('copy-secret', l10n.t('Copy'))}
      </div>
      ${button('use-as-credential', l10n.t("Use as this instance's credential"), true)}
    </section>`;
}

function renderActions(offered: TokenActionsOffered, l10n: Localizer): string {
  const buttons = [
    offered.copyId ? button('copy-id', l10n.t('Copy ID'), true) : '',
    offered.renew ? button('renew', l10n.t('Renew')) : '',
    offered.checkExpiry ? button('check-expiry', l10n.t('Check Expiry'), true) : '',
    offered.delete ? button('delete', l10n.t('Delete'), true) : '',
  ].filter(Boolean);
  if (buttons.length === 0) return '';
  return `<div id="actions" class="actions">${buttons.join('')}</div>`;
}

export function renderTokenDetailsHtml(
  model: TokenDetailsViewModel,
  resources: WebviewResources,
  l10n: Localizer = english,
  language = 'en',
): string {
  const { token, now } = model;
  const production = isProduction(model);
  const urgency = expiryUrgency(token, now, model.warningDays);
  const description = token.descriptionUnknown
    ? l10n.t("Unknown: this server's API 2.0 does not return it")
    : serverText(token.description ?? '') || l10n.t('(none)');
  const environmentBadge = model.environment
    ? `<span id="environment-badge" class="environment${production ? ' environment-production' : ''}">` +
      `${escapeHtml(model.environment)}</span>`
    : '';
  const deletedNotice = model.deleted
    ? `<p id="deleted-notice" class="notice">` +
      `${escapeHtml(l10n.t('This token was deleted from {0}.', model.instanceName))}</p>`
    : '';
  const idText = token.id !== undefined ? String(token.id) : l10n.t('none: this token cannot be managed from here');
  const expiryClass = model.deleted ? '' : `expiry-${urgency}`;
  const environmentText = model.environment ?? l10n.t('not set');
  const status = model.status;
  const statusClass = status?.isError ? ' class="error"' : '';

  return `${documentHead(resources, l10n.t('Token: {0}', displayText(token.name)), language)}
<body${production ? ' class="production"' : ''}>
  <main>
    <header>
      <h1 id="token-name">${escapeHtml(serverText(token.name))}</h1>
      <p class="subtitle">${escapeHtml(model.instanceName)} ${environmentBadge}</p>
    </header>
    ${deletedNotice}
    ${model.secret !== undefined && !model.deleted ? renderSecretBox(model.secret, l10n) : ''}
    <dl class="details">
      ${row(l10n.t('Description'), 'token-description', description, token.descriptionUnknown ? 'unknown' : '')}
      ${row(l10n.t('Owner'), 'token-owner', token.username ? serverText(token.username) : l10n.t('unknown'))}
      ${row(l10n.t('ID'), 'token-id', idText, token.id === undefined ? 'unknown' : '')}
      ${row(l10n.t('Created'), 'token-created', describeCreated(token, now, l10n))}
      ${row(l10n.t('Expires'), 'token-expires', describeExpires(token, now, l10n), expiryClass)}
      ${row(l10n.t('Validity'), 'token-validity', describeValidity(token, l10n))}
      ${row(l10n.t('Instance'), 'token-instance', model.instanceName)}
      ${row(l10n.t('Environment'), 'token-environment', environmentText, production ? 'environment-production' : '')}
      ${row(l10n.t('Token API'), 'token-api-version', model.tokenApiVersion ?? l10n.t('not detected yet'))}
    </dl>
    ${renderActions(actionsOffered(model), l10n)}
    <p id="status" role="status" aria-live="polite"${statusClass}>${escapeHtml(status?.text ?? '')}</p>
  </main>
  ${pageScript(resources)}
</body>
</html>
`;
}
