// What the extension knows about each instance: its status (checked once when the view shows it), its
// snapshots, tokens and identity providers, and each identity provider's managed groups (loaded when
// it is expanded). Cached until refreshed; an answer that arrives after a refresh is dropped, so a
// stale list never overwrites a newer one, and whoever waited on it gets the newer one. Plain
// TypeScript (no `vscode`): tested directly.
import type { KantegaClient } from '../../core/api/client';
import { checkConnection, type ConnectionCheck } from '../../core/api/connectionCheck';
import { idpApiState, sortedGroupNames, type IdpApiState } from '../../core/api/identityProviders';
import { describeError, isKantegaError } from '../../core/errors';
import type { InstanceConfig } from '../../core/instanceConfig';
import type { ApiToken, CallOptions, IdentityProvider, PingResult, Snapshot, TokenApiVersion } from '../../core/model';
import { isOwnToken, otherUsersTokens } from '../../core/api/tokenList';
import type { CredentialRejection } from './rejectedCredentials';

export type InstanceStatus =
  | { readonly kind: 'checking' }
  | { readonly kind: 'credentialMissing' }
  | { readonly kind: 'online'; readonly ping: PingResult; readonly tokenApiVersion?: TokenApiVersion }
  | { readonly kind: 'unreachable'; readonly message: string }
  /**
   * The server refused the credential (wrong password, refused token, a CAPTCHA after failed
   * sign-ins). It is held back from then on: nothing sends it again until it is set anew or the
   * person refreshes this instance. `loginUrl`: the instance's own sign-in page, for a CAPTCHA.
   */
  | {
      readonly kind: 'credentialRejected';
      readonly message: string;
      readonly captcha: boolean;
      readonly loginUrl?: string;
    }
  /** A secret is stored but may not be sent until the person allows it (moved entry, plain http). */
  | { readonly kind: 'needsConsent'; readonly message: string }
  /** `summary`: a few words for the row when they say more than "error" (an SSO gateway in the way). */
  | { readonly kind: 'error'; readonly message: string; readonly summary?: 'ssoGateway' };

/** A list as loaded: the value, or why not (`forbidden` when the user lacks the rights, which is not a fault). */
export type Loaded<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly message: string; readonly forbidden: boolean };

/**
 * A list of the identity-provider API as loaded. A user who is not a system administrator
 * ('forbidden') and a Kantega SSO version without the API ('notOffered') are states to show as such,
 * never errors; 'failed' is any other reason, with its message.
 */
export type IdpLoaded<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly state: IdpApiState }
  | { readonly ok: false; readonly state: 'failed'; readonly message: string };

export interface InstanceContent {
  readonly snapshots: Loaded<Snapshot[]>;
  readonly myTokens: Loaded<ApiToken[]>;
  /** 'hidden' when the user is not a system administrator. */
  readonly allTokens: Loaded<ApiToken[]> | 'hidden';
  /** In the server's order. Their managed groups load one identity provider at a time (managedGroups). */
  readonly identityProviders: IdpLoaded<IdentityProvider[]>;
}

/** A token as listed to the user, and whether it is the user's own (renew and expiry status need that). */
export interface ListedToken {
  readonly token: ApiToken;
  readonly isOwn: boolean;
}

/** What the cache needs from the instance registry. */
export interface InstanceAccess {
  /** The instance as configured now (settings may have changed since a caller looked), if it still is. */
  get(name: string): InstanceConfig | undefined;
  run<T>(instance: InstanceConfig, operation: (client: KantegaClient) => Promise<T>): Promise<T>;
  /** A client without a credential, for the anonymous ping; closed after use. */
  createDetachedClient(instance: InstanceConfig): KantegaClient;
  tokenApiVersion(instance: InstanceConfig): TokenApiVersion | undefined;
  /** Whether `run` failed only because no secret is stored. */
  isCredentialMissing(e: unknown): boolean;
  /** Why `run` may not send the stored secret yet (it asks first), or undefined for any other failure. */
  consentNeeded(e: unknown): string | undefined;
  /**
   * A check found the credential refused (it returns failures rather than throwing them, so `run`
   * does not see them): from now on it is held back like any refusal `run` meets.
   */
  noteRefusal(instance: InstanceConfig, error: unknown): Promise<void>;
  /** Why `run` sent nothing because the server refused this credential before, or undefined. */
  credentialRejection(e: unknown): CredentialRejection | undefined;
}

interface Entry {
  generation: number;
  status?: Promise<InstanceStatus>;
  settledStatus?: InstanceStatus;
  /** My tokens fetched by the status check, reused when the instance is expanded. */
  myTokens?: Loaded<ApiToken[]>;
  content?: Promise<InstanceContent>;
  settledContent?: InstanceContent;
  /** Snapshots listed outside the tree (a picker), for looking one up again. */
  listedSnapshots?: Snapshot[];
  /** Managed groups by identity provider id: loading or loaded, and loaded. */
  managedGroups: Map<string, Promise<IdpLoaded<string[]>>>;
  settledManagedGroups: Map<string, IdpLoaded<string[]>>;
}

function rejectedStatus(message: string, captcha: boolean, loginUrl: string | undefined): InstanceStatus {
  return { kind: 'credentialRejected', message, captcha, ...(captcha && loginUrl ? { loginUrl } : {}) };
}

function loaded<T>(value: T): Loaded<T> {
  return { ok: true, value };
}

function failure(e: unknown): { ok: false; message: string; forbidden: boolean } {
  return { ok: false, message: describeError(e), forbidden: isKantegaError(e) && e.kind === 'forbidden' };
}

function idpLoaded<T>(value: T): IdpLoaded<T> {
  return { ok: true, value };
}

function idpFailure(e: unknown): IdpLoaded<never> {
  const state = idpApiState(e);
  if (state) return { ok: false, state };
  return { ok: false, state: 'failed', message: describeError(e) };
}

const isNotAdmin = (e: unknown) => isKantegaError(e) && (e.kind === 'forbidden' || e.kind === 'unauthorized');

export class InstanceDataCache {
  private readonly entries = new Map<string, Entry>();
  private readonly statusListeners = new Set<(name: string) => void>();
  private readonly invalidateListeners = new Set<(name: string | undefined) => void>();

  constructor(private readonly access: InstanceAccess) {}

  /** Called with an instance name when its status check finished (and was not superseded). */
  onDidLoadStatus(listener: (name: string) => void): { dispose(): void } {
    this.statusListeners.add(listener);
    return { dispose: () => this.statusListeners.delete(listener) };
  }

  /**
   * Called when what is known about one instance (its name) or all (undefined) was forgotten: a
   * refresh, a change made by a command, a credential or settings change. Other views that list the
   * same things (the token report) follow.
   */
  onDidInvalidate(listener: (name: string | undefined) => void): { dispose(): void } {
    this.invalidateListeners.add(listener);
    return { dispose: () => this.invalidateListeners.delete(listener) };
  }

  private entry(name: string): Entry {
    const key = name.toLowerCase();
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { generation: 0, managedGroups: new Map(), settledManagedGroups: new Map() };
      this.entries.set(key, entry);
    }
    return entry;
  }

  /** The status as known now, without starting anything. */
  peekStatus(instance: InstanceConfig): InstanceStatus | undefined {
    return this.entries.get(instance.name.toLowerCase())?.settledStatus;
  }

  peekContent(instance: InstanceConfig): InstanceContent | undefined {
    return this.entries.get(instance.name.toLowerCase())?.settledContent;
  }

  /** The user's own tokens if already loaded (by the status check or by expanding). */
  peekMyTokens(instance: InstanceConfig): ApiToken[] | undefined {
    const entry = this.entries.get(instance.name.toLowerCase());
    const mine = entry?.settledContent?.myTokens ?? entry?.myTokens;
    return mine?.ok ? mine.value : undefined;
  }

  /** Whether a status check of the instance has started and not finished yet. */
  isChecking(instance: InstanceConfig): boolean {
    const entry = this.entries.get(instance.name.toLowerCase());
    return entry?.status !== undefined && entry.settledStatus === undefined;
  }

  /** The instance's status, checking it once (ping, then the user's tokens to prove the credential). */
  status(instance: InstanceConfig): Promise<InstanceStatus> {
    const entry = this.entry(instance.name);
    if (!entry.status) {
      const generation = entry.generation;
      entry.status = this.checkStatus(instance, entry, generation)
        .catch((e: unknown): InstanceStatus => ({ kind: 'error', message: describeError(e) }))
        .then((status) => {
          // Superseded while it ran (a refresh, a new credential): whoever waits gets the new check's answer.
          if (entry.generation !== generation) return this.supersededBy(instance, status, (now) => this.status(now));
          entry.settledStatus = status;
          for (const listener of this.statusListeners) listener(instance.name);
          return status;
        });
    }
    return entry.status;
  }

  /**
   * What a caller of a superseded check or load gets: the same asked again of the instance as it is
   * configured now (never of the entry as it was: its address or credential may have changed), or
   * the old answer when the instance is gone.
   */
  private supersededBy<T>(asked: InstanceConfig, old: T, again: (now: InstanceConfig) => Promise<T>): T | Promise<T> {
    const now = this.access.get(asked.name);
    return now ? again(now) : old;
  }

  private async checkStatus(instance: InstanceConfig, entry: Entry, generation: number): Promise<InstanceStatus> {
    let check: ConnectionCheck;
    try {
      check = await this.access.run(instance, (client) => checkConnection(client));
    } catch (e) {
      // No secret stored: the anonymous ping still tells "set a credential" from "nothing there".
      if (this.access.isCredentialMissing(e)) return this.checkWithoutCredential(instance);
      const consent = this.access.consentNeeded(e);
      if (consent) return { kind: 'needsConsent', message: consent };
      const held = this.access.credentialRejection(e);
      if (held) return rejectedStatus(describeError(e), held.reason === 'captcha', held.loginUrl);
      return { kind: 'unreachable', message: describeError(e) };
    }
    if (!check.ok) {
      const message = describeError(check.error);
      const error = check.error;
      if (isKantegaError(error) && (error.kind === 'unauthorized' || error.kind === 'captcha')) {
        // Only a check still current speaks for the credential: one set anew meanwhile is not refused.
        if (entry.generation === generation) await this.access.noteRefusal(instance, error);
        return rejectedStatus(message, error.kind === 'captcha', error.loginUrl);
      }
      if (isKantegaError(error) && error.kind === 'ssoGateway')
        return { kind: 'error', message, summary: 'ssoGateway' };
      if (check.stage === 'reach') return { kind: 'unreachable', message };
      return { kind: 'error', message };
    }
    if (entry.generation === generation) entry.myTokens = loaded(check.myTokens);
    return { kind: 'online', ping: check.ping, tokenApiVersion: this.access.tokenApiVersion(instance) };
  }

  /** The ping needs no sign-in: it tells "set a credential" apart from "the server is not there". */
  private async checkWithoutCredential(instance: InstanceConfig): Promise<InstanceStatus> {
    const client = this.access.createDetachedClient(instance);
    try {
      await client.ping();
      return { kind: 'credentialMissing' };
    } catch (e) {
      if (isNotAdmin(e)) return { kind: 'credentialMissing' };
      return { kind: 'unreachable', message: describeError(e) };
    } finally {
      void client.close();
    }
  }

  /** Snapshots, tokens and identity providers, loaded in parallel once per refresh. */
  content(instance: InstanceConfig): Promise<InstanceContent> {
    const entry = this.entry(instance.name);
    if (!entry.content) {
      const generation = entry.generation;
      entry.content = this.loadContent(instance, entry).then((content) => {
        // A tree row waiting on a superseded load would otherwise draw it (VS Code may fold the
        // refresh that followed into the fetch already running): it gets the new load instead.
        if (entry.generation !== generation) return this.supersededBy(instance, content, (now) => this.content(now));
        entry.settledContent = content;
        return content;
      });
    }
    return entry.content;
  }

  private async loadContent(instance: InstanceConfig, entry: Entry): Promise<InstanceContent> {
    const run = <T>(operation: (client: KantegaClient) => Promise<T>): Promise<T> =>
      this.access.run(instance, operation);
    const [snapshots, myTokens, allTokens, identityProviders] = await Promise.all([
      run((client) => client.listSnapshots()).then(loaded, failure),
      entry.myTokens ?? run((client) => client.listMyTokens()).then(loaded, failure),
      run((client) => client.listAllTokens()).then(loaded, (e: unknown) => (isNotAdmin(e) ? 'hidden' : failure(e))),
      run((client) => client.listIdentityProviders()).then(idpLoaded, idpFailure),
    ]);
    return { snapshots, myTokens, allTokens, identityProviders };
  }

  /** The managed groups of one identity provider as known now, without starting anything. */
  peekManagedGroups(instance: InstanceConfig, idpId: string): IdpLoaded<string[]> | undefined {
    return this.entries.get(instance.name.toLowerCase())?.settledManagedGroups.get(idpId);
  }

  /**
   * The managed groups of one identity provider, each once and sorted (once per load, not per
   * redraw: there may be 10,000), loaded once per refresh when asked for: when the person expands
   * the identity provider.
   */
  managedGroups(instance: InstanceConfig, idpId: string): Promise<IdpLoaded<string[]>> {
    const entry = this.entry(instance.name);
    let groups = entry.managedGroups.get(idpId);
    if (!groups) {
      const generation = entry.generation;
      groups = this.access
        .run(instance, (client) => client.listManagedGroups(idpId))
        .then((listed) => idpLoaded(sortedGroupNames(listed)), idpFailure)
        .then((list): IdpLoaded<string[]> | Promise<IdpLoaded<string[]>> => {
          if (entry.generation !== generation) {
            return this.supersededBy(instance, list, (now) => this.managedGroups(now, idpId));
          }
          entry.settledManagedGroups.set(idpId, list);
          return list;
        });
      entry.managedGroups.set(idpId, groups);
    }
    return groups;
  }

  /**
   * The identity provider with this id as the server lists it, or undefined when it lists none such.
   * From the list last loaded, unless `fresh` (before a change: it may have gone since); then, and
   * when no list is loaded, from the server.
   */
  async lookupIdentityProvider(
    instance: InstanceConfig,
    id: string,
    options: CallOptions & { readonly fresh?: boolean } = {},
  ): Promise<IdentityProvider | undefined> {
    const known = options.fresh ? undefined : this.peekContent(instance)?.identityProviders;
    if (known?.ok) {
      const found = known.value.find((idp) => idp.id === id);
      if (found) return found;
    }
    const fresh = await this.access.run(instance, (client) => client.listIdentityProviders({ signal: options.signal }));
    return fresh.find((idp) => idp.id === id);
  }

  /** Keeps a snapshot list loaded outside the tree, so that a command can look its choice up again. */
  rememberSnapshots(instance: InstanceConfig, snapshots: Snapshot[]): void {
    this.entry(instance.name).listedSnapshots = snapshots;
  }

  /**
   * The snapshot with this id as the server last listed it (loading the list when none is known),
   * or undefined when the server does not have it.
   */
  async lookupSnapshot(instance: InstanceConfig, id: string, options: CallOptions = {}): Promise<Snapshot | undefined> {
    const entry = this.entry(instance.name);
    const known = entry.settledContent?.snapshots;
    const listed = known?.ok ? known.value : entry.listedSnapshots;
    const found = listed?.find((snapshot) => snapshot.id === id);
    if (found) return found;
    const fresh = await this.access.run(instance, (client) => client.listSnapshots(options));
    entry.listedSnapshots = fresh;
    return fresh.find((snapshot) => snapshot.id === id);
  }

  /** The user's own tokens and (when asked and allowed) everyone else's, fresh from the server. */
  async loadTokens(
    instance: InstanceConfig,
    options: CallOptions & { readonly includeOthers: boolean },
  ): Promise<{ mine: ApiToken[]; others: ApiToken[] }> {
    const call = { signal: options.signal };
    const [mine, all] = await Promise.all([
      this.access.run(instance, (client) => client.listMyTokens(call)),
      options.includeOthers
        ? this.access
            .run(instance, (client) => client.listAllTokens(call))
            .catch((e: unknown) => {
              if (isNotAdmin(e)) return [];
              throw e;
            })
        : Promise.resolve([]),
    ]);
    return { mine, others: otherUsersTokens(all, mine, instance.username) };
  }

  /** Every token the user may see on the instance (everyone's for a system administrator), fresh, own ones first. */
  async listTokens(instance: InstanceConfig, options: CallOptions = {}): Promise<ListedToken[]> {
    const { mine, others } = await this.loadTokens(instance, { ...options, includeOthers: true });
    return [...mine.map((token) => ({ token, isOwn: true })), ...others.map((token) => ({ token, isOwn: false }))];
  }

  /**
   * The token with this id as the server lists it, and whether it is the user's own: from the lists
   * last loaded, else fresh from the server. Undefined when the server does not have it.
   */
  async lookupToken(instance: InstanceConfig, id: number, options: CallOptions = {}): Promise<ListedToken | undefined> {
    const content = this.peekContent(instance);
    const mine = content?.myTokens.ok ? content.myTokens.value : this.peekMyTokens(instance);
    const own = mine?.find((token) => token.id === id);
    if (own) return { token: own, isOwn: true };
    const all = content && content.allTokens !== 'hidden' && content.allTokens.ok ? content.allTokens.value : undefined;
    const other = all?.find((token) => token.id === id);
    if (other) return { token: other, isOwn: isOwnToken(other, instance.username) };
    const fresh = await this.loadTokens(instance, { ...options, includeOthers: true });
    const freshOwn = fresh.mine.find((token) => token.id === id);
    if (freshOwn) return { token: freshOwn, isOwn: true };
    const freshOther = fresh.others.find((token) => token.id === id);
    return freshOther ? { token: freshOther, isOwn: false } : undefined;
  }

  /** Forgets what is known about one instance (or all), so that the next look loads it again. */
  invalidate(name?: string): void {
    const entries = name === undefined ? [...this.entries.values()] : [this.entry(name)];
    for (const entry of entries) {
      entry.generation++;
      entry.status = undefined;
      entry.settledStatus = undefined;
      entry.myTokens = undefined;
      entry.content = undefined;
      entry.settledContent = undefined;
      entry.listedSnapshots = undefined;
      entry.managedGroups.clear();
      entry.settledManagedGroups.clear();
    }
    for (const listener of this.invalidateListeners) listener(name);
  }

  dispose(): void {
    this.statusListeners.clear();
    this.invalidateListeners.clear();
  }
}
