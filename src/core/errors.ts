// Every failure the client can meet, as one typed error whose message a person can act on.
// Messages name what happened and what to do; they never contain a secret or a raw stack. They are
// worded through l10n.t in the display language (notifications show them).
import * as l10n from '@vscode/l10n';

export type KantegaErrorKind =
  /**
   * 401, Atlassian's own login page or redirect where JSON was expected, or a sign-in Seraph denied
   * (AUTHENTICATION_DENIED without the CAPTCHA: a locked or disabled account).
   */
  | 'unauthorized'
  /**
   * 403 from Atlassian's sign-in guard (Seraph) after too many failed sign-ins: every request of the
   * user is refused, even with the right password, until they sign in once in a browser.
   * `loginUrl` is that page, only when it is on the instance's own origin. Never retried.
   */
  | 'captcha'
  /**
   * A single sign-on gateway in front of the instance redirected the API call to its SAML/OIDC
   * sign-in (`redirectHost` names where). Not a wrong password: the credential was never checked.
   */
  | 'ssoGateway'
  /** 403: signed in, but not a system administrator (or not the token's owner). */
  | 'forbidden'
  /** 403 "XSRF check failed". */
  | 'xsrf'
  /** 404 on ping: Kantega SSO not installed, or wrong base URL / context path. */
  | 'notInstalled'
  /**
   * The instance's Kantega SSO version has no such API: the identity-provider family answers 404 on
   * its list (or 404/405 on an add) where the version predates it. A state, not a fault.
   */
  | 'notOffered'
  /** 404 on something else (a snapshot or token id that does not exist). */
  | 'notFound'
  /**
   * 429, or a request not sent because its host still asks to be left alone (a Retry-After longer
   * than a retry waits, from any client). `retryAfterMs`: the wait asked for, or what is left of it.
   */
  | 'rateLimited'
  /** 5xx, a reverse proxy's error page included; `retryAfterMs` when it asked for a wait (503). */
  | 'serverError'
  /** Any other unexpected HTTP status. */
  | 'httpError'
  | 'timeout'
  /** Cancelled by the caller's AbortSignal before the request was sent. */
  | 'cancelled'
  /**
   * Not sent (or cut) because the client was let go for a change the caller did not make (the
   * instance's settings or credential changed meanwhile): not the person's cancellation.
   */
  | 'interrupted'
  /**
   * A change (POST/PUT/DELETE) was sent, then timed out, was cancelled or lost its connection:
   * it may or may not have happened. Refresh before trying again.
   */
  | 'outcomeUnknown'
  /** The answer was larger than the transport reads (NetworkOptions.maxBodyBytes); it was not read. */
  | 'tooLarge'
  /** DNS lookup failed. */
  | 'dns'
  | 'connectionRefused'
  | 'connectionReset'
  /** TLS: self-signed, unknown CA, expired, hostname mismatch. */
  | 'tls'
  /** The proxy refused or failed. */
  | 'proxy'
  /** The answer was not the JSON shape expected: `field` says which. */
  | 'badResponse'
  /** Bad input from the caller (for example an unusable base URL). */
  | 'invalidInput'
  /** Anything else on the network. */
  | 'network';

export interface KantegaErrorDetails {
  readonly status?: number;
  readonly retryAfterMs?: number;
  /** For `badResponse`: the field (or `body`) that was wrong. */
  readonly field?: string;
  /** Method and path of the request, for the log (no query secrets ever exist). */
  readonly request?: string;
  /** Underlying system error code (ECONNREFUSED, DEPTH_ZERO_SELF_SIGNED_CERT, ...). */
  readonly code?: string;
  /** For `captcha`: the sign-in page, only when it is on the instance's own origin (http/https, no credentials). */
  readonly loginUrl?: string;
  /** For `ssoGateway`: the host the API call was redirected to. */
  readonly redirectHost?: string;
}

export class KantegaError extends Error {
  override readonly name = 'KantegaError';
  readonly kind: KantegaErrorKind;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly field?: string;
  readonly request?: string;
  readonly code?: string;
  readonly loginUrl?: string;
  readonly redirectHost?: string;

  constructor(kind: KantegaErrorKind, message: string, details: KantegaErrorDetails = {}) {
    super(message);
    this.kind = kind;
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
    this.field = details.field;
    this.request = details.request;
    this.code = details.code;
    this.loginUrl = details.loginUrl;
    this.redirectHost = details.redirectHost;
  }
}

/**
 * "Could not list snapshots: <reason>": the operation as the client names it ("list snapshots"), then
 * what went wrong. The frame of most messages, one template for a translation to order as it needs.
 */
export function couldNot(operation: string, reason: string): string {
  return l10n.t('Could not {0}: {1}', operation, reason);
}

/** The one cancelled error: the operation ended because its caller asked, before anything was sent. */
export function cancelledError(operation: string): KantegaError {
  return new KantegaError('cancelled', couldNot(operation, l10n.t('cancelled.')));
}

export function isKantegaError(e: unknown): e is KantegaError {
  return e instanceof KantegaError;
}

/** A message for anything thrown, fit to show a person: never a stack, never `Unexpected token <`. */
export function describeError(e: unknown): string {
  if (e instanceof KantegaError) return e.message;
  if (e instanceof Error && e.name === 'AbortError') return l10n.t('The operation was cancelled.');
  if (e instanceof Error && e.message) return e.message.split('\n')[0];
  return l10n.t('Something went wrong.');
}
