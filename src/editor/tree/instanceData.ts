// What the tree knows about each instance: its status (checked once when the view shows it) and,
// once expanded, its snapshots and tokens. Cached until refreshed; a stale answer never overwrites
// a newer refresh.
import * as vscode from 'vscode';
import type { KantegaClient } from '../../core/client';
import { checkConnection, type ConnectionCheck } from '../../core/connectionCheck';
import { isKantegaError, describeError } from '../../core/errors';
import type { InstanceConfig } from '../../core/instanceConfig';
import type { ApiToken, PingResult, Snapshot, TokenApiVersion } from '../../core/model';
import { CredentialMissingError, type InstanceRegistry } from '../instances';

export type InstanceStatus =
  | { readonly kind: 'checking' }
  | { readonly kind: 'credentialMissing' }
  | { readonly kind: 'online'; readonly ping: PingResult; readonly tokenApiVersion?: TokenApiVersion }
  | { readonly kind: 'unreachable'; readonly message: string }
  | { readonly kind: 'credentialRejected'; readonly message: string }
  | { readonly kind: 'error'; readonly message: string };

/** A list as loaded: the value, or why not (`forbidden` when the user lacks the rights, which is not a fault). */
export type Loaded<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly message: string; readonly forbidden: boolean };

export interface InstanceContent {
  readonly snapshots: Loaded<Snapshot[]>;
  readonly myTokens: Loaded<ApiToken[]>;
  /** 'hidden' when the user is not a system administrator. */
  readonly allTokens: Loaded<ApiToken[]> | 'hidden';
}

interface Entry {
  generation: number;
  status?: Promise<InstanceStatus>;
  settledStatus?: InstanceStatus;
  /** My tokens fetched by the status check, reused when the instance is expanded. */
  myTokens?: Loaded<ApiToken[]>;
  content?: Promise<InstanceContent>;
  settledContent?: InstanceContent;
}

function failure(e: unknown): { ok: false; message: string; forbidden: boolean } {
  return { ok: false, message: describeError(e), forbidden: isKantegaError(e) && e.kind === 'forbidden' };
}

export class InstanceDataCache {
  private readonly entries = new Map<string, Entry>();
  private readonly statusEmitter = new vscode.EventEmitter<string>();
  /** Fires with an instance name when its status check finished. */
  readonly onDidLoadStatus = this.statusEmitter.event;

  constructor(private readonly registry: InstanceRegistry) {}

  private entry(name: string): Entry {
    const key = name.toLowerCase();
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { generation: 0 };
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
    const loaded = entry?.settledContent?.myTokens ?? entry?.myTokens;
    return loaded?.ok ? loaded.value : undefined;
  }

  hasStatus(instance: InstanceConfig): boolean {
    return this.entries.get(instance.name.toLowerCase())?.status !== undefined;
  }

  /** The instance's status, checking it once (ping, then the user's tokens to prove the credential). */
  status(instance: InstanceConfig): Promise<InstanceStatus> {
    const entry = this.entry(instance.name);
    if (!entry.status) {
      const generation = entry.generation;
      entry.status = this.checkStatus(instance, entry, generation)
        .catch((e: unknown): InstanceStatus => ({
          kind: 'error',
          message: describeError(e),
        }))
        .then((status) => {
          if (entry.generation === generation) {
            entry.settledStatus = status;
            this.statusEmitter.fire(instance.name);
          }
          return status;
        });
    }
    return entry.status;
  }

  private async checkStatus(instance: InstanceConfig, entry: Entry, generation: number): Promise<InstanceStatus> {
    if (!(await this.registry.hasCredential(instance.name))) return this.checkWithoutCredential(instance);
    let check: ConnectionCheck;
    try {
      check = await this.registry.run(instance, (client) => checkConnection(client));
    } catch (e) {
      if (e instanceof CredentialMissingError) return { kind: 'credentialMissing' };
      return { kind: 'unreachable', message: describeError(e) };
    }
    if (!check.ok) {
      const message = describeError(check.error);
      if (check.stage === 'reach') return { kind: 'unreachable', message };
      return isKantegaError(check.error) && check.error.kind === 'unauthorized'
        ? { kind: 'credentialRejected', message }
        : { kind: 'error', message };
    }
    if (entry.generation === generation) entry.myTokens = { ok: true, value: check.myTokens };
    return { kind: 'online', ping: check.ping, tokenApiVersion: this.registry.tokenApiVersion(instance) };
  }

  /** The ping needs no sign-in: it tells "set a credential" apart from "the server is not there". */
  private async checkWithoutCredential(instance: InstanceConfig): Promise<InstanceStatus> {
    const client = this.registry.createDetachedClient(instance);
    try {
      await client.ping();
      return { kind: 'credentialMissing' };
    } catch (e) {
      if (isKantegaError(e) && (e.kind === 'unauthorized' || e.kind === 'forbidden'))
        return { kind: 'credentialMissing' };
      return { kind: 'unreachable', message: describeError(e) };
    } finally {
      void client.close();
    }
  }

  /** Snapshots and tokens, loaded in parallel once per refresh. */
  content(instance: InstanceConfig): Promise<InstanceContent> {
    const entry = this.entry(instance.name);
    if (!entry.content) {
      const generation = entry.generation;
      entry.content = this.loadContent(instance, entry).then((content) => {
        if (entry.generation === generation) entry.settledContent = content;
        return content;
      });
    }
    return entry.content;
  }

  private async loadContent(instance: InstanceConfig, entry: Entry): Promise<InstanceContent> {
    const run = <T>(operation: (client: KantegaClient) => Promise<T>): Promise<T> =>
      this.registry.run(instance, operation);
    const [snapshots, myTokens, allTokens] = await Promise.all([
      run((client) => client.listSnapshots()).then((value): Loaded<Snapshot[]> => ({ ok: true, value }), failure),
      entry.myTokens ??
        run((client) => client.listMyTokens()).then((value): Loaded<ApiToken[]> => ({ ok: true, value }), failure),
      run((client) => client.listAllTokens()).then(
        (value): Loaded<ApiToken[]> => ({ ok: true, value }),
        (e: unknown): Loaded<ApiToken[]> | 'hidden' =>
          isKantegaError(e) && (e.kind === 'forbidden' || e.kind === 'unauthorized') ? 'hidden' : failure(e),
      ),
    ]);
    return { snapshots, myTokens, allTokens };
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
    }
  }

  dispose(): void {
    this.statusEmitter.dispose();
  }
}
