// The Kantega SSO REST API of one instance: ping, snapshots, API tokens (3.0, or 2.0 where 3.0 is
// missing). Plain TypeScript: the editor layer and the tests use it the same way.
import * as l10n from '@vscode/l10n';
import { normalizeBaseUrl } from '../baseUrl';
import {
  decodeCreatedToken,
  decodePing,
  decodeSnapshot,
  decodeSnapshots,
  decodeTokenExpiry,
  decodeTokenList,
  parseJson,
  type DecodeContext,
} from './decode';
import {
  decodeIdentityProviders,
  decodeManagedGroups,
  IDENTITY_PROVIDERS_PATH,
  managedGroupPath,
  managedGroupsPath,
} from './identityProviders';
import { isSafePathSegment } from './pathSegment';
import { cancelledError, couldNot, describeError, KantegaError } from '../errors';
import { parseJsonObject } from '../json';
import { sentences } from '../text/displayText';
import { HttpTransport, type TransportNetworkOptions } from '../transport/http';
import type { HttpRequest, HttpResponse } from '../transport/httpMessages';
import { isHtml, isUnknownResource, signInDenial } from '../transport/httpAnswers';
import type {
  ApiToken,
  CallOptions,
  CreateTokenRequest,
  CreatedToken,
  Credential,
  IdentityProvider,
  ManagedGroupAdd,
  PingResult,
  RequestLogEntry,
  Snapshot,
  TokenApiVersion,
  TokenExpiry,
} from '../model';

export interface ClientOptions {
  /** Base URL with context path; a trailing slash or a pasted `/rest/...` suffix is tolerated. */
  readonly baseUrl: string;
  /** Omitted for anonymous requests: only the ping answers those. */
  readonly credential?: Credential;
  readonly network?: TransportNetworkOptions;
  /** Token API version learned earlier for this instance (skips detection). */
  readonly tokenApiVersion?: TokenApiVersion;
  /** Called once per HTTP request (including retries), for the log channel. */
  readonly onRequest?: (entry: RequestLogEntry) => void;
  /**
   * Called when a list held records that could not be used (no usable id, not an object), for the
   * log: `request` is its method and path ("GET /rest/…"), as the request log names it.
   */
  readonly onSkipped?: (request: string, count: number) => void;
}

const API = '/rest/ksso/api';
const SNAPSHOTS = `${API}/snapshot/1.0/config/snapshot/`;
const TOKEN_API_VERSIONS: readonly TokenApiVersion[] = ['3.0', '2.0'];
/** The longest validity offered, in days (ten years); longer is what "never expires" is for. */
export const MAX_TOKEN_VALIDITY_DAYS = 3650;

/** A validity a create accepts: whole days from 1 to MAX_TOKEN_VALIDITY_DAYS, or `'forever'`. */
export function isValidity(value: unknown): value is number | 'forever' {
  return (
    value === 'forever' ||
    (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_TOKEN_VALIDITY_DAYS)
  );
}

export class KantegaClient {
  /** The normalised base URL (no trailing slash, no /rest suffix). */
  readonly baseUrl: string;
  private readonly http: HttpTransport;
  private readonly credential: Credential | undefined;
  private readonly onSkipped: ClientOptions['onSkipped'];
  private version: TokenApiVersion | undefined;

  constructor(options: ClientOptions) {
    this.baseUrl = normalizeBaseUrl(options.baseUrl);
    this.credential = options.credential;
    this.version = options.tokenApiVersion;
    this.onSkipped = options.onSkipped;
    this.http = new HttpTransport({
      baseUrl: this.baseUrl,
      authorization: options.credential && authorizationHeader(options.credential),
      secrets: options.credential ? [options.credential.secret] : [],
      username: options.credential?.username,
      network: options.network,
      onRequest: options.onRequest,
    });
  }

  /** The token API version in use, once known. */
  get tokenApiVersion(): TokenApiVersion | undefined {
    return this.version;
  }

  async ping(options: CallOptions = {}): Promise<PingResult> {
    const req: HttpRequest = {
      method: 'GET',
      path: `${API}/info/1.0/ping`,
      operation: l10n.t('check Kantega SSO'),
      signal: options.signal,
    };
    const response = await this.http.send(req);
    if (response.status === 404) {
      throw new KantegaError(
        'notInstalled',
        sentences(
          l10n.t('Kantega SSO did not answer at {0} (HTTP 404).', this.baseUrl + req.path),
          l10n.t(
            'Check the base URL, including the context path (for example {0}), and that {1} is installed and enabled.',
            'https://host/jira',
            'Kantega SSO Enterprise',
          ),
        ),
        { status: 404, request: `GET ${req.path}` },
      );
    }
    const body = this.json(req, response);
    return decodePing(body, { ...this.context(req, response), sentAt: response.sentAt });
  }

  /** Newest first. */
  async listSnapshots(options: CallOptions = {}): Promise<Snapshot[]> {
    const req: HttpRequest = {
      method: 'GET',
      path: SNAPSHOTS,
      operation: l10n.t('list snapshots'),
      signal: options.signal,
    };
    const response = await this.http.send(req);
    return decodeSnapshots(this.json(req, response), this.context(req, response));
  }

  /** Returns the new snapshot when the server describes it, else undefined (list to find it). */
  async takeSnapshot(description?: string, options: CallOptions = {}): Promise<Snapshot | undefined> {
    const query = description?.trim() ? `?description=${encodeURIComponent(description.trim())}` : '';
    const req: HttpRequest = {
      method: 'POST',
      path: SNAPSHOTS + query,
      operation: l10n.t('take a snapshot'),
      signal: options.signal,
    };
    const response = await this.http.send(req);
    this.expectSuccess(req, response);
    const parsed = parseJsonObject(response.body);
    return parsed && decodeSnapshot(parsed);
  }

  async restoreSnapshot(id: string, options: CallOptions = {}): Promise<void> {
    // The id becomes a path segment: `..` or a slash would address another resource.
    if (!isSafePathSegment(id)) {
      throw new KantegaError(
        'invalidInput',
        couldNot(
          l10n.t('restore the snapshot'),
          sentences(l10n.t('"{0}" is not a snapshot id.', printable(id)), l10n.t('Pick the snapshot from the list.')),
        ),
      );
    }
    const req: HttpRequest = {
      method: 'POST',
      path: `${SNAPSHOTS}restore/${encodeURIComponent(id)}`,
      operation: l10n.t('restore snapshot {0}', id),
      signal: options.signal,
    };
    const response = await this.http.send(req);
    this.expectSuccess(req, response);
  }

  /** Detects (3.0, falling back to 2.0 on 404) and remembers the token API version. */
  async detectTokenApiVersion(options: CallOptions = {}): Promise<TokenApiVersion> {
    if (!this.version) await this.listMyTokens(options);
    return this.version as TokenApiVersion;
  }

  async listMyTokens(options: CallOptions = {}): Promise<ApiToken[]> {
    const { req, response } = await this.tokenGet('user/tokens', l10n.t('list your API tokens'), options);
    return decodeTokenList(this.json(req, response), this.context(req, response));
  }

  /** Sysadmin only: every user's tokens. 401/403 become `forbidden`. */
  async listAllTokens(options: CallOptions = {}): Promise<ApiToken[]> {
    const { req, response } = await this.tokenGet('admin/tokens', l10n.t("list all users' API tokens"), options);
    // A plain refusal means "not a sysadmin"; Seraph's (a CAPTCHA, a locked account) is the sign-in's.
    if ((response.status === 401 || response.status === 403) && !isHtml(response) && !signInDenial(response)) {
      throw new KantegaError(
        'forbidden',
        l10n.t(
          "{0} cannot list all users' API tokens (HTTP {1}): that needs Atlassian system administrator rights.",
          this.credential?.username ?? l10n.t('An anonymous user'),
          response.status,
        ),
        { status: response.status, request: `GET ${req.path}` },
      );
    }
    return decodeTokenList(this.json(req, response), this.context(req, response));
  }

  /** Cancellation stops it only before the request is sent; after that the secret is awaited. */
  async createToken(request: CreateTokenRequest, options: CallOptions = {}): Promise<CreatedToken> {
    const body: Record<string, unknown> = {};
    if (request.name?.trim()) body.tokenName = request.name.trim();
    if (request.description !== undefined) body.description = request.description;
    if (request.validity === 'forever') body.isValidForever = true;
    else if (request.validity !== undefined) {
      if (!isValidity(request.validity)) {
        throw new KantegaError(
          'invalidInput',
          l10n.t(
            'The validity must be a whole number of days from 1 to {0}, or "never expires".',
            MAX_TOKEN_VALIDITY_DAYS,
          ),
        );
      }
      body.validForDays = String(request.validity);
    }
    const req = await this.tokenRequest('POST', 'user/tokens', l10n.t('create an API token'), options, body);
    if (options.signal?.aborted) throw cancelledError(req.operation);
    // Once sent, the request is not aborted: the server may already have made the token, and its
    // secret is in this answer only. The timeout still applies.
    const response = await this.http.send({ ...req, signal: undefined });
    const created = decodeCreatedToken(this.json(req, response), this.context(req, response));
    // Some servers leave the owner out of the create answer; it is the caller.
    return created.username ? created : { ...created, username: this.credential?.username };
  }

  /** Returns the server's confirmation text. */
  deleteMyToken(id: number, options: CallOptions = {}): Promise<string> {
    return this.deleteToken(`user/delete/${id}`, id, options);
  }

  /** Sysadmin: deletes any user's token. */
  deleteAnyToken(id: number, options: CallOptions = {}): Promise<string> {
    return this.deleteToken(`admin/delete/${id}`, id, options);
  }

  async tokenExpiry(id: number, options: CallOptions = {}): Promise<TokenExpiry> {
    const { req, response } = await this.tokenGet(
      `user/expiry/status?id=${id}`,
      l10n.t('check the expiry of API token {0}', id),
      options,
    );
    return decodeTokenExpiry(this.json(req, response), this.context(req, response));
  }

  /**
   * With `secret`, renews that token; without, renews the token this client authenticates with
   * (its credential must then be a Kantega API token). The answer's shape is undocumented: when
   * it describes the expiry, that is returned.
   */
  async renewToken(secret?: string, options: CallOptions = {}): Promise<TokenExpiry | undefined> {
    if (secret === undefined && this.credential?.kind !== 'apiToken') {
      throw new KantegaError(
        'invalidInput',
        l10n.t('To renew a token without its secret, the instance must sign in with that Kantega API token.'),
      );
    }
    const request = await this.tokenRequest(
      'PUT',
      'user/refresh',
      l10n.t('renew the API token'),
      options,
      secret !== undefined ? { apiToken: secret } : undefined,
    );
    // The pasted token is a secret of this request: no message about it may echo it.
    const req: HttpRequest = secret !== undefined ? { ...request, secrets: [secret] } : request;
    const response = await this.http.send(req);
    this.expectSuccess(req, response);
    const parsed = parseJsonObject(response.body);
    if (!parsed) return undefined;
    try {
      return decodeTokenExpiry(parsed, this.context(req, response));
    } catch {
      return undefined;
    }
  }

  /**
   * Sysadmin only, as the whole family: a signed-in plain user gets `forbidden`. A version that
   * predates the family answers 404: `notOffered`, a state to show rather than a fault.
   */
  async listIdentityProviders(options: CallOptions = {}): Promise<IdentityProvider[]> {
    const req: HttpRequest = {
      method: 'GET',
      path: IDENTITY_PROVIDERS_PATH,
      operation: l10n.t('list the identity providers'),
      signal: options.signal,
    };
    const response = await this.http.send(req);
    if (response.status === 404) throw notOffered(req, response, l10n.t('identity providers'));
    return decodeIdentityProviders(this.json(req, response), this.context(req, response));
  }

  /** As the server lists them, repeats kept; sortedGroupNames for a list to show. */
  async listManagedGroups(idpId: string, options: CallOptions = {}): Promise<string[]> {
    const operation = l10n.t('list the managed groups of the identity provider');
    const req: HttpRequest = {
      method: 'GET',
      path: managedGroupsPath(safeSegment(idpId, operation, 'idp')),
      operation,
      signal: options.signal,
    };
    const response = await this.http.send(req);
    return decodeManagedGroups(this.json(req, response), this.context(req, response));
  }

  /**
   * One request instead of a list that may hold 100,000 names: 204 managed, Kantega's 404 not. The
   * resource is missing from the vendor's latest page: when the server has no such resource (see
   * isUnknownResource) the version does not offer it, rather than "not managed" on every instance.
   */
  async isManagedGroup(idpId: string, group: string, options: CallOptions = {}): Promise<boolean> {
    const operation = l10n.t('check a managed group');
    const { req, response } = await this.sendGroupRequest('GET', idpId, group, operation, options);
    if (isUnknownResource(response)) throw notOffered(req, response, l10n.t('checking a managed group'));
    if (response.status === 404) return false;
    this.expectSuccess(req, response);
    return true;
  }

  /**
   * POSTs the group, then lists the IdP's groups again: a 2xx alone does not prove the group was
   * added (the vendor says adding "might not succeed"). A version without the resource
   * (isUnknownResource) is `notOffered`; no other path is tried.
   */
  async addManagedGroup(idpId: string, group: string, options: CallOptions = {}): Promise<ManagedGroupAdd> {
    const operation = l10n.t('add the managed group');
    const { req, response } = await this.sendGroupRequest('POST', idpId, group, operation, options);
    if (isUnknownResource(response)) throw notOffered(req, response, l10n.t('adding managed groups'));
    this.expectSuccess(req, response);
    const answer = this.http.excerpt(response.body, req);
    let groups: string[];
    try {
      groups = await this.listManagedGroups(idpId, options);
    } catch (e) {
      throw new KantegaError(
        'outcomeUnknown',
        sentences(
          l10n.t('The server answered HTTP {0} to adding the managed group,', response.status),
          l10n.t('but its managed groups could not be read again to see it ({0}).', describeError(e)),
          l10n.t('Refresh to see whether it shows.'),
        ),
        { status: response.status, request: `${req.method} ${req.path}` },
      );
    }
    return { listed: groups.includes(group), status: response.status, answer };
  }

  /** A request on one managed group of one IdP; both are checked before they become path segments. */
  private async sendGroupRequest(
    method: 'GET' | 'POST',
    idpId: string,
    group: string,
    operation: string,
    options: CallOptions,
  ): Promise<{ req: HttpRequest; response: HttpResponse }> {
    const req: HttpRequest = {
      method,
      path: managedGroupPath(safeSegment(idpId, operation, 'idp'), safeSegment(group, operation, 'group')),
      operation,
      signal: options.signal,
    };
    return { req, response: await this.http.send(req) };
  }

  /**
   * Lets the client go. A request that meets it afterwards (a retry, one waiting for the host, the
   * next call of an operation) ends as `interrupted`, its message saying `reason` ("the settings or
   * credential of this instance changed meanwhile"); a change already sent ends as `outcomeUnknown`.
   */
  close(reason?: string): Promise<void> {
    return this.http.close(reason);
  }

  private async deleteToken(suffix: string, id: number, options: CallOptions): Promise<string> {
    const req = await this.tokenRequest('DELETE', suffix, l10n.t('delete API token {0}', id), options);
    const response = await this.http.send(req);
    this.expectSuccess(req, response);
    return this.http.excerpt(response.body, req) || l10n.t('API token {0} deleted.', id);
  }

  /** A GET on the token API; while the version is unknown, tries 3.0 and falls back to 2.0 on 404. */
  private async tokenGet(
    suffix: string,
    operation: string,
    options: CallOptions,
  ): Promise<{ req: HttpRequest; response: HttpResponse }> {
    const versions = this.version ? [this.version] : TOKEN_API_VERSIONS;
    let last: { req: HttpRequest; response: HttpResponse } | undefined;
    for (const version of versions) {
      const req: HttpRequest = {
        method: 'GET',
        path: `${API}/apitokens/${version}/${suffix}`,
        operation,
        signal: options.signal,
      };
      const response = await this.http.send(req);
      last = { req, response };
      if (response.status !== 404) {
        if (!this.version && response.status >= 200 && response.status < 300 && !isHtml(response))
          this.version = version;
        return last;
      }
    }
    if (!this.version && last) {
      throw new KantegaError(
        'notInstalled',
        couldNot(
          operation,
          sentences(
            l10n.t(
              'this server has no Kantega SSO API token service (neither {0} nor {1} answered, HTTP 404).',
              '3.0',
              '2.0',
            ),
            l10n.t('Check the base URL and that Kantega SSO Enterprise 5.7 or newer is installed.'),
          ),
        ),
        { status: 404, request: `GET ${last.req.path}` },
      );
    }
    return last as { req: HttpRequest; response: HttpResponse };
  }

  private async tokenRequest(
    method: 'POST' | 'PUT' | 'DELETE',
    suffix: string,
    operation: string,
    options: CallOptions,
    json?: unknown,
  ): Promise<HttpRequest> {
    // Mutations are never sent blind to two versions: a 404 on delete could mean "no such token".
    const version = await this.detectTokenApiVersion(options);
    return { method, path: `${API}/apitokens/${version}/${suffix}`, operation, signal: options.signal, json };
  }

  /** The JSON body of a successful answer; an error for anything else, including an HTML login page. */
  private json(req: HttpRequest, response: HttpResponse): unknown {
    this.expectSuccess(req, response);
    return parseJson(response.body, this.context(req, response));
  }

  /** What a decoder needs to word its errors; server text in them goes through the transport's redactor. */
  private context(req: HttpRequest, response: HttpResponse): DecodeContext {
    const { onSkipped } = this;
    return {
      operation: req.operation,
      receivedAt: response.receivedAt,
      redact: this.http.redactorFor(req),
      onSkipped: onSkipped && ((count) => onSkipped(`${req.method} ${req.path}`, count)),
    };
  }

  private expectSuccess(req: HttpRequest, response: HttpResponse): void {
    if (response.status < 200 || response.status >= 300) throw this.http.statusError(req, response);
    if (isHtml(response)) {
      throw new KantegaError(
        'unauthorized',
        couldNot(
          req.operation,
          sentences(
            l10n.t("the server answered with an HTML page instead of the API's JSON."),
            l10n.t(
              'That is usually a login page ({0}) or a base URL that does not point at the Atlassian instance.',
              l10n.t('the credentials were not accepted, or single sign-on intercepted the request'),
            ),
            l10n.t('Check the base URL and the credential.'),
          ),
        ),
        { status: response.status, request: `${req.method} ${req.path}` },
      );
    }
  }
}

function authorizationHeader(credential: Credential): string {
  if (credential.kind === 'pat') return `Bearer ${credential.secret}`;
  return `Basic ${Buffer.from(`${credential.username}:${credential.secret}`, 'utf8').toString('base64')}`;
}

/**
 * Server text that is about to become a path segment, or an `invalidInput` error before anything is
 * sent: `..` or a slash would address another resource.
 */
function safeSegment(value: string, operation: string, what: 'idp' | 'group'): string {
  if (isSafePathSegment(value)) return value;
  const shown = printable(value);
  throw new KantegaError(
    'invalidInput',
    couldNot(
      operation,
      sentences(
        what === 'idp'
          ? l10n.t('the identity provider id "{0}" cannot be used in a request ({1}).', shown, unusableSegment())
          : l10n.t('the group name "{0}" cannot be used in a request ({1}).', shown, unusableSegment()),
        l10n.t('Nothing was sent.'),
      ),
    ),
  );
}

/** Why a value cannot be a path segment (see isSafePathSegment). */
function unusableSegment(): string {
  return l10n.t('it is blank, is "." or "..", or holds a slash, a backslash or control characters');
}

/** `what`: what the version lacks, as the message names it ("identity providers"). */
function notOffered(req: HttpRequest, response: HttpResponse, what: string): KantegaError {
  return new KantegaError(
    'notOffered',
    couldNot(
      req.operation,
      sentences(
        l10n.t('this Kantega SSO version does not offer {0} (HTTP {1}).', what, response.status),
        l10n.t('Newer versions of Kantega SSO Enterprise do.'),
      ),
    ),
    { status: response.status, request: `${req.method} ${req.path}` },
  );
}

/** The id as it may appear in a message: control characters shown as `?`, and short. */
function printable(id: string): string {
  // eslint-disable-next-line no-control-regex
  const text = id.replace(/[\u0000-\u001f\u007f]/g, '?');
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
