// What an HTTP answer is, read from its status and headers (and, for error pages, a glance at the
// page): where a redirect leads (Atlassian's own login, a single sign-on gateway, https), whether
// Atlassian's sign-in guard refused the user, whether a reverse proxy answered instead of the
// application, how long a server asked to be left alone. Every value read here is the server's:
// nothing is returned that a caller could not show or open safely.
import * as l10n from '@vscode/l10n';
import type { HttpResponse } from './httpMessages';
import { decodeEntities } from './transportWords';

/** Where a 3xx answer leads, seen from the instance at `instance`. */
export type RedirectTarget =
  /** The same host over https: the base URL should say https://. */
  | { readonly kind: 'httpsUpgrade' }
  /** A SAML or OpenID Connect sign-in: a gateway in front of the instance intercepted the API call. */
  | { readonly kind: 'ssoGateway'; readonly host?: string; readonly protocol?: 'SAML' | 'OpenID Connect' }
  /** The instance's own login page (login.jsp, /plugins/servlet/login…): the credential was not accepted. */
  | { readonly kind: 'login' }
  /** Anywhere else; `host` when it is another host with a name fit to show. */
  | { readonly kind: 'elsewhere'; readonly host?: string };

/** Query parameters only a SAML (or WS-Federation) sign-in request carries. */
const SAML_PARAMETERS = ['samlrequest', 'relaystate', 'samlart', 'wtrealm'];
/** Path segments of identity providers' and SSO modules' sign-in endpoints. */
const SSO_SEGMENT = /(^|\/)(saml2?|adfs|wsfed|oauth2?|idp|oidc|openid-connect|sso)(\/|\.|$)/i;
const OIDC_SEGMENT = /(^|\/)(oauth2?|oidc|openid-connect)(\/|\.|$)/i;
const SAML_SEGMENT = /(^|\/)(saml2?|adfs|wsfed)(\/|\.|$)/i;
/** A sign-in page by its path: Atlassian's login.jsp, /plugins/servlet/login, Kantega's …/sp/x/login. */
const LOGIN_WORD = /(^|[/._-])(log-?in|sign-?in|samlsso|external-login|auth)([/._-]|$)/i;
/** An identity provider's host: login.microsoftonline.com, sso.corp, idp.example.test, corp.okta.com. */
const SSO_HOST = /(^|[.-])(login|sso|auth|idp|adfs|okta|onelogin|keycloak)[.-]/i;
/**
 * A host name as the URL parser leaves it (lower case, international names in punycode), safe to
 * show: letters, digits, dots, hyphens and underscores, or an IP address. The parser lets through
 * `(`, `)`, `$`, backticks and braces, which could dress a host up as something else.
 */
const SHOWABLE_HOST =
  /^(?:[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)*\.?|\[[0-9a-f:.]+\])$/i;
const MAX_HOST_LENGTH = 253;

/**
 * Where the redirect in `response` leads, or undefined when it is no redirect. The Location is the
 * server's: only its host is ever handed on, and only when it is a plain host name.
 */
export function redirectTarget(
  response: HttpResponse,
  instance: { readonly origin: string; readonly hostname: string },
): RedirectTarget | undefined {
  if (response.status < 300 || response.status >= 400) return undefined;
  const location = firstHeader(response.headers.location);
  // 304 is no redirect; any other 3xx without a Location leads somewhere unsaid.
  if (!location) return response.status === 304 ? undefined : { kind: 'elsewhere' };
  let url: URL;
  try {
    url = new URL(location, `${instance.origin}/`);
  } catch {
    return { kind: 'elsewhere' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { kind: 'elsewhere' };
  const sameHost = url.hostname === instance.hostname;
  const host = showableHost(url.hostname);
  const keys = new Set([...url.searchParams.keys()].map((key) => key.toLowerCase()));
  const saml = SAML_PARAMETERS.some((key) => keys.has(key)) || url.searchParams.get('wa') === 'wsignin1.0';
  const oidc = keys.has('client_id');
  if (saml || oidc) return { kind: 'ssoGateway', host, protocol: saml ? 'SAML' : 'OpenID Connect' };
  if (sameHost && url.protocol === 'https:' && instance.origin.startsWith('http:')) return { kind: 'httpsUpgrade' };
  const path = decodeURIComponentSafe(url.pathname);
  // An API path that says "sso" (/rest/ksso/...) is no sign-in page.
  if (/\/rest\//i.test(path)) return { kind: 'elsewhere', host: sameHost ? undefined : host };
  if (SSO_SEGMENT.test(path)) return { kind: 'ssoGateway', host, protocol: ssoProtocol(path) };
  if (!sameHost && (SSO_HOST.test(url.hostname) || LOGIN_WORD.test(path))) {
    return { kind: 'ssoGateway', host, protocol: ssoProtocol(path) };
  }
  if (sameHost && LOGIN_WORD.test(path)) return { kind: 'login' };
  return { kind: 'elsewhere', host: sameHost ? undefined : host };
}

function ssoProtocol(path: string): 'SAML' | 'OpenID Connect' | undefined {
  if (SAML_SEGMENT.test(path)) return 'SAML';
  return OIDC_SEGMENT.test(path) ? 'OpenID Connect' : undefined;
}

/** The host name when it is one a person can read and nothing else (no markup, no link syntax). */
export function showableHost(hostname: string): string | undefined {
  return hostname.length <= MAX_HOST_LENGTH && SHOWABLE_HOST.test(hostname) ? hostname.toLowerCase() : undefined;
}

/**
 * Atlassian's sign-in guard (Seraph) refusing the user before any password check: `captcha` after
 * too many failed sign-ins (with the login page it names, as sent), or `denied` for any other
 * AUTHENTICATION_DENIED (a locked or disabled account).
 */
export type SignInDenial = { readonly kind: 'captcha'; readonly loginUrl?: string } | { readonly kind: 'denied' };

export function signInDenial(response: HttpResponse): SignInDenial | undefined {
  if (response.status !== 401 && response.status !== 403) return undefined;
  const reason = allHeaders(response.headers['x-authentication-denied-reason']);
  if (/CAPTCHA_CHALLENGE/i.test(reason)) {
    const loginUrl = /(?:^|[;,\s])login-url\s*=\s*([^;,\s]+)/i.exec(reason)?.[1];
    return loginUrl ? { kind: 'captcha', loginUrl } : { kind: 'captcha' };
  }
  return /AUTHENTICATION_DENIED/i.test(allHeaders(response.headers['x-seraph-loginreason']))
    ? { kind: 'denied' }
    : undefined;
}

/**
 * A 401 to a user the sign-in accepted (Kantega's sysadmin-only resources answer so to a plain user):
 * Atlassian names the user in X-AUSERNAME (`anonymous` otherwise), and a refused sign-in carries
 * Seraph's reason or a Basic challenge.
 */
export function isSignedInRefusal(response: HttpResponse): boolean {
  if (response.status !== 401) return false;
  const user = firstHeader(response.headers['x-ausername'])?.trim();
  if (!user || user.toLowerCase() === 'anonymous') return false;
  const reason = allHeaders(response.headers['x-seraph-loginreason']);
  return !/FAILED|DENIED/i.test(reason) && response.headers['www-authenticate'] === undefined;
}

/** What a reverse proxy's error page says: the proxy by name when known, and the page's heading. */
export interface ProxyPage {
  readonly proxy?: string;
  /** The page's title (or first heading), decoded and with tags removed; raw server text. */
  readonly heading?: string;
}

/** Headers only the Atlassian application sets: a page with them is the application's own. */
const APPLICATION_HEADERS = ['x-arequestid', 'x-ausername', 'x-asessionid', 'x-seraph-loginreason'];

/** A proxy by its name, the same in every language. */
const named = (name: string) => () => name;
/** Amazon's load balancers have no product name in their pages: described, in the display language. */
const awsLoadBalancer = () => l10n.t('AWS load balancer');

/** The proxies whose Server header or page names them. */
const PROXY_SERVERS: ReadonlyArray<readonly [RegExp, () => string]> = [
  [/^nginx|^openresty/i, named('nginx')],
  [/^apache(?!-coyote)/i, named('Apache')],
  [/haproxy/i, named('HAProxy')],
  [/^awselb|^elb\b/i, awsLoadBalancer],
  [/^cloudflare/i, named('Cloudflare')],
  [/^envoy/i, named('Envoy')],
  [/^microsoft-iis/i, named('IIS')],
  [/^caddy/i, named('Caddy')],
  [/big-?ip/i, named('F5 BIG-IP')],
];

/** Phrases from the stock error pages of proxies that send no Server header. */
const PROXY_PAGES: ReadonlyArray<readonly [RegExp, () => string]> = [
  [/<center>\s*(nginx|openresty)\b/i, named('nginx')],
  [/<address>\s*Apache\//i, named('Apache')],
  [
    /No server is available to handle this request|The server returned an invalid or incomplete response|The server didn't respond in time/i,
    named('HAProxy'),
  ],
  [/<center>\s*awselb\b/i, awsLoadBalancer],
];

/**
 * The error page of a reverse proxy or load balancer in front of the instance, for a 502, 503 or
 * 504 answered with HTML; undefined for the application's own answers. 502 and 504 come from a
 * gateway by definition; a 503 only when the proxy is recognised (the application sends 503 too).
 */
export function proxyErrorPage(response: HttpResponse): ProxyPage | undefined {
  const { status } = response;
  if ((status !== 502 && status !== 503 && status !== 504) || !isHtml(response)) return undefined;
  if (APPLICATION_HEADERS.some((name) => response.headers[name] !== undefined)) return undefined;
  const page = response.body.slice(0, 16 * 1024);
  const server = firstHeader(response.headers.server)?.trim() ?? '';
  const proxy = (PROXY_SERVERS.find(([pattern]) => pattern.test(server)) ??
    PROXY_PAGES.find(([pattern]) => pattern.test(page)))?.[1]();
  if (status === 503 && !proxy) return undefined;
  return { proxy, heading: htmlHeading(page) };
}

/** The page's `<title>`, else its first `<h1>`: entities decoded, tags removed, whitespace collapsed. */
export function htmlHeading(page: string): string | undefined {
  const found =
    /<title[^>]*>([\s\S]{0,2000}?)<\/title>/i.exec(page)?.[1] ?? /<h1[^>]*>([\s\S]{0,2000}?)<\/h1>/i.exec(page)?.[1];
  if (found === undefined) return undefined;
  const text = decodeEntities(found.replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
  return text || undefined;
}

/** Whether the answer is an HTML page (a login page, a proxy's error page) instead of the API. */
export function isHtml(response: HttpResponse): boolean {
  return /text\/html/i.test(response.contentType) || /^\s*(<!doctype|<html)/i.test(response.body);
}

/**
 * Whether the server has no such resource at all, as opposed to a resource answering "no such item":
 * a 405, or a 404 that is not the resource's own JSON (an HTML page, or Jersey's `null for uri:`
 * that Atlassian's REST answers for a path no plugin serves).
 */
export function isUnknownResource(response: HttpResponse): boolean {
  if (response.status === 405) return true;
  if (response.status !== 404) return false;
  return isHtml(response) || /^\s*\{\s*"message"\s*:\s*"null for uri:/.test(response.body);
}

/**
 * `Retry-After` in seconds or as an HTTP date, as ms from `now`. A date is measured against the
 * answer's own `Date` header when it has one, so that a server clock that is off does not stretch
 * or cut the wait.
 */
function parseRetryAfter(
  value: string | string[] | undefined,
  now: number,
  serverDate?: string | string[],
): number | undefined {
  const text = firstHeader(value)?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  const serverNow = Date.parse(firstHeader(serverDate) ?? '');
  return Math.max(0, date - (Number.isNaN(serverNow) ? now : serverNow));
}

/** How long the answer asks to be left alone (its Retry-After), in ms; undefined when it does not say. */
export function retryAfterOf(response: HttpResponse): number | undefined {
  return parseRetryAfter(response.headers['retry-after'], response.receivedAt, response.headers.date);
}

export function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function allHeaders(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
