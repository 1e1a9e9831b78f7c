// Every configuration value the extension reads, in one place: our `kantegaSso.*` settings and the
// editor's own proxy and certificate settings, turned into the plain options the client takes.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseCaBundle } from '../core/transport';
import type { NetworkOptions } from '../core/model';
import { parseInstanceConfigs, type ParsedInstances } from '../core/instanceConfig';
import { inertMessage } from './ui';
import { sentences } from '../core/text/displayText';

const SECTION = 'kantegaSso';

export interface SettingsChange {
  /** The list of instances changed. */
  readonly instances: boolean;
  /** Something that changes how requests are made (proxy, TLS, timeout, CAs, the OS certificate store). */
  readonly network: boolean;
  /** Something that only changes how things look (expiry warning threshold, snapshot age limit). */
  readonly display: boolean;
  /** When to refresh or warn by itself (auto-refresh interval, expiry notifications). */
  readonly watch: boolean;
}

export class Settings implements vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<SettingsChange>();
  /** Fires after any setting we read changed, saying which kind. */
  readonly onDidChange = this.changeEmitter.event;
  private readonly subscription: vscode.Disposable;
  private cachedNetwork: NetworkOptions | undefined;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      const change: SettingsChange = {
        instances: event.affectsConfiguration(`${SECTION}.instances`),
        network: [
          'http.proxy',
          'http.proxyStrictSSL',
          'http.noProxy',
          'http.systemCertificates',
          `${SECTION}.requestTimeoutSeconds`,
          `${SECTION}.caCertificates`,
        ].some((key) => event.affectsConfiguration(key)),
        display: [`${SECTION}.expiryWarningDays`, `${SECTION}.snapshotMaxAgeDays`].some((key) =>
          event.affectsConfiguration(key),
        ),
        watch: [`${SECTION}.autoRefreshMinutes`, `${SECTION}.expiryNotifications`].some((key) =>
          event.affectsConfiguration(key),
        ),
      };
      if (change.network) this.cachedNetwork = undefined;
      if (change.instances || change.network || change.display || change.watch) this.changeEmitter.fire(change);
    });
  }

  private get config(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SECTION);
  }

  /** The configured instances. An application setting: a workspace cannot redirect a stored credential. */
  instances(): ParsedInstances {
    return parseInstanceConfigs(this.config.get<unknown>('instances'));
  }

  /** The user-settings value of `kantegaSso.instances`, as written (to edit it without losing hand-written keys). */
  rawUserInstances(): unknown {
    return this.config.inspect<unknown>('instances')?.globalValue;
  }

  async writeUserInstances(entries: unknown[]): Promise<void> {
    await this.config.update('instances', entries, vscode.ConfigurationTarget.Global);
  }

  expiryWarningDays(): number {
    const days = this.config.get<number>('expiryWarningDays', 14);
    return Number.isFinite(days) && days >= 0 ? days : 14;
  }

  /** Days after which the inventory marks an instance's newest snapshot as old. */
  snapshotMaxAgeDays(): number {
    const days = this.config.get<number>('snapshotMaxAgeDays', 30);
    return Number.isFinite(days) && days >= 1 ? Math.min(Math.floor(days), 3650) : 30;
  }

  /** Whether to notify when one of the user's own tokens enters the expiry warning window. */
  expiryNotifications(): boolean {
    return this.config.get<boolean>('expiryNotifications', true) !== false;
  }

  /** Minutes between refreshes while the view or the token report is visible; 0 = only when asked. */
  autoRefreshMinutes(): number {
    const minutes = this.config.get<number>('autoRefreshMinutes', 0);
    return Number.isFinite(minutes) && minutes > 0 ? Math.min(minutes, 1440) : 0;
  }

  copyNewTokenToClipboard(): boolean {
    return this.config.get<boolean>('copyNewTokenToClipboard', true);
  }

  safetySnapshotBeforeRestore(): boolean {
    return this.config.get<boolean>('safetySnapshotBeforeRestore', true);
  }

  /** Whether TLS certificates are checked (VS Code's http.proxyStrictSSL, for every instance alike). */
  verifiesTls(): boolean {
    return vscode.workspace.getConfiguration('http').get<boolean>('proxyStrictSSL', true) !== false;
  }

  /** Network options for every client; CA files are read once per settings change. */
  network(): NetworkOptions {
    this.cachedNetwork ??= this.readNetwork();
    return this.cachedNetwork;
  }

  private readNetwork(): NetworkOptions {
    const http = vscode.workspace.getConfiguration('http');
    const proxy = http.get<string>('proxy', '').trim();
    const noProxy = http.get<string[]>('noProxy', []).filter((host) => typeof host === 'string' && host.trim());
    const timeoutSeconds = this.config.get<number>('requestTimeoutSeconds', 30);
    return {
      timeoutMs: Number.isFinite(timeoutSeconds) && timeoutSeconds > 0 ? timeoutSeconds * 1000 : 30_000,
      proxyUrl: proxy || undefined,
      noProxy: noProxy.length ? noProxy : undefined,
      strictTls: this.verifiesTls(),
      caCertificates: this.readCaCertificates(),
      // VS Code trusts the OS store (where corporate CAs are installed) unless told not to: so do we.
      systemCertificates: http.get<boolean>('systemCertificates', true) !== false,
      onCertificateProblem: (problem) =>
        this.log.warn(
          sentences(
            vscode.l10n.t('Kantega SSO: some trusted certificate authorities could not be read: {0}.', problem),
            vscode.l10n.t("Requests trust those that were read, Node's built-in roots and kantegaSso.caCertificates."),
          ),
        ),
    };
  }

  private readCaCertificates(): string[] | undefined {
    const paths = this.config.get<unknown>('caCertificates', []);
    if (!Array.isArray(paths)) return undefined;
    const pems: string[] = [];
    for (const entry of paths) {
      if (typeof entry !== 'string' || !entry.trim()) continue;
      const file = expandHome(entry.trim());
      let reason: string;
      try {
        const bundle = parseCaBundle(fs.readFileSync(file, 'utf8'));
        if (bundle.ok) {
          pems.push(...bundle.pems);
          continue;
        }
        reason = bundle.problem;
      } catch (e) {
        reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (e as Error).message;
      }
      this.warnUnusedCa(file, reason);
    }
    return pems.length ? pems : undefined;
  }

  /** Said where the settings are read, naming the entry: else the TLS error would ask for this very CA. */
  private warnUnusedCa(file: string, reason: string): void {
    const message = vscode.l10n.t(
      'Kantega SSO: the CA certificate "{0}" from kantegaSso.caCertificates was not used: {1}.',
      file,
      reason,
    );
    this.log.warn(message);
    void vscode.window.showWarningMessage(inertMessage(message), vscode.l10n.t('Open Settings')).then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.caCertificates`);
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.changeEmitter.dispose();
  }
}

function expandHome(file: string): string {
  if (file === '~' || file.startsWith('~/')) return path.join(os.homedir(), file.slice(1));
  return file;
}
