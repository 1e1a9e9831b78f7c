// The configured instances and one client per instance, rebuilt when its settings or credential change.
import * as vscode from 'vscode';
import { baseUrlKey } from '../../core/baseUrl';
import { KantegaClient, type ClientOptions } from '../../core/api/client';
import type { TokenApiVersion } from '../../core/model';
import {
  removeSettingEntry,
  upsertSettingEntry,
  type InstanceConfig,
  type ParsedInstances,
} from '../../core/instanceConfig';
import { CredentialMissingError, CredentialNeedsConsentError, type CredentialStore } from './credentialStore';
import type { Settings } from '../settings';
import type { InstanceAccess } from './instanceData';

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
  private readonly changeEmitter = new vscode.EventEmitter<string | undefined>();
  /** Fires with an instance name when only that instance changed, or undefined when the list changed. */
  readonly onDidChange = this.changeEmitter.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private reportedProblems = '';

  constructor(
    private readonly settings: Settings,
    private readonly credentials: CredentialStore,
    private readonly state: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions.push(
      settings.onDidChange((change) => {
        if (change.instances || change.network) {
          this.dropClients();
          this.changeEmitter.fire(undefined);
        }
      }),
      credentials.onDidChange(() => {
        this.dropClients();
        this.changeEmitter.fire(undefined);
      }),
    );
    // Once per session, with the settings read cleanly: old name-keyed secrets move to their
    // bindings, and secrets no entry uses any more are deleted.
    const { instances, problems } = settings.instances();
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

  /**
   * Runs `operation` with the instance's client (built on first use) and remembers the token API
   * version it learned. Throws CredentialMissingError when no secret is stored.
   */
  async run<T>(instance: InstanceConfig, operation: (client: KantegaClient) => Promise<T>): Promise<T> {
    const client = await this.client(instance);
    try {
      return await operation(client);
    } finally {
      const version = client.tokenApiVersion;
      if (version) await this.rememberApiVersion(instance, version);
    }
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
      onSkipped: (operation, count) =>
        this.log.warn(
          `[${instanceName}] ${operation}: ${count} record${count === 1 ? '' : 's'} left out ` +
            '(not an object, or no id that can be used in a request)',
        ),
    };
  }

  /**
   * Saves (adds or replaces) an instance in the user settings with its secret: the one given, else
   * the one stored for the entry as it was (the person edited it and kept the secret).
   */
  async save(instance: InstanceConfig, secret: string | undefined, previous?: InstanceConfig): Promise<void> {
    const kept = secret ?? (previous ? await this.credentials.currentOrPrevious(previous) : undefined);
    if (kept) await this.credentials.store(instance, kept);
    if (secret !== undefined) await this.rememberSignInToken(instance, undefined);
    if (previous && previous.name.toLowerCase() !== instance.name.toLowerCase()) {
      await this.state.update(apiVersionKey(previous.name), undefined);
    }
    await this.settings.writeUserInstances(
      upsertSettingEntry(this.settings.rawUserInstances(), instance, previous?.name),
    );
    this.dropClients();
    this.changeEmitter.fire(undefined);
    await this.credentials.prune(this.list());
  }

  /** The id of the API token this instance signs in with, when the extension stored that token as its credential. */
  signInTokenId(instance: InstanceConfig): number | undefined {
    if (instance.auth !== 'apiToken') return undefined;
    return this.state.get<Record<string, number>>(SIGN_IN_TOKENS_KEY)?.[signInKey(instance)];
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

  async storeCredential(instance: InstanceConfig, secret: string): Promise<void> {
    // Dropped before storing: the store's change event (which may come before store() returns) starts
    // a check with a new client, and closing that one afterwards would cancel the check.
    this.dropClient(instance.name);
    await this.credentials.store(instance, secret);
    // A typed secret may be any token: which one is no longer known.
    await this.rememberSignInToken(instance, undefined);
  }

  /** After the person agreed to send the stored secret to the instance's (new or plain-http) address. */
  async allowCredential(instance: InstanceConfig): Promise<void> {
    await this.credentials.allow(instance);
    this.dropClient(instance.name);
    this.changeEmitter.fire(instance.name);
  }

  /** Removes the instance from the user settings and deletes its secret and remembered state. */
  async remove(instance: InstanceConfig): Promise<void> {
    await this.settings.writeUserInstances(removeSettingEntry(this.settings.rawUserInstances(), instance.name));
    await this.credentials.forget(instance, this.list());
    await this.state.update(apiVersionKey(instance.name), undefined);
    this.dropClient(instance.name);
    this.changeEmitter.fire(undefined);
  }

  private dropClient(name: string): void {
    this.clientGeneration++;
    const prefix = `${name.toLowerCase()}\n`;
    for (const [key, client] of [...this.clients]) {
      if (!key.startsWith(prefix)) continue;
      this.clients.delete(key);
      void client.close();
    }
  }

  private dropClients(): void {
    this.clientGeneration++;
    for (const client of this.clients.values()) void client.close();
    this.clients.clear();
  }

  dispose(): void {
    this.dropClients();
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changeEmitter.dispose();
  }
}
