// A Kantega SSO Enterprise simulator: a real HTTP(S) server that answers like a Jira Data Center
// instance with Kantega SSO installed, for tests and for the demo. Spec: /work/shared/KANTEGA-API.md
// and the vendor pages in /work/shared/seeds.
//
// Behaviour choices where the vendor pages are silent:
// - Order of checks: unknown path -> 404 (before auth, like Jersey); a *wrong* Authorization header
//   -> 401 on every path, ping included (Seraph rejects bad Basic credentials everywhere); missing
//   credentials -> 401 (or 302 to login.jsp in loginRedirect mode) except on ping; then the XSRF
//   check on POST/PUT/DELETE; then sysadmin-only endpoints answer 403 to plain users (401 on the
//   identity-provider family, as its vendor page documents).
// - 401 answers carry Jira's JSON body, `WWW-Authenticate: Basic realm="protected-area"` and
//   `X-Seraph-LoginReason` (AUTHENTICATED_FAILED for wrong credentials).
// - CAPTCHA (captchaAfterFailures, state.captchaAfterFailures; default 0 = off here because existing
//   suites send wrong passwords to one user on purpose, 3 like Jira in the CLI, --captcha-after N):
//   a Basic request naming an existing user with a wrong secret (password, wrong or expired API
//   token, empty) is a failed sign-in; a good Basic sign-in (password or API token) resets the
//   user's consecutive count. At N in a row, every Basic request of that user (right password and
//   valid API tokens too, on any path, ping included, in loginRedirect mode too) answers 403 with
//   `X-Seraph-LoginReason: AUTHENTICATION_DENIED`, `X-Authentication-Denied-Reason: CAPTCHA_CHALLENGE;
//   login-url=<base>/login.jsp` and Jira's HTML error page ("Basic Authentication Failure - Reason :
//   AUTHENTICATION_DENIED"), which Jira sends even on /rest; Seraph does not check the password
//   then, so the consecutive count stays. Bearer PATs bypass the CAPTCHA (Atlassian: PATs are not
//   subject to it) and do not reset the count; unknown user names are not counted. Counts live in
//   state.signInFailures (cluster nodes share them, one database). `sim.failedSignIns(user)` is a
//   running total, never reset, of wrong-secret and CAPTCHA-refused sign-ins; clearCaptcha(user?)
//   or `POST <base>/rest/ksso-simulator/1.0/captcha/clear[?username=]` (unauthenticated, test-only)
//   stands for the person signing in once in the browser; `GET .../captcha` shows the counts.
// - SSO gateway (ssoGateway option, setSsoGateway, CLI --sso-gateway / --sso-gateway-oidc): every
//   request under `<base>/rest/` answers 302 to a login on another host before Jira's sign-in sees
//   it (so nothing is counted toward the CAPTCHA): SAML by default, `Location:
//   https://idp.example.test/adfs/ls/?SAMLRequest=<deflated, base64 AuthnRequest>&RelayState=<opaque>`
//   (HTTP-Redirect binding, ACS `<base>/plugins/servlet/samlconsumer`), or OIDC,
//   `https://idp.example.test/oauth2/authorize?response_type=code&client_id=jira&redirect_uri=
//   <base>/plugins/servlet/oidc/callback&scope=openid email profile&state=..&nonce=..`; loginUrl
//   replaces the host and path (its own query is kept). Basic with a valid Kantega API token passes
//   (exemptApiTokens, default true: the vendor accepts tokens on /rest by default); passwords and
//   PATs do not. Pages outside /rest (login.jsp) and the simulator's own endpoints are not behind it.
// - Ownership: user endpoints (delete, expiry status, renew) answer 404 for another user's token,
//   as if it did not exist (no existence leak), even for a sysadmin; admins use admin/delete.
// - Restore answers 200 with the restored snapshot's record; restore of an unknown id -> 404 JSON.
// - Take answers 200 with the new snapshot's record. Ids are unique: a second snapshot in the same
//   second gets `-2`, `-3`... appended.
// - Renew sets expiry to now + the token's original validity; never-expiring tokens stay `Never`.
//   It answers 200 with the expiry-status shape of the API version used.
// - 3.0 expiry status (undocumented): `tokenName` plus the real description in `apiTokenDescription`.
// - Expired tokens: lists show them with negative `timeUntilExpiryMillis`/`timeUntilExpiryDays`;
//   they no longer authenticate.
// - Faults: the first pending fault matching the request is consumed. latency delays the normal
//   answer; status/reset/html/rawBody/echoAuthorization replace it without running the endpoint
//   (no side effects); malformedJson/wrongType/dropField run the endpoint and alter its JSON answer
//   (a no-op on a non-JSON answer such as a delete's text). Body faults: drip runs the endpoint and
//   sends its answer in small paced chunks (Content-Length as usual); endless (200, chunked, a JSON
//   array that never ends) and huge (a valid JSON array of exactly N MiB, generated while sent) do
//   not run it. Streaming bodies stop when the client disconnects; close() waits for them.
//   status sends `Retry-After` from retryAfter (seconds, a Date as an HTTP date, or raw text for
//   malformed values) or else retryAfterSeconds; with `times`, a 429 can last N requests.
//   proxyErrorPage answers, without running the endpoint, the exact page nginx 1.22.1, Apache
//   2.4.57 (Debian, mod_proxy), HAProxy 2.x or an AWS ALB sends for 502/503/504: their status line
//   reason, Server header (none for HAProxy, which also closes the connection), content type and
//   bytes (CRLF lines for nginx and the ALB), and none of Jira's headers. See proxies.ts.
// - requests[] records every request with the authorization reduced to its scheme, never the value.
//   Once Jira's sign-in has decided (signin.ts, around the router), a request also carries
//   signedInAs {username, kind: password | apiToken | pat, tokenId for API tokens}, even if a later
//   check refuses it (403 sysadmin, XSRF), or authFailed (true for wrong credentials of any scheme,
//   'captcha'). Answers given before the sign-in (replacement and proxy faults, the simulator's own
//   endpoints, login.jsp) carry neither; X-AUSERNAME follows the sign-in.
// - Volumes (seedVolume option, seedVolume(sim), CLI --users/--tokens/--snapshots/--idps/--groups):
//   generated users user0001... (password = username), tokens with an expiry spread, snapshots over
//   two years with Kantega-style upgrade backups, IdPs with `groups` managed groups *each* (unique
//   names, some with spaces and non-ASCII; from their own PRNG stream, so adding IdPs leaves the
//   tokens a seed generates as they were). Fast for 100,000 tokens: token ids do not rescan the
//   list; 10,000 groups take milliseconds.
// - Hostile data (hostile option, seedHostile(sim), CLI --hostile; HOSTILE lists the values): markdown
//   command links in names, descriptions, a username and every error message (state.errorSuffix),
//   a U+202E override, a 10,000-character name, blank and control-character names, snapshot ids
//   `..`, `.`, `../secure`, `%2E%2E`; IdPs named `[x](command:kantegaSso.removeInstance)` and with a
//   U+202E override, IdP ids `..`, `a/b`, `%2E%2E`, `a?b#c`, and managed groups with a command
//   link, 10,000 characters, a duplicate and a blank name. Non-strings in an answer: rawBody fault.
// - Cluster (startCluster): nodes share users, tokens, token ids and the live config (one
//   database); each node keeps its own snapshots and sees another node's only after
//   replicationDelayMs (default 60 s), so two nodes may even stamp the same snapshot id. A sticky
//   balancer in front sends a request without a valid `KSSO_NODE` cookie to the next node
//   round-robin and sets `KSSO_NODE=<node>; Path=/; HttpOnly`; nodes set `JSESSIONID=<id>.<node>`
//   (Tomcat jvmRoute style) when the request lacks theirs. Sessions do not authenticate.
// - Identity providers (`ksso/api/idp/1.0`, idp.ts). They live in the live config under `idps`
//   (`[{id, name, enabled, managedGroups}]`; `identityProviders` stays a display summary no
//   endpoint reads), so a snapshot captures them and a restore puts them back (undoing an added
//   group: the only undo), the config endpoint shows them, a PUT there replaces them (a PUT without
//   `idps` leaves none; entries are read leniently, non-string groups are served as stored), and
//   cluster nodes share them and the managedGroupAdds log (idpAddIgnored and idpApi are per node,
//   like the version mode). The default seed configures AD FS (the vendor's id) and Okta in both
//   version modes; the older seeded snapshots hold fewer groups.
//   `GET idp/ids` -> 200 `[{id, name}]` in config order, active and inactive.
//   `GET managedgroups/{id}/groups` -> 200 the stored array, in the order added, duplicates kept.
//   `GET managedgroups/{id}/groups/{name}` -> 204 (no body, no Content-Type) or 404 JSON.
//   `POST managedgroups/{id}/groups/{name}` (no body needed) -> 204 and appended; checks in order:
//   blank (whitespace) id or name 400, unknown IdP 404, exact (case-sensitive) name already
//   managed 409. An empty name cannot be sent: `.../groups/` is the list resource, POST there 405.
//   Errors are Jira's `{"message", "status-code"}`; an unknown IdP is 404 on every call.
//   Non-sysadmins get 401 `Client must be authenticated as a system administrator to access this
//   resource.` without WWW-Authenticate or X-Seraph-LoginReason (the token and snapshot families
//   answer 403); POST without the XSRF header is 403 first, as everywhere.
//   The family is an unknown resource (404 `null for uri`, like any unknown path) in 5.7.0 mode
//   and with idpApi off. state.idpAddIgnored makes adds answer 204 without adding (the "silent no-op"
//   quirk); state.managedGroupAdds logs every 2xx add ({idpId, group, at, applied}); requests[]
//   shows the order of calls (a snapshot before an add).
//   Path parameters are percent-decoded: `%2F` gives `/` (lenient: a real Tomcat answers 400 by
//   default, which rejectEncodedSlash reproduces for every path); `..` and `%2E%2E` segments are
//   resolved by the URL parser before routing, as by Tomcat, so an IdP with id `..` is listed but
//   cannot be addressed; the id `%2E%2E` is reached encoded once more (`%252E%252E`).
//
// Additions to the agreed interface: SimulatorOptions.applicationVersion/pluginVersion/seedVolume/
// hostile, Simulator.version, Simulator.caCertificatePath, Simulator.activeStreams,
// SimulatorState.tokens[].validForDays, SimulatorState.errorSuffix, RecordedRequest, DEFAULT_USERS,
// seedVolume, seedHostile, HOSTILE, startCluster, and `PUT <base>/rest/ksso-simulator/1.0/config`
// (unauthenticated, test/demo only) which replaces the live config with the JSON object sent, so a
// restore is visible (GET shows it, IdPs included under `idps`). For identity providers:
// SimulatorOptions.idpApi/rejectEncodedSlash, SeedVolume.idps/groups, Simulator.setIdpApi/addIdp/
// setManagedGroups/idps, SimulatorState.managedGroupAdds/idpAddIgnored, SimulatorIdp,
// ManagedGroupAdd, SEEDED_IDPS, CLI --idps/--groups/--no-idp-api/--reject-encoded-slash.
// For Atlassian's sign-in: SimulatorOptions.captchaAfterFailures, SimulatorState.captchaAfterFailures/signInFailures,
// Simulator.clearCaptcha/failedSignIns/captchaRequired, JIRA_CAPTCHA_AFTER_FAILURES, SignInFailures,
// RecordedRequest.signedInAs/authFailed, the `retryAfter` of status faults, the proxyErrorPage
// fault, the test-only `<base>/rest/ksso-simulator/1.0/captcha[/clear]`, and
// SimulatorOptions.ssoGateway, SsoGatewayOptions, Simulator.setSsoGateway.
//
// Layout: types.ts (public types), state.ts (data, token ids, default seed), volume.ts, hostile.ts,
// auth.ts, routes.ts (routing and checks), endpoints.ts, tokens.ts and idp.ts (the endpoints), faults.ts,
// streams.ts (paced and generated bodies), handler.ts (one request), server.ts (a node and its
// Simulator), cluster.ts and balancer.ts, format.ts (wire formats), tls.ts (certificates),
// proxies.ts (reverse-proxy error pages), signin.ts (Jira's sign-in around the router: outcome, CAPTCHA),
// gateway.ts (the SSO gateway in front of /rest).
import { startNode, storeOf } from './server';
import type { SeedVolume, Simulator, SimulatorOptions } from './types';
import { generateVolume } from './volume';
import { addHostileRecords } from './hostile';

export type {
  Fault,
  FaultOptions,
  ManagedGroupAdd,
  RecordedRequest,
  SeedVolume,
  SignInFailures,
  Simulator,
  SimulatorIdp,
  SimulatorOptions,
  SimulatorSnapshot,
  SimulatorState,
  SimulatorToken,
  SimulatorUser,
  SimulatorVersion,
  SsoGatewayOptions,
} from './types';
export { SEEDED_IDPS } from './idp';
export { DEFAULT_USERS, JIRA_CAPTCHA_AFTER_FAILURES } from './types';
export { HOSTILE, HOSTILE_TOKEN_NAMES } from './hostile';
export { AFFINITY_COOKIE, startCluster, type BalancedRequest, type Cluster, type ClusterOptions } from './cluster';

export function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  return startNode(options);
}

/** Adds generated users, tokens and snapshots to a running simulator (what the seedVolume option does). */
export function seedVolume(sim: Simulator, volume: SeedVolume): void {
  generateVolume(storeOf(sim), volume);
}

/**
 * Adds records a hostile or broken server could send (HOSTILE lists them): token names with
 * markdown command links, a U+202E override, 10,000 characters, blank, control characters and
 * newlines; a user named like a command link; a snapshot described with a command link and
 * snapshots with ids `..`, `.`, `../secure`, `%2E%2E`; IdPs named with a command link and a
 * U+202E override, IdP ids `..`, `a/b`, `%2E%2E`, `a?b#c`, managed groups with a command link,
 * 10,000 characters, a duplicate and a blank; and a command link in every error message.
 */
export function seedHostile(sim: Simulator): void {
  addHostileRecords(storeOf(sim));
}
