// The configured instances and one client per instance, rebuilt when its settings or credential change.
import * as vscode from 'vscode';
import { baseUrlKey } from '../../core/baseUrl';
import { KantegaClient, type ClientOptions } from '../../core/api/client';
import type { ApiToken, TokenApiVersion } from '../../core/model';
import { isKantegaError } from '../../core/errors';
import { signInToken } from '../../core/fleet/expiryAlerts';
import {
  removeSettingEntry,
  upsertSettingEntry,
  type InstanceConfig,
  type ParsedInstances,
} from '../../core/instanceConfig';
import {
  CredentialMissingError,
  CredentialNeedsConsentError,
  CredentialRejectedError,
  type CredentialStore,
} from './credentialStore';
import type { Settings } from '../settings';
import type { InstanceAccess } from './instanceData';
import { RejectedCredentials, rejectionIn, type CredentialRejection } from './rejectedCredentials';

/**
 * What changed in the configured instances. `stale`: the instances (by name) whose address, user,
 * kind of sign-in, credential or network changed, or every one: what is known about them is out of
 * date. `listChanged`: entries were added, removed, renamed or relabelled (the list is drawn anew).
 */
export interface InstancesChange {
  readonly stale: readonly string[] | 'all';
  readonly listChanged: boolean;
}

interface RememberedApiVersion {
  readonly baseUrl: string;
  readonly version: TokenApiVersion;
}

/**
 * globalState key: `<base URL>|<user>` → the id of the API token stored as that sign-in's credential
 * (by Create API Token's "use as credential"). An id, never the secret; forgotten when a secret is typed.
 */
const SIGN_IN_TOKENS_KEY = 'kantegaSso.signInTokens';

function signInKey(instance: InstanceConfig): string {
  return `${baseUrlKey(instance.baseUrl)}|${instance.username.toLowerCase()}`;
}

/**
 * A client is made for one name, address, user and kind of credential: an entry rewritten to sign in
 * another way never reuses a client made for the old one.
 */
function clientKey(instance: InstanceConfig): string {
  return [instance.name.toLowerCase(), instance.baseUrl, instance.username, instance.auth].join('\n');
}

/** The globalState key of an instance's remembered token API version (names ignore case, as in settings). */
function apiVersionKey(instanceName: string): string {
  return `kantegaSso.tokenApiVersion:${instanceName.toLowerCase()}`;
}

export class InstanceRegistry implements InstanceAccess, vscode.Disposable {
  /** By instance name and what the client was made for (see clientKey). */
  private readonly clients = new Map<string, KantegaClient>();
  /** Counts the times clients were let go: a client made from a secret read before that is not kept. */
  private clientGeneration = 0;
  private readonly changeEmitter = new vscode.EventEmitter<InstancesChange>();
  /** Fires when instances or their credentials changed: only the ones that did are stale. */
  readonly onDidChange = this.changeEmitter.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private reportedProblems = '';
  private readonly rejected: RejectedCredentials;
  /**
   * The secret last stored or read under each key, in memory only (the clients hold it anyway): a
   * secret-change event that only echoes our own store is not a change, and must not drop a client
   * whose cluster cookie or check is in use.
   */
  private readonly knownSecrets = new Map<string, string | undefined>();
  /** The entries as last applied, by lower-case name, to tell which ones a settings change touched. */
  private applied = new Map<string, InstanceConfig>();
  /** The save in progress, if any: the next waits for it (see save). */
  private saving: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly settings: Settings,
    private readonly credentials: CredentialStore,
    private readonly state: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.rejected = new RejectedCredentials(state);
    this.subscriptions.push(
      settings.onDidChange((change) => {
        if (change.network) {
          // A proxy or CA changed: every connection is made anew.
          this.dropClients(vscode.l10n.t('the network settings (proxy, certificates) changed meanwhile'));
          this.applied = byName(this.list());
          this.changeEmitter.fire({ stale: 'all', listChanged: true });
        } else if (change.instances) {
          this.applyInstanceSettings();
        }
      }),
      credentials.onDidChange((key) => void this.secretChanged(key)),
    );
    // Once per session, with the settings read cleanly: old name-keyed secrets move to their
    // bindings, and secrets no entry uses any more are deleted.
    const { instances, problems } = settings.instances();
    this.applied = byName(instances);
    if (!problems.length) {
      void credentials
        .migrateLegacy(instances)
        .then(() => credentials.prune(instances))
        .catch((e: unknown) => log.warn(`Could not tidy the stored credentials: ${String(e)}`));
    }
  }

  /** The instances from settings. */
  list(): InstanceConfig[] {
    return this.listWithProblems().instances;
  }

  /** The instances, and what was wrong with hand-written entries (logged once per change). */
  listWithProblems(): ParsedInstances {
    const parsed = this.settings.instances();
    const text = parsed.problems.join('\n');
    if (text && text !== this.reportedProblems) for (const problem of parsed.problems) this.log.warn(problem);
    this.reportedProblems = text;
    return parsed;
  }

  get(name: string): InstanceConfig | undefined {
    return this.list().find((instance) => instance.name.toLowerCase() === name.toLowerCase());
  }

  isCredentialMissing(e: unknown): boolean {
    return e instanceof CredentialMissingError;
  }

  consentNeeded(e: unknown): string | undefined {
    return e instanceof CredentialNeedsConsentError ? e.message : undefined;
  }

  /** The token API version this instance answered last time, if known (not secret: kept in globalState). */
  tokenApiVersion(instance: InstanceConfig): TokenApiVersion | undefined {
    const live = this.clients.get(clientKey(instance))?.tokenApiVersion;
    if (live) return live;
    const remembered = this.state.get<RememberedApiVersion>(apiVersionKey(instance.name));
    return remembered?.baseUrl === instance.baseUrl ? remembered.version : undefined;
  }

  /** Why the instance's credential is held back (the server refused it), if it is. */
  credentialRejection(e: unknown): CredentialRejection | undefined {
    return e instanceof CredentialRejectedError ? e.rejection : undefined;
  }

  /**
   * Runs `operation` with the instance's client (built on first use) and remembers the token API
   * version it learned. Throws CredentialMissingError when no secret is stored, and
   * CredentialRejectedError, sending nothing, when the server refused this credential before.
   */
  async run<T>(instance: InstanceConfig, operation: (client: KantegaClient) => Promise<T>): Promise<T> {
    const held = this.rejected.find(instance);
    if (held) throw new CredentialRejectedError(instance, held);
    const client = await this.client(instance);
    try {
      return await operation(client);
    } catch (e) {
      await this.noteRejection(instance, client, e);
      throw e;
    } finally {
      const version = client.tokenApiVersion;
      if (version) await this.rememberApiVersion(instance, version);
    }
  }

  /**
   * A refused credential is held back from then on: each failed sign-in counts towards Atlassian's
   * CAPTCHA. The client is let go at once, so that requests queued behind the refused one are not
   * sent with it either.
   */
  private async noteRejection(instance: InstanceConfig, client: KantegaClient, e: unknown): Promise<void> {
    // A client let go meanwhile was made for a credential that is no longer the instance's.
    if (this.clients.get(clientKey(instance)) === client) await this.noteRefusal(instance, e);
  }

  /** Holds back the instance's credential when `e` says the server refused it (see noteRejection). */
  async noteRefusal(instance: InstanceConfig, e: unknown): Promise<void> {
    const rejection = rejectionIn(e, Date.now());
    if (!rejection) return;
    await this.rejected.note(instance, rejection);
    this.dropClientsSharing(instance, (name) =>
      vscode.l10n.t('the server refused the credential of "{0}", which is not sent again by itself', name),
    );
    this.log.warn(
      `[${instance.name}] the server refused the credential (${rejection.reason}): it is not sent again ` +
        'until it is set anew or this instance is refreshed',
    );
  }

  /**
   * The person asked for this instance (Refresh, Test Connection): its credential may be sent once
   * more even if the server refused it before. Whether it had been held back.
   */
  allowRetry(instance: InstanceConfig): Promise<boolean> {
    return this.rejected.clear(instance);
  }

  /**
   * A client outside the registry: for a configuration not saved yet (Add Instance tests before
   * saving), or without a secret for an anonymous ping. Close it after use.
   */
  createDetachedClient(instance: InstanceConfig, secret?: string): KantegaClient {
    return new KantegaClient({
      baseUrl: instance.baseUrl,
      credential: secret !== undefined ? { kind: instance.auth, username: instance.username, secret } : undefined,
      network: this.settings.network(),
      ...this.logging(instance.name),
    });
  }

  private async client(instance: InstanceConfig): Promise<KantegaClient> {
    const key = clientKey(instance);
    const existing = this.clients.get(key);
    if (existing) return existing;
    const generation = this.clientGeneration;
    const secret = await this.credentials.secretFor(instance);
    this.knownSecrets.set(this.credentials.keyOf(instance), secret);
    // Settings or a secret changed while it was read (Use as Credential stores, then rewrites the
    // entry): a client made now would keep sending the old secret. Read again.
    if (generation !== this.clientGeneration) return this.client(instance);
    const raced = this.clients.get(key);
    if (raced) return raced;
    const client = new KantegaClient({
      baseUrl: instance.baseUrl,
      credential: { kind: instance.auth, username: instance.username, secret },
      network: this.settings.network(),
      tokenApiVersion: this.tokenApiVersion(instance),
      ...this.logging(instance.name),
    });
    this.clients.set(key, client);
    return client;
  }

  private async rememberApiVersion(instance: InstanceConfig, version: TokenApiVersion): Promise<void> {
    const key = apiVersionKey(instance.name);
    const remembered = this.state.get<RememberedApiVersion>(key);
    if (remembered?.version === version && remembered.baseUrl === instance.baseUrl) return;
    await this.state.update(key, { baseUrl: instance.baseUrl, version } satisfies RememberedApiVersion);
    this.log.info(`[${instance.name}] token API ${version} in use`);
  }

  /** A client's log lines: one per request, and the records a list left out. */
  private logging(instanceName: string): Pick<ClientOptions, 'onRequest' | 'onSkipped'> {
    return {
      onRequest: (entry) => {
        const outcome = entry.status !== undefined ? String(entry.status) : (entry.error ?? 'failed');
        const retry = entry.attempt > 0 ? ` (retry ${entry.attempt})` : '';
        const took = `${Math.round(entry.durationMs)} ms`;
        const line = `[${instanceName}] ${entry.method} ${entry.path} ${outcome} ${took}${retry}`;
        if (entry.status !== undefined && entry.status < 400) this.log.info(line);
        else this.log.warn(line);
      },
      onSkipped: (request, count) =>
        this.log.warn(
          `[${instanceName}] ${request}: ${count} record${count === 1 ? '' : 's'} left out ` +
            '(not an object, or no id that can be used in a request)',
        ),
    };
  }

  /**
   * Saves (adds or replaces) an instance in the user settings with its secret: the one given, else
   * the one stored for the entry as it was (the person edited it and kept the secret). `refusal`: how
   * the server refused that secret in the test before saving, so that nothing sends it again by itself.
   */
  save(
    instance: InstanceConfig,
    secret: string | undefined,
    previous?: InstanceConfig,
    refusal?: unknown,
  ): Promise<void> {
    // One at a time: each rewrites the whole setting from what it read, and a fleet rotation saves
    // several entries at once.
    const saved = this.saving.then(() => this.saveNow(instance, secret, previous, refusal));
    this.saving = saved.catch(() => undefined);
    return saved;
  }

  private async saveNow(
    instance: InstanceConfig,
    secret: string | undefined,
    previous: InstanceConfig | undefined,
    refusal: unknown,
  ): Promise<void> {
    const kept = secret ?? (previous ? await this.credentials.currentOrPrevious(previous) : undefined);
    const secretChanged = kept !== undefined && (await this.storeSecret(instance, kept));
    const rejection = kept !== undefined ? rejectionIn(refusal, Date.now()) : undefined;
    if (rejection) await this.rejected.note(instance, rejection);
    if (secret !== undefined) await this.rememberSignInToken(instance, undefined);
    if (previous && previous.name.toLowerCase() !== instance.name.toLowerCase()) {
      await this.state.update(apiVersionKey(previous.name), undefined);
    }
    await this.settings.writeUserInstances(
      upsertSettingEntry(this.settings.rawUserInstances(), instance, previous?.name),
    );
    // Applied now rather than when the settings event arrives: the caller looks at the entry next.
    this.applyInstanceSettings(secretChanged || secret !== undefined ? [instance.name] : []);
    await this.credentials.prune(this.list());
  }

  /**
   * Sends one request signed with a Kantega API token of `username` (a detached client: the instance's
   * own client and credential are not touched) and checks that it lists the token (`tokenId`, when
   * known) among the user's. Throws what it met: a refusal, or a list without the token.
   */
  async proveApiToken(
    instance: InstanceConfig,
    username: string,
    secret: string,
    tokenId: number | undefined,
    options: { readonly signal?: AbortSignal } = {},
  ): Promise<void> {
    const client = this.createDetachedClient({ ...instance, auth: 'apiToken', username }, secret);
    try {
      const listed = await client.listMyTokens({ signal: options.signal }).catch((e: unknown) => {
        // The client's advice ("set the credential again") is about the instance's credential, which
        // this did not use: say whose sign-in was refused.
        if (!isKantegaError(e) || e.kind !== 'unauthorized') throw e;
        throw new Error(
          vscode.l10n.t(
            "{0} refused the new API token as {1} (HTTP {2}). The instance's own credential is unchanged.",
            instance.name,
            username,
            e.status ?? 401,
          ),
        );
      });
      if (tokenId !== undefined && !listed.some((token) => token.id === tokenId)) {
        throw new Error(
          vscode.l10n.t(
            'The token signed in, but {0} does not list it among the API tokens of {1}: check the user name.',
            instance.name,
            username,
          ),
        );
      }
    } finally {
      void client.close();
    }
  }

  /**
   * Makes a Kantega API token of `username` the instance's credential, only once proveApiToken
   * passed: until then the entry, its secret and its client stay as they were, so a token that does
   * not work never costs the instance a credential that did. Returns the entry as saved.
   */
  async useApiToken(
    instance: InstanceConfig,
    username: string,
    secret: string,
    tokenId: number | undefined,
    options: { readonly signal?: AbortSignal } = {},
  ): Promise<InstanceConfig> {
    await this.proveApiToken(instance, username, secret, tokenId, options);
    return this.switchToApiToken(instance, username, secret, tokenId);
  }

  /** Stores an API token already proven (proveApiToken) as the instance's credential. Returns the entry as saved. */
  async switchToApiToken(
    instance: InstanceConfig,
    username: string,
    secret: string,
    tokenId: number | undefined,
  ): Promise<InstanceConfig> {
    const signingIn: InstanceConfig = { ...instance, auth: 'apiToken', username };
    await this.save(signingIn, secret, instance);
    // Expiry warnings then know which token this instance signs in with (the server does not say).
    await this.rememberSignInToken(signingIn, tokenId);
    return signingIn;
  }

  /** The id of the API token this instance signs in with, when the extension stored that token as its credential. */
  signInTokenId(instance: InstanceConfig): number | undefined {
    if (instance.auth !== 'apiToken') return undefined;
    return this.state.get<Record<string, number>>(SIGN_IN_TOKENS_KEY)?.[signInKey(instance)];
  }

  /**
   * The token among `myTokens` (the user's own, as listed) that the instance signs in with: the one
   * stored as its credential by the extension, else its only valid token (see core signInToken).
   * Undefined when it does not sign in with an API token, or which one is not known.
   */
  signInTokenAmong(instance: InstanceConfig, myTokens: readonly ApiToken[]): ApiToken | undefined {
    return signInToken(
      {
        name: instance.name,
        baseUrl: instance.baseUrl,
        signsInWithApiToken: instance.auth === 'apiToken',
        signInTokenId: this.signInTokenId(instance),
        state: 'online',
        myTokens,
      },
      Date.now(),
    );
  }

  /**
   * signInTokenAmong, and a token found by deduction (the only valid one) is remembered from here on:
   * call before adding a token (Create, a rotation), after which the deduction no longer tells, and
   * Retry Failed, the next rotation and the expiry warnings would lose track of it.
   */
  async settleSignInToken(instance: InstanceConfig, myTokens: readonly ApiToken[]): Promise<ApiToken | undefined> {
    const known = this.signInTokenAmong(instance, myTokens);
    if (known?.id !== undefined && known.id !== this.signInTokenId(instance)) {
      await this.rememberSignInToken(instance, known.id);
    }
    return known;
  }

  /** Remembers (or, with undefined, forgets) which token the instance's stored API-token credential is. */
  async rememberSignInToken(instance: InstanceConfig, tokenId: number | undefined): Promise<void> {
    const all = { ...this.state.get<Record<string, number>>(SIGN_IN_TOKENS_KEY) };
    const key = signInKey(instance);
    if (all[key] === tokenId) return;
    if (tokenId === undefined) delete all[key];
    else all[key] = tokenId;
    await this.state.update(SIGN_IN_TOKENS_KEY, all);
  }

  /**
   * Stores a secret the person gave for this instance; it and the entries signing in with the same
   * stored secret (same address, user and kind) are checked again, the others keep their state.
   */
  async storeCredential(instance: InstanceConfig, secret: string): Promise<void> {
    await this.storeSecret(instance, secret);
    // A typed secret may be any token: which one is no longer known.
    await this.rememberSignInToken(instance, undefined);
    this.changeEmitter.fire({ stale: this.namesSharing(instance), listChanged: false });
  }

  /**
   * Stores a secret under the instance's binding and lets it be sent again. Clients using another
   * secret for that binding are let go before it is stored: the store's change event (which may come
   * before store() returns) finds the secret already known and does not drop the next client, whose
   * check would be cut. Whether the secret differs from the one in use.
   */
  private async storeSecret(instance: InstanceConfig, secret: string): Promise<boolean> {
    const key = this.credentials.keyOf(instance);
    const changed = this.knownSecrets.get(key) !== secret;
    this.knownSecrets.set(key, secret);
    if (changed) {
      this.dropClientsSharing(instance, (name) =>
        vscode.l10n.t('the credential of "{0}" was set anew meanwhile', name),
      );
    }
    await this.credentials.store(instance, secret);
    await this.rejected.clear(instance);
    return changed;
  }

  /**
   * A secret was stored or deleted, here or in another window: the instances signing in with it (and
   * only those) get new clients and are checked again, and a credential set anew may be sent again.
   */
  private async secretChanged(key: string): Promise<void> {
    const affected = this.list().filter((instance) => this.credentials.keyOf(instance) === key);
    if (!affected.length) return;
    const stored = await this.credentials.storedAt(key);
    if (this.knownSecrets.has(key) && this.knownSecrets.get(key) === stored) return;
    this.knownSecrets.set(key, stored);
    for (const instance of affected) {
      await this.rejected.clear(instance);
      this.dropClientsSharing(instance, (name) => vscode.l10n.t('the credential of "{0}" changed meanwhile', name));
    }
    this.changeEmitter.fire({ stale: affected.map((instance) => instance.name), listChanged: false });
  }

  /** After the person agreed to send the stored secret to the instance's (new or plain-http) address. */
  async allowCredential(instance: InstanceConfig): Promise<void> {
    await this.credentials.allow(instance);
    this.dropClient(instance.name, (name) => vscode.l10n.t('the credential of "{0}" was allowed anew meanwhile', name));
    this.changeEmitter.fire({ stale: [instance.name], listChanged: false });
  }

  /** Removes the instance from the user settings and deletes its secret and remembered state. */
  async remove(instance: InstanceConfig): Promise<void> {
    await this.settings.writeUserInstances(removeSettingEntry(this.settings.rawUserInstances(), instance.name));
    await this.credentials.forget(instance, this.list());
    await this.state.update(apiVersionKey(instance.name), undefined);
    this.applyInstanceSettings();
  }

  /**
   * Compares the entries with those last applied: clients made for an entry that changed its name,
   * address, user or kind of sign-in are let go, the others keep their connections and cookies (a
   * cluster behind a sticky balancer stays on its node). Idempotent: the settings event that follows
   * a write finds nothing left to do. `alsoStale`: instances whose credential was stored anew (their
   * clients were let go by storeSecret, when the secret differed): checked again all the same.
   */
  private applyInstanceSettings(alsoStale: readonly string[] = []): void {
    const before = this.applied;
    const now = byName(this.list());
    const stale = new Set(alsoStale.map((name) => name.toLowerCase()));
    let listChanged = now.size !== before.size;
    for (const [name, was] of before) {
      const is = now.get(name);
      if (!is || clientKey(is) !== clientKey(was)) stale.add(name);
      if (!is || JSON.stringify(is) !== JSON.stringify(was)) listChanged = true;
    }
    for (const name of now.keys()) if (!before.has(name)) stale.add(name);
    this.applied = now;
    const liveKeys = new Set([...now.values()].map(clientKey));
    for (const [key, client] of [...this.clients]) {
      if (liveKeys.has(key)) continue;
      this.clients.delete(key);
      this.clientGeneration++;
      const name = key.split('\n')[0];
      void client.close(vscode.l10n.t('the entry of "{0}" changed meanwhile', before.get(name)?.name ?? name));
    }
    if (stale.size || listChanged) {
      const names = [...stale].map((name) => now.get(name)?.name ?? before.get(name)?.name ?? name);
      this.changeEmitter.fire({ stale: names, listChanged });
    }
  }

  /** Lets go of the clients of every instance that signs in with the same stored secret as `instance`. */
  private dropClientsSharing(instance: InstanceConfig, reason: (name: string) => string): void {
    for (const name of this.namesSharing(instance)) this.dropClient(name, reason);
  }

  /**
   * The instance and every configured one that signs in with the same stored secret (same address,
   * user and kind). The instance itself too: while it is being saved, the settings may not list it yet.
   */
  private namesSharing(instance: InstanceConfig): string[] {
    const key = this.credentials.keyOf(instance);
    const sharing = this.list().filter((other) => this.credentials.keyOf(other) === key);
    return [...new Set([instance.name, ...sharing.map((other) => other.name)])];
  }

  /**
   * Lets go of the instance's client. `reason(name)` completes "Could not …: <reason>; nothing was
   * sent" for requests still queued on it: a change the person did not make there is named, never a
   * silent "cancelled".
   */
  private dropClient(name: string, reason: (name: string) => string): void {
    this.clientGeneration++;
    const prefix = `${name.toLowerCase()}\n`;
    for (const [key, client] of [...this.clients]) {
      if (!key.startsWith(prefix)) continue;
      this.clients.delete(key);
      void client.close(reason(name));
    }
  }

  private dropClients(reason: string): void {
    this.clientGeneration++;
    for (const client of this.clients.values()) void client.close(reason);
    this.clients.clear();
  }

  dispose(): void {
    this.dropClients(vscode.l10n.t('the extension is shutting down'));
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changeEmitter.dispose();
  }
}

function byName(instances: readonly InstanceConfig[]): Map<string, InstanceConfig> {
  return new Map(instances.map((instance) => [instance.name.toLowerCase(), instance]));
}
