// Secrets (passwords, API tokens, personal access tokens) live only in SecretStorage, one per instance.
import * as vscode from 'vscode';

const KEY_PREFIX = 'kantegaSso.credential:';

export class CredentialStore implements vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<string>();
  /** Fires with the instance name whose secret was stored or deleted. */
  readonly onDidChange = this.changeEmitter.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((event) => {
      if (event.key.startsWith(KEY_PREFIX)) this.changeEmitter.fire(event.key.slice(KEY_PREFIX.length));
    });
  }

  /** Keys ignore case, like instance names. */
  private key(instanceName: string): string {
    return KEY_PREFIX + instanceName.toLowerCase();
  }

  get(instanceName: string): Thenable<string | undefined> {
    return this.secrets.get(this.key(instanceName));
  }

  store(instanceName: string, secret: string): Thenable<void> {
    return this.secrets.store(this.key(instanceName), secret);
  }

  delete(instanceName: string): Thenable<void> {
    return this.secrets.delete(this.key(instanceName));
  }

  dispose(): void {
    this.subscription.dispose();
    this.changeEmitter.dispose();
  }
}
