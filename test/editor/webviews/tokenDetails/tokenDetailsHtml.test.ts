import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHtml } from '../../../../src/core/text/displayText';
import {
  renderTokenDetailsHtml,
  type TokenDetailsViewModel,
} from '../../../../src/editor/webviews/tokenDetails/tokenDetailsHtml';
import type { Localizer, WebviewResources } from '../../../../src/editor/webviews/webviewPage';
import { formatDateTime } from '../../../../src/core/text/format';
import type { ApiToken } from '../../../../src/core/model';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 10, 22, 19, 55);
const RESOURCES: WebviewResources = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  nonce: 'bm9uY2Vub25jZW5vbmNl',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/tokenDetails.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/tokenDetails.css',
};

function token(fields: Partial<ApiToken> = {}): ApiToken {
  return {
    id: 42,
    name: 'ci-deploy',
    description: 'Deploys from CI',
    descriptionUnknown: false,
    username: 'alice',
    createdAt: NOW - 3 * DAY,
    expiresAt: NOW + 12 * DAY,
    neverExpires: false,
    actionable: true,
    ...fields,
  };
}

function render(model: Partial<TokenDetailsViewModel> = {}, l10n?: Localizer, language?: string): string {
  return renderTokenDetailsHtml(
    {
      token: token(),
      instanceName: 'Jira Prod',
      environment: 'staging',
      tokenApiVersion: '3.0',
      isOwn: true,
      deleted: false,
      now: NOW,
      warningDays: 14,
      ...model,
    },
    RESOURCES,
    l10n,
    language,
  );
}

/** The text content of the element with this id (our elements hold plain text, no children). */
function textOf(html: string, id: string): string | undefined {
  return new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html)?.[1];
}

function hasId(html: string, id: string): boolean {
  return html.includes(`id="${id}"`);
}

const ACTION_IDS = ['copy-id', 'renew', 'delete', 'check-expiry'];

describe('token details HTML: escaping', () => {
  const hostile = `<script>alert("x")</script>&'`;
  const escaped = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;';

  it('escapeHtml escapes the five HTML-special characters', () => {
    assert.equal(escapeHtml(hostile), escaped);
  });

  it('escapes hostile server strings in every field', () => {
    const html = render({
      token: token({
        name: hostile,
        description: hostile,
        username: hostile,
        createdAt: undefined,
        createdAtText: hostile,
        expiresAt: undefined,
        expiresAtText: hostile,
      }),
      instanceName: hostile,
      environment: hostile,
      secret: hostile,
    });
    assert.equal(html.match(/<script/g)?.length, 1, 'only our own script tag');
    assert.ok(!html.includes(hostile));
    for (const id of ['token-name', 'token-description', 'token-owner', 'token-instance', 'token-environment']) {
      assert.equal(textOf(html, id), escaped, id);
    }
    assert.equal(textOf(html, 'token-created'), `${escaped} (server time)`);
    assert.equal(textOf(html, 'token-expires'), `${escaped} (server time)`);
    assert.ok(html.includes(`<title>Token: ${escaped}</title>`));
    assert.ok(html.includes(`value="${escaped}"`), 'secret escaped inside its attribute');
  });

  it('a secret cannot break out of its value attribute', () => {
    const html = render({ secret: '" autofocus onfocus="alert(1)' });
    assert.ok(html.includes('value="&quot; autofocus onfocus=&quot;alert(1)"'));
  });
});

describe('token details HTML: content security', () => {
  const html = render({ secret: 'abc123' });

  it('declares a strict CSP with the nonce', () => {
    const csp =
      `default-src 'none'; style-src ${RESOURCES.cspSource}; ` +
      `script-src 'nonce-${RESOURCES.nonce}'; img-src ${RESOURCES.cspSource};`;
    assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="${csp}">`));
  });

  it('loads exactly one script, from the media folder, with the nonce', () => {
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    assert.deepEqual(scripts, [`<script nonce="${RESOURCES.nonce}" src="${RESOURCES.scriptUri}">`]);
  });

  it('has no inline event handlers, inline styles or style elements', () => {
    assert.doesNotMatch(html, /\son[a-z]+\s*=/i);
    assert.doesNotMatch(html, /\sstyle\s*=/i);
    assert.doesNotMatch(html, /<style/i);
    assert.ok(html.includes(`<link rel="stylesheet" href="${RESOURCES.styleUri}">`));
  });
});

describe('token details HTML: fields', () => {
  it('shows every detail of a token under stable ids', () => {
    const html = render();
    assert.equal(textOf(html, 'token-name'), 'ci-deploy');
    assert.equal(textOf(html, 'token-description'), 'Deploys from CI');
    assert.equal(textOf(html, 'token-owner'), 'alice');
    assert.equal(textOf(html, 'token-id'), '42');
    assert.equal(textOf(html, 'token-created'), `${formatDateTime(NOW - 3 * DAY)} (3 days ago)`);
    assert.equal(textOf(html, 'token-expires'), `${formatDateTime(NOW + 12 * DAY)} (expires in 12 days)`);
    assert.equal(textOf(html, 'token-validity'), '15 days from creation to expiry');
    assert.equal(textOf(html, 'token-instance'), 'Jira Prod');
    assert.equal(textOf(html, 'token-environment'), 'staging');
    assert.equal(textOf(html, 'token-api-version'), '3.0');
    assert.equal(textOf(html, 'status'), '');
    assert.match(html, /id="status" role="status" aria-live="polite"/);
  });

  it('says the description is unknown on API 2.0, not that it is empty', () => {
    const html = render({ token: token({ description: undefined, descriptionUnknown: true }), tokenApiVersion: '2.0' });
    assert.equal(textOf(html, 'token-description'), 'Unknown: this server&#39;s API 2.0 does not return it');
    assert.equal(textOf(html, 'token-api-version'), '2.0');
  });

  it('shows the validity the server stated, and "forever" / "never" for tokens without expiry', () => {
    assert.equal(textOf(render({ token: token({ validForDays: 90 }) }), 'token-validity'), '90 days');
    const forever = render({ token: token({ neverExpires: true, expiresAt: undefined }) });
    assert.equal(textOf(forever, 'token-validity'), 'forever');
    assert.equal(textOf(forever, 'token-expires'), 'never');
  });

  it('marks expired and soon-expiring tokens by class as well as in words', () => {
    const expired = render({ token: token({ expiresAt: NOW - 3 * DAY }) });
    assert.match(expired, /id="token-expires" class="expiry-expired">[^<]*\(expired 3 days ago\)</);
    assert.match(render(), /id="token-expires" class="expiry-soon"/);
    assert.match(render({ token: token({ expiresAt: NOW + 40 * DAY }) }), /id="token-expires" class="expiry-ok"/);
  });

  it('makes production stand out, and only production', () => {
    const prod = render({ environment: 'production' });
    assert.match(prod, /<body class="production">/);
    assert.match(prod, /id="environment-badge" class="environment environment-production">production</);
    assert.match(prod, /id="token-environment" class="environment-production">production</);
    const staging = render({ environment: 'staging' });
    assert.doesNotMatch(staging, /production/);
    assert.match(staging, /<body>/);
  });
});

describe('token details HTML: actions', () => {
  it('offers every action for an own token with an id', () => {
    const html = render();
    for (const id of ACTION_IDS) assert.ok(hasId(html, id), id);
  });

  it('offers no action for a token without id, and says why', () => {
    const html = render({ token: token({ id: undefined, actionable: false }) });
    for (const id of ACTION_IDS) assert.ok(!hasId(html, id), id);
    assert.ok(!hasId(html, 'actions'));
    assert.equal(textOf(html, 'token-id'), 'none: this token cannot be managed from here');
  });

  it("offers only Delete and Copy ID for another user's token (renew and expiry status are the owner's)", () => {
    const html = render({ isOwn: false });
    assert.ok(hasId(html, 'copy-id'));
    assert.ok(hasId(html, 'delete'));
    assert.ok(!hasId(html, 'renew'));
    assert.ok(!hasId(html, 'check-expiry'));
  });

  it('offers only Copy ID for a token the server marks as not actionable', () => {
    const html = render({ token: token({ actionable: false }) });
    assert.deepEqual(
      ACTION_IDS.filter((id) => hasId(html, id)),
      ['copy-id'],
    );
  });

  it('after deletion shows a notice, keeps the details and drops all buttons and the secret', () => {
    const html = render({
      deleted: true,
      secret: 'abc123',
      status: { text: 'Deleted from Jira Prod.', isError: false },
    });
    assert.ok(!html.includes('<button'));
    assert.ok(!html.includes('abc123'));
    assert.equal(textOf(html, 'deleted-notice'), 'This token was deleted from Jira Prod.');
    assert.equal(textOf(html, 'token-name'), 'ci-deploy');
    assert.equal(textOf(html, 'status'), 'Deleted from Jira Prod.');
  });

  it('after deletion no longer colours the expiry by urgency', () => {
    const expired = token({ expiresAt: NOW - DAY });
    assert.match(render({ token: expired }), /id="token-expires" class="expiry-expired"/);
    assert.match(render({ token: expired, deleted: true }), /id="token-expires">/);
  });

  it('renders an error status with the error class', () => {
    const html = render({ status: { text: 'Kantega SSO answered 403.', isError: true } });
    assert.match(html, /id="status" role="status" aria-live="polite" class="error">Kantega SSO answered 403.</);
  });
});

describe('token details HTML: the fresh secret', () => {
  it('shows the secret once, read-only, with Copy, the warning and "use as credential"', () => {
    const html = render({ secret: 'kSSO-secret-value' });
    assert.match(html, /<input id="token-secret" type="text" readonly [^>]*value="kSSO-secret-value">/);
    assert.ok(hasId(html, 'copy-secret'));
    assert.ok(hasId(html, 'use-as-credential'));
    assert.equal(
      textOf(html, 'secret-warning'),
      'This is the only time this token is shown. Copy it now; it will not be shown again.',
    );
  });

  it('has no secret box without a secret', () => {
    const html = render();
    for (const id of ['secret-box', 'token-secret', 'copy-secret', 'use-as-credential', 'secret-warning']) {
      assert.ok(!hasId(html, id), id);
    }
  });
});

describe('token details HTML: localisation', () => {
  it('passes every label through the localiser it is given, with arguments filled in by it', () => {
    const bracketed = {
      t: (message: string, ...args: Array<string | number>) =>
        `«${message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]))}»`,
    };
    const html = render(
      { token: token({ descriptionUnknown: true, description: undefined, validForDays: 30 }), secret: 'SECRET' },
      bracketed,
    );
    const labels = [...html.matchAll(/<(dt|button|h2|title)[^>]*>([^<]*)</g)].map((m) => m[2]);
    assert.ok(labels.length >= 15, `found ${labels.length} labels`);
    for (const label of labels) assert.match(label, /^«.*»$/, `"${label}" bypassed the localiser`);
    assert.equal(textOf(html, 'token-validity'), '«30 days»');
    assert.equal(
      textOf(html, 'secret-warning'),
      '«This is the only time this token is shown. Copy it now; it will not be shown again.»',
    );
    assert.match(html, /aria-label="«Token secret»"/);
  });

  it('declares the display language, so that a screen reader reads German as German', () => {
    assert.match(render({}, undefined, 'de'), /<html lang="de">/);
    assert.match(render(), /<html lang="en">/);
  });
});
