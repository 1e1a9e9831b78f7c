// Secrets (passwords, API tokens, personal access tokens) live only in SecretStorage, each bound to
// the server, user and kind of sign-in it was given for (see state/credentialGuard.ts).
import * as vscode from 'vscode';
import type { InstanceConfig } from '../../core/instanceConfig';
import { bindingKey, bindingOf, CredentialGuard, type CredentialAccess, type KeptSecret } from './credentialGuard';
import type { CredentialRejection } from './rejectedCredentials';

/** Thrown when an instance has no stored secret yet: the UI offers Set Credential. */
export class CredentialMissingError extends Error {
  override readonly name = 'CredentialMissingError';
  constructor(readonly instanceName: string) {
    super(vscode.l10n.t('No credential is stored for "{0}". Run "Kantega SSO: Set Credential…".', instanceName));
  }
}

/**
 * The stored secret may not be sent yet: the entry now points at another server, user or kind of
 * sign-in, or at plain http. The UI offers "Allow Sending the Credential…", which names the host.
 */
export class CredentialNeedsConsentError extends Error {
  override readonly name = 'CredentialNeedsConsentError';
  constructor(
    readonly instance: InstanceConfig,
    readonly reason: 'moved' | 'insecure',
  ) {
    super(
      reason === 'moved'
        ? vscode.l10n.t(
            'The address, user or kind of sign-in of "{0}" changed: its credential goes to {1} only once you allow it.',
            instance.name,
            instance.baseUrl,
          )
        : vscode.l10n.t(
            '{0} uses plain http: the credential is not sent unencrypted until you allow it.',
            instance.baseUrl,
          ),
    );
  }
}

/**
 * The server refused this credential (wrong password, refused token, CAPTCHA) and nobody set it anew
 * since: it is not sent again by itself. Set Credential, Test Connection or a Refresh of this
 * instance sends it once more.
 */
export class CredentialRejectedError extends Error {
  override readonly name = 'CredentialRejectedError';
  constructor(
    readonly instance: InstanceConfig,
    readonly rejection: CredentialRejection,
  ) {
    super(
      rejection.reason === 'captcha'
        ? vscode.l10n.t(
            '{0} asks for a CAPTCHA after failed sign-ins: sign in once in the browser, then Set Credential.',
            instance.name,
          )
        : vscode.l10n.t(
            '{0} rejected the credential, so it is not sent again by itself: {1} Set Credential, or Refresh to retry.',
            instance.name,
            rejection.message,
          ),
    );
  }
}

export class CredentialStore implements vscode.Disposable {
  private readonly guard: CredentialGuard;
  private readonly changeEmitter = new vscode.EventEmitter<string>();
  /** Fires with the secret's key when one was stored or deleted (also from another window). */
  readonly onDidChange = this.changeEmitter.event;
  private readonly subscription: vscode.Disposable;

  constructor(secrets: vscode.SecretStorage, state: vscode.Memento) {
    this.guard = new CredentialGuard(secrets, state);
    this.subscription = secrets.onDidChange((event) => {
      if (event.key.startsWith('kantegaSso.')) this.changeEmitter.fire(event.key);
    });
  }

  /** The secret to send for this instance; throws when there is none or it may not be sent yet. */
  async secretFor(instance: InstanceConfig): Promise<string> {
    const access = await this.guard.access(instance);
    switch (access.kind) {
      case 'ready':
        return access.secret;
      case 'missing':
        throw new CredentialMissingError(instance.name);
      default:
        throw new CredentialNeedsConsentError(instance, access.kind);
    }
  }

  /** The key the instance's secret is stored under (what onDidChange names). */
  keyOf(instance: InstanceConfig): string {
    return bindingKey(bindingOf(instance));
  }

  /** The secret stored under a key, whatever may be sent: to tell a real change from an echo of our own store. */
  storedAt(key: string): Promise<string | undefined> {
    return this.guard.storedAt(key);
  }

  /** What the person would be asked to allow, if anything. */
  pendingConsent(instance: InstanceConfig): Promise<CredentialAccess> {
    return this.guard.access(instance);
  }

  store(instance: InstanceConfig, secret: string): Promise<void> {
    return this.guard.store(instance, secret);
  }

  currentOrPrevious(instance: InstanceConfig): Promise<string | undefined> {
    return this.guard.currentOrPrevious(instance);
  }

  keptSecret(instance: InstanceConfig): Promise<KeptSecret | undefined> {
    return this.guard.keptSecret(instance);
  }

  allow(instance: InstanceConfig): Promise<void> {
    return this.guard.allow(instance);
  }

  forget(instance: InstanceConfig, remaining: readonly InstanceConfig[]): Promise<void> {
    return this.guard.forget(instance, remaining);
  }

  prune(instances: readonly InstanceConfig[]): Promise<void> {
    return this.guard.prune(instances);
  }

  migrateLegacy(instances: readonly InstanceConfig[]): Promise<void> {
    return this.guard.migrateLegacy(instances);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changeEmitter.dispose();
  }
}
