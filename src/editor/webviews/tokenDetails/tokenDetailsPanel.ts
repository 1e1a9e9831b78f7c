// The token details webview: one panel per (instance, token), reused when opened again. A fresh
// token's secret lives only in this panel object while the panel is open and is dropped on dispose.
import * as vscode from 'vscode';
import { createPagePanel, pageResources, type PageFiles } from '../webviewPanel';
import { describeError, isKantegaError } from '../../../core/errors';
import { displayText } from '../../../core/text/displayText';
import { isCancellation } from '../../cancellation';
import type { Settings } from '../../settings';
import { isActionMessage, type ActionMessage, type StatusMessage } from '../../../webview/tokenDetailsMessages';
import { describeExpiry } from '../../../core/text/format';
import { withExpiry } from '../../../core/api/tokenRenewal';
import type { ApiToken, TokenApiVersion, TokenExpiry } from '../../../core/model';
import { actionsOffered, renderTokenDetailsHtml, type TokenDetailsViewModel } from './tokenDetailsHtml';

export interface TokenDetailsTarget {
  instanceName: string;
  environment?: string;
  tokenApiVersion?: TokenApiVersion;
  token: ApiToken;
  isOwn: boolean;
}

/** What the page's buttons do; each throws a cancellation error when the person backs out. */
export interface TokenDetailsActions {
  /** Renews the token and returns it as listed afterwards. */
  renew(target: TokenDetailsTarget): Promise<ApiToken>;
  /** Deletes the token after the person confirmed. */
  delete(target: TokenDetailsTarget): Promise<void>;
  checkExpiry(target: TokenDetailsTarget): Promise<TokenExpiry>;
  useAsCredential(target: TokenDetailsTarget, secret: string): Promise<void>;
  /** Whether the server still lists the token (asked afresh, not from the last loaded list). */
  stillListed(target: TokenDetailsTarget): Promise<boolean>;
}

const VIEW_TYPE = 'kantegaSso.tokenDetails';

function panelKey(instanceName: string, token: ApiToken): string {
  // Tokens without an id cannot be addressed by the server either; their name and owner tell them apart.
  const tokenPart = token.id !== undefined ? `id:${token.id}` : `name:${token.username ?? ''}\u0000${token.name}`;
  return `${instanceName}\u0000${tokenPart}`;
}

export class TokenDetailsPanel {
  private static readonly open = new Map<string, TokenDetailsPanel>();

  private secret: string | undefined;
  private deleted = false;
  private busy = false;
  private status: { text: string; isError: boolean } | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  /** Opens the details of a token, or reveals and refreshes its panel if one is open already. */
  static show(
    extensionUri: vscode.Uri,
    settings: Settings,
    target: TokenDetailsTarget,
    actions: TokenDetailsActions,
    options?: { secret?: string },
  ): void {
    const key = panelKey(target.instanceName, target.token);
    const existing = TokenDetailsPanel.open.get(key);
    if (existing) {
      existing.target = target;
      existing.actions = actions;
      existing.deleted = false;
      existing.status = undefined;
      if (options?.secret !== undefined) existing.secret = options.secret;
      existing.render();
      existing.panel.reveal();
      return;
    }
    const { panel, files } = createPagePanel(
      VIEW_TYPE,
      vscode.l10n.t('Token: {0}', displayText(target.token.name)),
      extensionUri,
      'tokenDetails',
    );
    TokenDetailsPanel.open.set(
      key,
      new TokenDetailsPanel(key, panel, files, settings, target, actions, options?.secret),
    );
  }

  private constructor(
    private readonly key: string,
    private readonly panel: vscode.WebviewPanel,
    private readonly files: PageFiles,
    private readonly settings: Settings,
    private target: TokenDetailsTarget,
    private actions: TokenDetailsActions,
    secret: string | undefined,
  ) {
    this.secret = secret;
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      // Expiry colours follow kantegaSso.expiryWarningDays as the tree does.
      settings.onDidChange((change) => {
        if (change.display) this.render();
      }),
      panel.webview.onDidReceiveMessage((message: unknown) => {
        if (isActionMessage(message)) void this.handle(message);
      }),
    );
    this.render();
  }

  private render(): void {
    const webview = this.panel.webview;
    const model: TokenDetailsViewModel = {
      token: this.target.token,
      instanceName: this.target.instanceName,
      environment: this.target.environment,
      tokenApiVersion: this.target.tokenApiVersion,
      isOwn: this.target.isOwn,
      secret: this.secret,
      deleted: this.deleted,
      status: this.status,
      now: Date.now(),
      warningDays: this.settings.expiryWarningDays(),
    };
    this.panel.title = vscode.l10n.t('Token: {0}', displayText(this.target.token.name));
    webview.html = renderTokenDetailsHtml(model, pageResources(webview, this.files), vscode.l10n, vscode.env.language);
  }

  /** Shows a result in the page's live region without reloading it (keeps focus and selection). */
  private postStatus(text: string, isError = false): void {
    this.status = { text, isError };
    const message: StatusMessage = { type: 'status', text, isError };
    void this.panel.webview.postMessage(message);
  }

  private async handle(message: ActionMessage): Promise<void> {
    const offered = actionsOffered({ token: this.target.token, isOwn: this.target.isOwn, deleted: this.deleted });
    const target = this.target;
    try {
      switch (message.type) {
        case 'copyId':
          if (!offered.copyId || target.token.id === undefined) return this.postStatus('');
          await vscode.env.clipboard.writeText(String(target.token.id));
          return this.postStatus(vscode.l10n.t('Token ID copied.'));
        case 'copySecret':
          if (this.secret === undefined) return this.postStatus('');
          await vscode.env.clipboard.writeText(this.secret);
          return this.postStatus(vscode.l10n.t('Token copied to the clipboard.'));
        case 'useAsCredential': {
          const secret = this.secret;
          if (secret === undefined) return this.postStatus('');
          return await this.runExclusive(async () => {
            await this.actions.useAsCredential(target, secret);
            this.postStatus(vscode.l10n.t('Stored as the credential of {0}.', target.instanceName));
          });
        }
        case 'renew':
          if (!offered.renew) return this.postStatus('');
          return await this.runExclusive(async () => {
            const renewed = await this.actions.renew(target);
            this.target = { ...target, token: renewed };
            this.status = { text: vscode.l10n.t('Renewed: {0}', describeExpiry(renewed, Date.now())), isError: false };
            this.render();
          });
        case 'checkExpiry':
          if (!offered.checkExpiry) return this.postStatus('');
          return await this.runExclusive(async () => {
            const expiry = await this.actions.checkExpiry(target);
            this.target = { ...target, token: withExpiry(target.token, expiry) };
            this.status = { text: vscode.l10n.t('Checked: {0}', describeExpiry(expiry, Date.now())), isError: false };
            this.render();
          });
        case 'delete':
          if (!offered.delete) return this.postStatus('');
          return await this.runExclusive(async () => {
            try {
              await this.actions.delete(target);
            } catch (e) {
              // Cut off after the DELETE was sent: the token may be gone. Ask the server, and say so.
              if (!isKantegaError(e) || e.kind !== 'outcomeUnknown' || (await this.actions.stillListed(target)))
                throw e;
            }
            this.deleted = true;
            // A deleted token's secret is worthless; drop it now rather than when the panel closes.
            this.secret = undefined;
            this.status = { text: vscode.l10n.t('Deleted from {0}.', target.instanceName), isError: false };
            this.render();
          });
      }
    } catch (e) {
      // Backing out of a confirmation is no error: the page just becomes usable again.
      if (isCancellation(e)) this.postStatus('');
      else this.postStatus(describeError(e), true);
    }
  }

  /** Runs one server action at a time per panel. A click meanwhile is answered, so the page re-enables its buttons. */
  private async runExclusive(action: () => Promise<void>): Promise<void> {
    if (this.busy)
      return this.postStatus(vscode.l10n.t('Still working on the previous action. Try again when it has finished.'));
    this.busy = true;
    try {
      await action();
    } finally {
      this.busy = false;
    }
  }

  private dispose(): void {
    this.secret = undefined;
    if (TokenDetailsPanel.open.get(this.key) === this) TokenDetailsPanel.open.delete(this.key);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
