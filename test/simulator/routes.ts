// Routing: context path, the test-only config endpoint, authentication, XSRF and sysadmin checks,
// in the order Jira applies them (see the notes in index.ts), then the endpoint itself.
import type http from 'node:http';
import { authenticate, notAuthenticated, type Auth } from './auth';
import { pingEndpoint, parseJsonBody, snapshotEndpoints, type Endpoint } from './endpoints';
import type { TokenApiVersion } from './format';
import { IDP_API_PREFIX, idpApiOffered, idpRoutes } from './idp';
import { API, HTML_TYPE, SIMULATOR_CONFIG_PATH, TEXT_TYPE, htmlPage, jsonError, loginPage, type Reply } from './reply';
import type { Store } from './state';
import { signingIn } from './signin';
import { tokenEndpoints } from './tokens';

type Routes = Array<[RegExp, Record<string, Endpoint>]>;
type Match = { endpoint: Endpoint; params: string[]; api: TokenApiVersion };
export type Route = (method: string, rawUrl: string, headers: http.IncomingHttpHeaders, body: string) => Reply;

function routeTable(store: Store): Routes {
  const ping = pingEndpoint(store);
  const snapshots = snapshotEndpoints(store);
  const tokens = tokenEndpoints(store);
  const apiTokens = '^\\/apitokens\\/(?:2\\.0|3\\.0)';
  return [
    [/^\/info\/1\.0\/ping\/?$/, { GET: ping }],
    [/^\/snapshot\/1\.0\/config\/snapshot\/?$/, { GET: snapshots.list, POST: snapshots.take }],
    [/^\/snapshot\/1\.0\/config\/snapshot\/restore\/([^/]+)\/?$/, { POST: snapshots.restore }],
    [new RegExp(`${apiTokens}\\/admin\\/tokens\\/?$`), { GET: tokens.allTokens }],
    [new RegExp(`${apiTokens}\\/admin\\/delete\\/([^/]+)\\/?$`), { DELETE: tokens.adminDelete }],
    [new RegExp(`${apiTokens}\\/user\\/tokens\\/?$`), { GET: tokens.myTokens, POST: tokens.create }],
    [new RegExp(`${apiTokens}\\/user\\/delete\\/([^/]+)\\/?$`), { DELETE: tokens.myDelete }],
    [new RegExp(`${apiTokens}\\/user\\/expiry\\/status\\/?$`), { GET: tokens.expiryStatus }],
    [new RegExp(`${apiTokens}\\/user\\/refresh\\/?$`), { PUT: tokens.refresh }],
    ...idpRoutes(store),
  ];
}

const notFoundPage = (title: string, text: string): Reply => ({
  status: 404,
  contentType: HTML_TYPE,
  text: htmlPage(title, `<p>${text}</p>`),
});

/** Routes a context-relative path; undefined = unknown path, 'method' = known path, other method. */
function matchEndpoint(store: Store, routes: Routes, method: string, path: string): Match | 'method' | undefined {
  if (!path.startsWith(`${API}/`)) return undefined;
  const apiPath = path.slice(API.length);
  const api: TokenApiVersion = apiPath.startsWith('/apitokens/3.0/') ? '3.0' : '2.0';
  // 5.7.0 only has the 2.0 token API: the 3.0 resources do not exist there.
  if (api === '3.0' && store.settings.version === '5.7.0') return undefined;
  // Nor has it the IdP family, and 'latest' with idpApi off neither.
  if (apiPath.startsWith(IDP_API_PREFIX) && !idpApiOffered(store.settings)) return undefined;
  for (const [pattern, byMethod] of routes) {
    const match = pattern.exec(apiPath);
    if (!match) continue;
    const endpoint = byMethod[method];
    if (!endpoint) return 'method';
    return { endpoint, params: match.slice(1).map((p) => decodeURIComponent(p)), api };
  }
  return undefined;
}

function simulatorConfig(store: Store, method: string, body: string): Reply {
  if (method === 'GET') return { status: 200, json: store.state.config };
  if (method === 'PUT') {
    const parsed = parseJsonBody(body);
    if (!parsed.ok) return parsed.reply;
    store.state.config = parsed.value;
    return { status: 200, json: store.state.config };
  }
  return jsonError(405, 'Method not allowed');
}

interface Checked {
  store: Store;
  auth: Auth;
  match: Match;
  method: string;
  headers: http.IncomingHttpHeaders;
  pathAndQuery: string;
}

/** Auth, XSRF and sysadmin checks for a matched endpoint; undefined = allowed. */
function refusal({ store, auth, match, method, headers, pathAndQuery }: Checked): Reply | undefined {
  if (match.endpoint.access !== 'public' && auth.kind !== 'user') {
    return notAuthenticated(store.settings, false, pathAndQuery);
  }
  if (method !== 'GET' && method !== 'HEAD') {
    const noCheck = String(headers['x-atlassian-token'] ?? '').toLowerCase() === 'no-check';
    const jsonBody = /application\/json/i.test(String(headers['content-type'] ?? ''));
    if (!noCheck && !jsonBody) return { status: 403, contentType: TEXT_TYPE, text: 'XSRF check failed' };
  }
  if (match.endpoint.access === 'sysadmin' && auth.kind === 'user' && !auth.user.sysadmin) {
    return (
      match.endpoint.notSysadmin?.() ?? jsonError(403, 'You must be a system administrator to access this resource.')
    );
  }
  return undefined;
}

/** The context-relative path, or undefined when the request is outside the context path. */
function relativePath(contextPath: string, path: string): string | undefined {
  if (!contextPath) return path;
  if (path !== contextPath && !path.startsWith(`${contextPath}/`)) return undefined;
  return path.slice(contextPath.length) || '/';
}

export function createRouter(store: Store): Route {
  const routes = routeTable(store);
  const route: Route = (method, rawUrl, headers, body) => {
    const url = new URL(rawUrl, 'http://simulator.invalid');
    // Tomcat's default (encodedSolidusHandling="reject"), before any mapping, when asked for.
    if (store.settings.rejectEncodedSlash && /%2f/i.test(url.pathname)) {
      return {
        status: 400,
        contentType: HTML_TYPE,
        text: htmlPage('HTTP Status 400 – Bad Request', '<p>Invalid URI</p>'),
      };
    }
    const path = relativePath(store.settings.contextPath, url.pathname);
    if (path === undefined) {
      return notFoundPage('HTTP Status 404 – Not Found', 'The requested resource is not available.');
    }
    const pathAndQuery = path + url.search;
    if (path === SIMULATOR_CONFIG_PATH) return simulatorConfig(store, method, body);
    if (path === '/login.jsp' && method === 'GET') return loginPage();

    const auth = authenticate(store, headers.authorization);
    if (auth.kind === 'invalid') return notAuthenticated(store.settings, true, pathAndQuery);

    const match = matchEndpoint(store, routes, method, path);
    if (match === undefined) {
      if (path.startsWith('/rest/')) return jsonError(404, `null for uri: ${store.settings.baseUrl}${pathAndQuery}`);
      return notFoundPage("Oops, you've found a dead link.", 'Page not found.');
    }
    if (match === 'method') return { status: 405, contentType: TEXT_TYPE, text: '' };
    const refused = refusal({ store, auth, match, method, headers, pathAndQuery });
    if (refused) return refused;
    const user = auth.kind === 'user' ? auth.user : { username: 'anonymous', password: '', sysadmin: false };
    const authToken = auth.kind === 'user' ? auth.token : undefined;
    return match.endpoint.handle({
      user,
      authToken,
      params: match.params,
      query: url.searchParams,
      body,
      api: match.api,
    });
  };
  return signingIn(store, route);
}
