// Jira's sign-in around the router, as the recorded requests see it: who signed in with which kind
// of credential, or that the credentials were refused. Only the user name and a token's id, never a
// secret. The router still makes its own checks (401, XSRF, sysadmin) after this.
import { authenticate, type Auth } from './auth';
import { SIMULATOR_PREFIX, type SignIn } from './reply';
import type { Route } from './routes';
import type { Store } from './state';

export function signInOutcome(auth: Auth): SignIn {
  if (auth.kind === 'anonymous') return {};
  if (auth.kind === 'invalid') return { authFailed: true };
  const tokenId = auth.credential === 'apiToken' ? auth.token?.id : undefined;
  return {
    signedInAs: { username: auth.user.username, kind: auth.credential, ...(tokenId !== undefined ? { tokenId } : {}) },
  };
}

/** The context-relative path (the router's rule), or undefined outside the context path. */
function insideContext(contextPath: string, rawUrl: string): string | undefined {
  const path = new URL(rawUrl, 'http://simulator.invalid').pathname;
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
    const path = insideContext(store.settings.contextPath, rawUrl);
    const bypass =
      path === undefined || path.startsWith(SIMULATOR_PREFIX) || (path === '/login.jsp' && method === 'GET');
    if (bypass) return route(method, rawUrl, headers, body);
    const signIn = signInOutcome(authenticate(store, headers.authorization));
    return { ...route(method, rawUrl, headers, body), signIn };
  };
}
