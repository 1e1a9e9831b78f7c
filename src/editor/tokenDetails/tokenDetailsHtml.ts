// The token details page as one HTML string. Plain module (no `vscode` import) so that escaping,
// the CSP and which actions appear are unit-tested without an editor. Labels are plain English.
import { describeExpiry, expiryUrgency, formatDateTime, formatRelativeTime } from '../../core/format';
import type { ApiToken, TokenApiVersion } from '../../core/model';

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

export interface WebviewResources {
  readonly cspSource: string;
  readonly nonce: string;
  readonly scriptUri: string;
  readonly styleUri: string;
}

export const DESCRIPTION_UNKNOWN_TEXT = "Unknown: this server's API 2.0 does not return it";
export const NO_ID_TEXT = 'none: this token cannot be managed from here';
export const SECRET_WARNING_TEXT = 'This is the only time this token is shown. Copy it now; it will not be shown again.';

const DAY = 24 * 60 * 60 * 1000;

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

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

function isProduction(environment: string | undefined): boolean {
  return environment !== undefined && /^prod/i.test(environment.trim());
}

function describeCreated(token: ApiToken, now: number): string {
  if (token.createdAt !== undefined) {
    return `${formatDateTime(token.createdAt)} (${formatRelativeTime(token.createdAt, now)})`;
  }
  if (token.createdAtText) return `${token.createdAtText} (server time)`;
  return 'unknown';
}

function describeExpires(token: ApiToken, now: number): string {
  if (token.neverExpires) return 'never';
  if (token.expiresAt !== undefined) return `${formatDateTime(token.expiresAt)} (${describeExpiry(token, now)})`;
  if (token.expiresAtText) return `${token.expiresAtText} (server time)`;
  return 'unknown';
}

function describeValidity(token: ApiToken): string {
  if (token.neverExpires) return 'forever';
  if (token.validForDays !== undefined) return `${token.validForDays} days`;
  if (token.createdAt !== undefined && token.expiresAt !== undefined && token.expiresAt > token.createdAt) {
    // Lists do not say the validity; creation to expiry is what it amounts to (a renewal moves the end).
    return `${Math.round((token.expiresAt - token.createdAt) / DAY)} days from creation to expiry`;
  }
  return 'unknown';
}

function row(label: string, id: string, value: string, extraClass = ''): string {
  const cls = extraClass ? ` class="${extraClass}"` : '';
  return `<dt>${escapeHtml(label)}</dt><dd id="${id}"${cls}>${escapeHtml(value)}</dd>`;
}

function button(id: string, label: string, secondary = false): string {
  const cls = secondary ? ' class="secondary"' : '';
  return `<button type="button" id="${id}"${cls}>${escapeHtml(label)}</button>`;
}

function renderSecretBox(secret: string): string {
  return `
    <section id="secret-box" class="secret-box" aria-labelledby="secret-heading">
      <h2 id="secret-heading">Your new token</h2>
      <p id="secret-warning" class="secret-warning">${escapeHtml(SECRET_WARNING_TEXT)}</p>
      <div class="secret-row">
        <input id="token-secret" type="text" readonly spellcheck="false" autocomplete="off"
          aria-label="Token secret" value="${escapeHtml(secret)}">
        ${button('copy-secret', 'Copy')}
      </div>
      ${button('use-as-credential', "Use as this instance's credential", true)}
    </section>`;
}

function renderActions(offered: TokenActionsOffered): string {
  const buttons = [
    offered.copyId ? button('copy-id', 'Copy ID', true) : '',
    offered.renew ? button('renew', 'Renew') : '',
    offered.checkExpiry ? button('check-expiry', 'Check Expiry', true) : '',
    offered.delete ? button('delete', 'Delete', true) : '',
  ].filter(Boolean);
  if (buttons.length === 0) return '';
  return `<div id="actions" class="actions">${buttons.join('')}</div>`;
}

export function renderTokenDetailsHtml(model: TokenDetailsViewModel, resources: WebviewResources): string {
  const { token, now } = model;
  const { cspSource, nonce } = resources;
  const production = isProduction(model.environment);
  const urgency = expiryUrgency(token, now, model.warningDays);
  // cspSource and nonce come from the editor and the panel, not from a server: used as they are.
  const csp = `default-src 'none'; style-src ${cspSource}; script-src 'nonce-${nonce}'; img-src ${cspSource};`;

  const description = token.descriptionUnknown
    ? DESCRIPTION_UNKNOWN_TEXT
    : token.description || '(none)';
  const environmentBadge = model.environment
    ? `<span id="environment-badge" class="environment${production ? ' environment-production' : ''}">${escapeHtml(model.environment)}</span>`
    : '';
  const deletedNotice = model.deleted
    ? `<p id="deleted-notice" class="notice">This token was deleted from ${escapeHtml(model.instanceName)}.</p>`
    : '';
  const status = model.status;
  const statusClass = status?.isError ? ' class="error"' : '';

  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${escapeHtml(resources.styleUri)}">
  <title>Token: ${escapeHtml(token.name)}</title>
</head>
<body${production ? ' class="production"' : ''}>
  <main>
    <header>
      <h1 id="token-name">${escapeHtml(token.name)}</h1>
      <p class="subtitle">${escapeHtml(model.instanceName)} ${environmentBadge}</p>
    </header>
    ${deletedNotice}
    ${model.secret !== undefined && !model.deleted ? renderSecretBox(model.secret) : ''}
    <dl class="details">
      ${row('Description', 'token-description', description, token.descriptionUnknown ? 'unknown' : '')}
      ${row('Owner', 'token-owner', token.username ?? 'unknown')}
      ${row('ID', 'token-id', token.id !== undefined ? String(token.id) : NO_ID_TEXT, token.id === undefined ? 'unknown' : '')}
      ${row('Created', 'token-created', describeCreated(token, now))}
      ${row('Expires', 'token-expires', describeExpires(token, now), `expiry-${urgency}`)}
      ${row('Validity', 'token-validity', describeValidity(token))}
      ${row('Instance', 'token-instance', model.instanceName)}
      ${row('Environment', 'token-environment', model.environment ?? 'not set', production ? 'environment-production' : '')}
      ${row('Token API', 'token-api-version', model.tokenApiVersion ?? 'not detected yet')}
    </dl>
    ${renderActions(actionsOffered(model))}
    <p id="status" role="status" aria-live="polite"${statusClass}>${escapeHtml(status?.text ?? '')}</p>
  </main>
  <script nonce="${nonce}" src="${escapeHtml(resources.scriptUri)}"></script>
</body>
</html>
`;
}
