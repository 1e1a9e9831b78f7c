// The one rule for an instance's base URL, used by the client, the settings reader, Add Instance and
// the tree: scheme, host, port and context path (`https://host/jira`), as people paste it.
import * as l10n from '@vscode/l10n';
import { KantegaError } from './errors';

export type BaseUrlCheck =
  | { readonly ok: true; readonly baseUrl: string; readonly warning?: string }
  | { readonly ok: false; readonly message: string };

const EXAMPLE = 'https://jira.example.com/jira';

/**
 * Checks and normalises a base URL: an http(s) scheme, a host, no credentials; a trailing slash is
 * dropped, and a pasted API URL (`…/rest/ksso/api/…?id=1`) is cut back to the base, query and all.
 * Otherwise a query or fragment is refused: it would be silently lost. Plain http gets a warning.
 */
export function checkBaseUrl(input: string): BaseUrlCheck {
  const text = input.trim();
  if (!text) {
    return fail(l10n.t('Enter the base URL of the Jira, Confluence, Bitbucket or Bamboo instance, e.g. {0}.', EXAMPLE));
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (!scheme) return fail(l10n.t('Start the URL with https:// (or http://).'));
  if (scheme !== 'https' && scheme !== 'http') return fail(l10n.t('Use https:// or http://, not {0}://.', scheme));
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail(l10n.t('This is not a valid URL: use the address of the application, e.g. {0}.', EXAMPLE));
  }
  if (!url.hostname) return fail(l10n.t('The URL needs a host name, e.g. {0}.', 'https://jira.example.com'));
  if (url.username || url.password) {
    return fail(
      l10n.t('Do not put a user name or password in the URL: they are asked for separately and stored securely.'),
    );
  }
  let path = url.pathname;
  const restAt = path.search(/\/rest(\/|$)/i);
  if (restAt >= 0) {
    path = path.slice(0, restAt);
  } else if (url.search || text.includes('?')) {
    return fail(
      l10n.t(
        'Remove the query (the part from "?"): the base URL is the address of the application, with its context path.',
      ),
    );
  } else if (url.hash || text.includes('#')) {
    return fail(l10n.t('Remove the fragment (the part from "#").'));
  }
  const baseUrl = `${url.protocol}//${url.host}${path.replace(/\/+$/, '')}`;
  if (scheme === 'http') {
    return {
      ok: true,
      baseUrl,
      warning: l10n.t('http:// sends the credential unencrypted: use https:// unless this is a local test instance.'),
    };
  }
  return { ok: true, baseUrl };
}

/** The normalised base URL; throws an `invalidInput` KantegaError that says how to fix the input. */
export function normalizeBaseUrl(input: string): string {
  const checked = checkBaseUrl(input);
  if (!checked.ok) throw new KantegaError('invalidInput', checked.message);
  return checked.baseUrl;
}

/**
 * A base URL as a key: every spelling of one application's address (scheme and host case, a trailing
 * slash, a pasted API path) gives the same key. For remembering things per server.
 */
export function baseUrlKey(url: string): string {
  const checked = checkBaseUrl(url);
  return (checked.ok ? checked.baseUrl : url.trim()).toLowerCase();
}

/** Whether two base URLs address the same application (scheme and host case, trailing slash aside). */
export function sameBaseUrl(a: string, b: string): boolean {
  return baseUrlKey(a) === baseUrlKey(b);
}

/** `https://jira.example.com:8443`: where a credential is sent. */
export function originOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).origin;
  } catch {
    return baseUrl;
  }
}

function fail(message: string): BaseUrlCheck {
  return { ok: false, message };
}
