// Jira's sign-in around the router: who signed in with which kind of credential, or that the
// credentials were refused (only the user name and a token's id, never a secret), and Jira's CAPTCHA
// rule, which counts failed Basic sign-ins per user. The router still makes its own checks (401,
// XSRF, sysadmin) after this.
import { authenticate, type Auth } from './auth';
import { gatewayRedirect } from './gateway';
import { HTML_TYPE, SIMULATOR_PREFIX, htmlPage, jsonError, type Reply, type SignIn } from './reply';
import type { Route } from './routes';
import type { Settings, Store } from './state';
import type { SignInFailures, SimulatorState } from './types';

/** Test-only, unauthenticated: GET the counts; POST `/clear[?username=]` = the person signed in once in the browser. */
export const CAPTCHA_PATH = `${SIMULATOR_PREFIX}1.0/captcha`;

export function signInOutcome(auth: Auth): SignIn {
  if (auth.kind === 'anonymous') return {};
  if (auth.kind === 'invalid') return { authFailed: true };
  const tokenId = auth.credential === 'apiToken' ? auth.token?.id : undefined;
  return {
    signedInAs: { username: auth.user.username, kind: auth.credential, ...(tokenId !== undefined ? { tokenId } : {}) },
  };
}

export function captchaRequired(state: SimulatorState, username: string): boolean {
  const after = state.captchaAfterFailures;
  // 0 = off; Infinity is never reached.
  return after > 0 && (state.signInFailures.get(username)?.consecutive ?? 0) >= after;
}

export function failedSignIns(state: SimulatorState, username: string): number {
  return state.signInFailures.get(username)?.total ?? 0;
}

/** Resets consecutive failures (of one user, or all): what a browser sign-in with the CAPTCHA solved does. */
export function clearCaptcha(state: SimulatorState, username?: string): void {
  for (const [name, failures] of state.signInFailures) {
    if (username === undefined || name === username) failures.consecutive = 0;
  }
}

function failuresOf(state: SimulatorState, username: string): SignInFailures {
  let failures = state.signInFailures.get(username);
  if (!failures) {
    failures = { consecutive: 0, total: 0 };
    state.signInFailures.set(username, failures);
  }
  return failures;
}

/** The user a Basic sign-in names, when that user exists (PATs bypass Seraph's login count). */
function basicUsername(auth: Auth): string | undefined {
  if (auth.kind === 'invalid') return auth.username;
  if (auth.kind === 'user' && auth.credential !== 'pat') return auth.user.username;
  return undefined;
}

/**
 * Jira's answer once the CAPTCHA is required: Seraph refuses a Basic sign-in without checking the
 * password, 403 with its error page (HTML even on /rest, as Jira sends it) and the headers clients
 * look for.
 */
function captchaChallenge(settings: Settings): Reply {
  return {
    status: 403,
    contentType: HTML_TYPE,
    headers: {
      'x-seraph-loginreason': 'AUTHENTICATION_DENIED',
      'x-authentication-denied-reason': `CAPTCHA_CHALLENGE; login-url=${settings.baseUrl}/login.jsp`,
    },
    text: htmlPage(
      'Forbidden (403)',
      '<div class="aui-message aui-message-warning warning">' +
        '<p>Encountered a <code>&quot;403 - Forbidden&quot;</code> error while loading this page.</p>' +
        '<p>Basic Authentication Failure - Reason : AUTHENTICATION_DENIED</p>' +
        `<p><a href="${settings.contextPath}/secure/MyJiraHome.jspa">Go to Jira home</a></p></div>`,
    ),
  };
}

/**
 * Counts the sign-in: a wrong secret for an existing user adds a consecutive and a total failure, a
 * good Basic sign-in resets the consecutive count. At the threshold every Basic request of the user
 * (right password, API token, wrong secret alike) gets the CAPTCHA and adds to the total only.
 */
function signIn(store: Store, auth: Auth): { outcome: SignIn; refused?: Reply } {
  const { state } = store;
  const username = basicUsername(auth);
  if (username !== undefined && captchaRequired(state, username)) {
    failuresOf(state, username).total += 1;
    return { outcome: { authFailed: 'captcha' }, refused: captchaChallenge(store.settings) };
  }
  if (auth.kind === 'invalid' && username !== undefined) {
    const failures = failuresOf(state, username);
    failures.consecutive += 1;
    failures.total += 1;
  } else if (auth.kind === 'user' && username !== undefined) {
    const failures = state.signInFailures.get(username);
    if (failures) failures.consecutive = 0;
  }
  return { outcome: signInOutcome(auth) };
}

function captchaState(state: SimulatorState): Reply {
  const users = [...state.signInFailures].map(([username, failures]) => ({
    username,
    consecutiveFailures: failures.consecutive,
    failedSignIns: failures.total,
    captchaRequired: captchaRequired(state, username),
  }));
  return { status: 200, json: { captchaAfterFailures: state.captchaAfterFailures, users } };
}

function captchaEndpoint(store: Store, method: string, path: string, query: URLSearchParams): Reply {
  if (path === CAPTCHA_PATH) return method === 'GET' ? captchaState(store.state) : jsonError(405, 'Method not allowed');
  if (path !== `${CAPTCHA_PATH}/clear`) return jsonError(404, `null for uri: ${store.settings.baseUrl}${path}`);
  if (method !== 'POST') return jsonError(405, 'Method not allowed');
  const username = query.get('username') ?? undefined;
  if (username !== undefined && !store.findUser(username)) return jsonError(404, `No simulator user ${username}`);
  clearCaptcha(store.state, username);
  return captchaState(store.state);
}

/** The context-relative path (the router's rule), or undefined outside the context path. */
function insideContext(contextPath: string, path: string): string | undefined {
  if (!contextPath) return path;
  if (path !== contextPath && !path.startsWith(`${contextPath}/`)) return undefined;
  return path.slice(contextPath.length) || '/';
}

/**
 * Wraps the router with the sign-in for requests that reach it: not the simulator's own endpoints,
 * the login page, nor paths outside the context. The outcome rides on the reply (Reply.signIn).
 */
export function signingIn(store: Store, route: Route): Route {
  return (method, rawUrl, headers, body) => {
    const url = new URL(rawUrl, 'http://simulator.invalid');
    const path = insideContext(store.settings.contextPath, url.pathname);
    if (path === CAPTCHA_PATH || path?.startsWith(`${CAPTCHA_PATH}/`)) {
      return captchaEndpoint(store, method, path, url.searchParams);
    }
    const bypass =
      path === undefined || path.startsWith(SIMULATOR_PREFIX) || (path === '/login.jsp' && method === 'GET');
    if (bypass) return route(method, rawUrl, headers, body);
    const auth = authenticate(store, headers.authorization);
    // A gateway in front answers before Jira's sign-in sees (or counts) the credentials.
    const redirect = gatewayRedirect(store, path, auth);
    if (redirect) return { ...redirect, signIn: {} };
    const { outcome, refused } = signIn(store, auth);
    return { ...(refused ?? route(method, rawUrl, headers, body)), signIn: outcome };
  };
}
