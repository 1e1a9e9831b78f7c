// Which secret may be sent where. A secret belongs to the server and the sign-in it was given for
// (base URL + user name + kind of credential), not to an instance's name: renaming an entry keeps
// it, while pointing an entry at another server, user or kind finds no secret there until the person
// agrees to send the old one (naming the new host). Plain http needs that agreement too, once per
// server. Plain TypeScript (no `vscode`): storage is handed in, so it is tested directly.
import { baseUrlKey, originOf } from '../../core/baseUrl';
import type { InstanceConfig } from '../../core/instanceConfig';
import type { CredentialKind } from '../../core/model';

/** Where a secret may be sent. */
export interface CredentialBinding {
  readonly baseUrl: string;
  readonly username: string;
  readonly kind: CredentialKind;
}

export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

/** A stored secret and the binding it was given for. */
export interface KeptSecret {
  readonly secret: string;
  readonly storedFor: CredentialBinding;
}

/**
 * Whether a secret stored for `from` would, under `to`, go to another host (origin), another user or
 * as another kind of credential. Another context path on the same host is not: the same server gets it.
 */
export function sendsElsewhere(from: CredentialBinding, to: CredentialBinding): boolean {
  return originOf(from.baseUrl) !== originOf(to.baseUrl) || from.username !== to.username || from.kind !== to.kind;
}

/** Non-secret bookkeeping (VS Code's globalState): never a secret, only where secrets belong. */
export interface StateStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export type CredentialAccess =
  | { readonly kind: 'ready'; readonly secret: string }
  | { readonly kind: 'missing' }
  /** A secret is stored for this entry's previous server, user or kind: ask before sending it here. */
  | { readonly kind: 'moved'; readonly from: CredentialBinding }
  /** The secret would travel over plain http: ask once before sending it. */
  | { readonly kind: 'insecure' };

interface CredentialIndex {
  /** Every binding a secret is stored under, by its key. */
  readonly bindings: Record<string, CredentialBinding>;
  /** The binding each instance (lower-case name) last used, to notice a hand-edited entry. */
  readonly lastUsed: Record<string, string>;
  /** Bindings whose secret may go over plain http. */
  readonly plainHttpAllowed: string[];
}

const SECRET_PREFIX = 'kantegaSso.secret:';
const LEGACY_SECRET_PREFIX = 'kantegaSso.credential:';
const INDEX_KEY = 'kantegaSso.credentialIndex';

export function bindingOf(instance: InstanceConfig): CredentialBinding {
  return { baseUrl: baseUrlKey(instance.baseUrl), username: instance.username.toLowerCase(), kind: instance.auth };
}

export function bindingKey(binding: CredentialBinding): string {
  return SECRET_PREFIX + JSON.stringify([binding.baseUrl, binding.username, binding.kind]);
}

function isPlainHttp(binding: CredentialBinding): boolean {
  return binding.baseUrl.startsWith('http:');
}

/** "admin at https://jira.example.com": where a secret goes, for questions. */
export function describeBinding(binding: CredentialBinding): string {
  return `${binding.username || '(token user)'} at ${originOf(binding.baseUrl)}`;
}

export class CredentialGuard {
  constructor(
    private readonly secrets: SecretStore,
    private readonly state: StateStore,
  ) {}

  private index(): CredentialIndex {
    const stored = this.state.get<CredentialIndex>(INDEX_KEY);
    return {
      bindings: { ...stored?.bindings },
      lastUsed: { ...stored?.lastUsed },
      plainHttpAllowed: [...(stored?.plainHttpAllowed ?? [])],
    };
  }

  private async saveIndex(index: CredentialIndex): Promise<void> {
    await this.state.update(INDEX_KEY, index);
  }

  /** The secret under a key as stored, with no question of where it may go. */
  async storedAt(key: string): Promise<string | undefined> {
    return this.secrets.get(key);
  }

  /** What may be sent for this instance now, and if nothing, why. */
  async access(instance: InstanceConfig): Promise<CredentialAccess> {
    const binding = bindingOf(instance);
    const key = bindingKey(binding);
    const index = this.index();
    const secret = await this.secrets.get(key);
    if (!secret) {
      const previous = index.lastUsed[instance.name.toLowerCase()];
      const from = previous !== undefined && previous !== key ? index.bindings[previous] : undefined;
      if (from && (await this.secrets.get(previous))) return { kind: 'moved', from };
      return { kind: 'missing' };
    }
    if (isPlainHttp(binding) && !index.plainHttpAllowed.includes(key)) return { kind: 'insecure' };
    if (index.lastUsed[instance.name.toLowerCase()] !== key) {
      index.lastUsed[instance.name.toLowerCase()] = key;
      await this.saveIndex(index);
    }
    return { kind: 'ready', secret };
  }

  /**
   * Stores a secret the person typed for this instance as it is configured now. Typing it with the
   * address in view is agreement to send it there, over plain http too.
   */
  async store(instance: InstanceConfig, secret: string): Promise<void> {
    const binding = bindingOf(instance);
    const key = bindingKey(binding);
    await this.secrets.store(key, secret);
    const index = this.index();
    index.bindings[key] = binding;
    index.lastUsed[instance.name.toLowerCase()] = key;
    if (isPlainHttp(binding) && !index.plainHttpAllowed.includes(key)) index.plainHttpAllowed.push(key);
    await this.saveIndex(index);
  }

  /** The secret stored for this instance or, when the entry moved, for where it was: for an edit that keeps it. */
  async currentOrPrevious(instance: InstanceConfig): Promise<string | undefined> {
    return (await this.keptSecret(instance))?.secret;
  }

  /**
   * What an edit of this instance that keeps its secret would send: the secret, and the binding it
   * was stored for (the entry's own, or where the entry was before it moved).
   */
  async keptSecret(instance: InstanceConfig): Promise<KeptSecret | undefined> {
    const access = await this.access(instance);
    const storedFor =
      access.kind === 'moved' ? access.from : access.kind === 'missing' ? undefined : bindingOf(instance);
    if (!storedFor) return undefined;
    const secret = access.kind === 'ready' ? access.secret : await this.secrets.get(bindingKey(storedFor));
    return secret ? { secret, storedFor } : undefined;
  }

  /** After the person agreed: moves the secret to the entry's new binding, or allows plain http. */
  async allow(instance: InstanceConfig): Promise<void> {
    const access = await this.access(instance);
    if (access.kind === 'moved') {
      const secret = await this.secrets.get(bindingKey(access.from));
      if (secret) await this.store(instance, secret);
    } else if (access.kind === 'insecure') {
      const key = bindingKey(bindingOf(instance));
      const index = this.index();
      index.plainHttpAllowed.push(key);
      await this.saveIndex(index);
    }
  }

  /** Forgets the instance's secret, unless another configured instance signs in with the same one. */
  async forget(instance: InstanceConfig, remaining: readonly InstanceConfig[]): Promise<void> {
    const index = this.index();
    delete index.lastUsed[instance.name.toLowerCase()];
    await this.saveIndex(index);
    await this.prune(remaining);
  }

  /**
   * Deletes secrets no configured instance uses any more, nor would be asked about (a moved entry
   * keeps its old secret until the question is answered). Call only with a list read cleanly from
   * the settings: a half-written settings file must not cost anyone their stored secrets.
   */
  async prune(instances: readonly InstanceConfig[]): Promise<void> {
    const index = this.index();
    const names = new Set(instances.map((instance) => instance.name.toLowerCase()));
    for (const name of Object.keys(index.lastUsed)) if (!names.has(name)) delete index.lastUsed[name];
    const kept = new Set([
      ...instances.map((instance) => bindingKey(bindingOf(instance))),
      ...Object.values(index.lastUsed),
    ]);
    for (const key of Object.keys(index.bindings)) {
      if (kept.has(key)) continue;
      await this.secrets.delete(key);
      delete index.bindings[key];
    }
    const allowed = index.plainHttpAllowed.filter((key) => kept.has(key));
    await this.saveIndex({ ...index, plainHttpAllowed: allowed });
  }

  /**
   * Secrets from before bindings were kept by instance name. Each moves to the binding of the entry
   * with that name as configured now (the only place it could have been meant for), once.
   */
  async migrateLegacy(instances: readonly InstanceConfig[]): Promise<void> {
    for (const instance of instances) {
      const legacyKey = LEGACY_SECRET_PREFIX + instance.name.toLowerCase();
      const secret = await this.secrets.get(legacyKey);
      if (!secret) continue;
      if (!(await this.secrets.get(bindingKey(bindingOf(instance))))) await this.store(instance, secret);
      await this.secrets.delete(legacyKey);
    }
  }
}
