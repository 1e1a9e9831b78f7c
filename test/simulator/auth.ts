// Who a request is: Basic with a password or an API token, Bearer with a PAT, like Jira's Seraph
// with Kantega SSO's token authenticator in front of it.
import type { SimulatorToken } from './format';
import { HTML_TYPE, jsonError, type Reply } from './reply';
import type { Settings, Store } from './state';
import type { SimulatorUser } from './types';

/** How a signed-in request proved who it is: Basic with the password or an API token, or a Bearer PAT. */
export type Credential = 'password' | 'apiToken' | 'pat';

export type Auth =
  | { kind: 'anonymous' }
  /** `username`: Basic named an existing user with a wrong secret, a failed sign-in Jira counts. */
  | { kind: 'invalid'; username?: string }
  | { kind: 'user'; user: SimulatorUser; credential: Credential; token?: SimulatorToken };

export function authenticate(store: Store, header: string | undefined): Auth {
  if (!header) return { kind: 'anonymous' };
  const [scheme, ...rest] = header.trim().split(/\s+/);
  const value = rest.join(' ');
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return { kind: 'invalid' };
    const user = store.findUser(decoded.slice(0, colon));
    const secret = decoded.slice(colon + 1);
    if (!user) return { kind: 'invalid' };
    if (secret === '') return { kind: 'invalid', username: user.username };
    if (secret === user.password) return { kind: 'user', user, credential: 'password' };
    const token = store.state.tokens.find(
      (t) => t.username === user.username && t.secret === secret && !store.isExpired(t),
    );
    return token ? { kind: 'user', user, credential: 'apiToken', token } : { kind: 'invalid', username: user.username };
  }
  if (/^bearer$/i.test(scheme)) {
    const user = value ? store.state.users.find((u) => u.pat === value) : undefined;
    return user ? { kind: 'user', user, credential: 'pat' } : { kind: 'invalid' };
  }
  return { kind: 'invalid' };
}

/** 401 like Seraph, or a 302 to the login page in loginRedirect mode. */
export function notAuthenticated(settings: Settings, failed: boolean, pathAndQuery: string): Reply {
  if (settings.loginRedirect) {
    return {
      status: 302,
      headers: { location: `${settings.contextPath}/login.jsp?os_destination=${encodeURIComponent(pathAndQuery)}` },
      contentType: HTML_TYPE,
      text: '',
    };
  }
  return {
    ...jsonError(401, 'Client must be authenticated to access this resource.'),
    headers: {
      'www-authenticate': 'Basic realm="protected-area"',
      'x-seraph-loginreason': failed ? 'AUTHENTICATED_FAILED' : 'AUTHENTICATION_DENIED',
    },
  };
}
