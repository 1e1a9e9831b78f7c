// What an HTTP answer is, read from its status and headers alone: a redirect to a sign-in page, an
// HTML page where JSON was expected, how long a server asked to be left alone.
import type { HttpResponse } from './httpMessages';

/** Whether a redirect leads to a sign-in page (by the Location's path or host, not by an API path that says "sso"). */
export function isLoginRedirect(response: HttpResponse): boolean {
  if (response.status < 300 || response.status >= 400) return false;
  const location = firstHeader(response.headers.location);
  if (!location) return false;
  let url: URL;
  try {
    url = new URL(location, 'http://relative.invalid');
  } catch {
    return false;
  }
  const path = decodeURIComponentSafe(url.pathname);
  if (/\/rest\//i.test(path)) return false;
  const loginWord = /(^|[/._-])(log-?in|sign-?in|saml2?|sso|auth|oauth2?|oidc|openid-connect|adfs|idp)([/._-]|$)/i;
  return (
    loginWord.test(path) ||
    (url.hostname !== 'relative.invalid' && /(^|[.-])(login|sso|auth|idp|adfs)[.-]/i.test(url.hostname))
  );
}

/** Whether the answer is an HTML page (a login page, a proxy's error page) instead of the API. */
export function isHtml(response: HttpResponse): boolean {
  return /text\/html/i.test(response.contentType) || /^\s*(<!doctype|<html)/i.test(response.body);
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

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
