import * as vscode from 'vscode';
import { describeClockSkew, isClockSkewRisky } from '../../core/api/clockSkew';
import { countExpiryAttention } from '../../core/api/tokenList';
import { isProduction, type InstanceConfig } from '../../core/instanceConfig';
import { AllTokensGroupNode, MyTokensGroupNode, SnapshotsGroupNode } from './groupNodes';
import { IdentityProvidersGroupNode } from './identityProviderNodes';
import type { InstanceStatus } from '../state/instanceData';
import { environmentLabel } from '../ui';
import { instanceNodeId } from './treeIds';
import { MessageNode } from './messageNode';
import type { TreeContext, TreeNode } from './treeNode';

const AUTH_LABELS = {
  password: () => vscode.l10n.t('password'),
  apiToken: () => vscode.l10n.t('Kantega API token'),
  pat: () => vscode.l10n.t('personal access token'),
} as const;

function statusText(status: InstanceStatus | undefined): string {
  switch (status?.kind) {
    case undefined:
    case 'checking':
      return vscode.l10n.t('checking…');
    case 'online':
      return vscode.l10n.t('online');
    case 'unreachable':
      return vscode.l10n.t('unreachable');
    case 'credentialMissing':
      return vscode.l10n.t('credential missing');
    case 'credentialRejected':
      // Said on the row: nothing sends it again until the person does (Atlassian's CAPTCHA counts each try).
      return status.captcha
        ? vscode.l10n.t('CAPTCHA required: not retried')
        : vscode.l10n.t('credential rejected: not retried');
    case 'needsConsent':
      return vscode.l10n.t('waiting for your permission');
    case 'error':
      return status.summary === 'ssoGateway' ? vscode.l10n.t('blocked by an SSO gateway') : vscode.l10n.t('error');
  }
}

function statusIcon(status: InstanceStatus | undefined): vscode.ThemeIcon {
  switch (status?.kind) {
    case undefined:
    case 'checking':
      return new vscode.ThemeIcon('loading~spin');
    case 'online':
      return new vscode.ThemeIcon('vm-active', new vscode.ThemeColor('charts.green'));
    case 'unreachable':
      return new vscode.ThemeIcon('debug-disconnect', new vscode.ThemeColor('charts.red'));
    case 'credentialMissing':
      return new vscode.ThemeIcon('key', new vscode.ThemeColor('charts.yellow'));
    case 'credentialRejected':
      return new vscode.ThemeIcon('lock', new vscode.ThemeColor('charts.red'));
    case 'needsConsent':
      return new vscode.ThemeIcon('shield', new vscode.ThemeColor('charts.yellow'));
    case 'error':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('charts.red'));
  }
}

/** One configured instance. Its icon and description tell its status; production stands out. */
export class InstanceNode implements TreeNode {
  constructor(
    private readonly context: TreeContext,
    readonly instance: InstanceConfig,
  ) {}

  get isProduction(): boolean {
    return isProduction(this.instance);
  }

  getTreeItem(): vscode.TreeItem {
    const status = this.context.data.peekStatus(this.instance);
    const name = this.instance.name;
    const item = new vscode.TreeItem(
      this.isProduction ? { label: name, highlights: [[0, name.length]] } : name,
      vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.id = instanceNodeId(name);
    const environment = environmentLabel(this.instance);
    const unverified = this.tlsUnverified() ? vscode.l10n.t('TLS not verified') : undefined;
    item.description = [
      environment,
      unverified,
      statusText(status),
      status?.kind === 'online' ? this.tokenAttention() : undefined,
    ]
      .filter(Boolean)
      .join(' · ');
    item.iconPath = statusIcon(status);
    const captcha = status?.kind === 'credentialRejected' && status.captcha ? '.captcha' : '';
    item.contextValue = `instance.${this.instance.environment ?? 'unlabelled'}.${status?.kind ?? 'checking'}${captcha}`;
    return item;
  }

  /** https without checking the certificate (http.proxyStrictSSL off): anyone in between could listen. */
  private tlsUnverified(): boolean {
    return this.instance.baseUrl.startsWith('https:') && !this.context.settings.verifiesTls();
  }

  /** "1 token expired, 2 expiring soon" for the user's own tokens, so that it shows while collapsed. */
  private tokenAttention(): string | undefined {
    const tokens = this.context.data.peekMyTokens(this.instance);
    if (!tokens) return undefined;
    const { expired, soon } = countExpiryAttention(tokens, Date.now(), this.context.settings.expiryWarningDays());
    const expiredText = expired === 1 ? vscode.l10n.t('1 token expired') : vscode.l10n.t('{0} tokens expired', expired);
    if (expired && soon) return vscode.l10n.t('{0}, {1} expiring soon', expiredText, soon);
    if (expired) return expiredText;
    if (soon)
      return soon === 1 ? vscode.l10n.t('1 token expiring soon') : vscode.l10n.t('{0} tokens expiring soon', soon);
    return undefined;
  }

  tooltip(): vscode.MarkdownString {
    const instance = this.instance;
    const status = this.context.data.peekStatus(instance);
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown('**').appendText(instance.name).appendMarkdown('**');
    if (instance.environment)
      md.appendMarkdown(this.isProduction ? ' — $(warning) **PRODUCTION**' : ` — ${instance.environment}`);
    md.appendMarkdown('\n\n');
    const row = (label: string, value: string) =>
      md.appendMarkdown(`${label}: `).appendText(value).appendMarkdown('  \n');
    row(vscode.l10n.t('Status'), statusText(status));
    if (status && 'message' in status) row(vscode.l10n.t('Problem'), status.message);
    row(vscode.l10n.t('Base URL'), instance.baseUrl);
    if (this.tlsUnverified()) {
      const warning = vscode.l10n.t(
        'The certificate is not checked (http.proxyStrictSSL is off): add its CA to kantegaSso.caCertificates.',
      );
      md.appendMarkdown('$(warning) ').appendText(warning).appendMarkdown('  \n');
    }
    row(
      vscode.l10n.t('User'),
      `${instance.username || vscode.l10n.t('(from the token)')} (${AUTH_LABELS[instance.auth]()})`,
    );
    const version = this.context.registry.tokenApiVersion(instance);
    row(vscode.l10n.t('Token API'), version ?? vscode.l10n.t('not detected yet'));
    const snapshots = this.context.data.peekContent(instance)?.snapshots;
    const pluginVersion = snapshots?.ok ? snapshots.value.find((s) => s.pluginVersion)?.pluginVersion : undefined;
    row(
      vscode.l10n.t('Kantega SSO version'),
      pluginVersion
        ? vscode.l10n.t('{0} (from the newest snapshot)', pluginVersion)
        : vscode.l10n.t('unknown until snapshots are listed'),
    );
    if (status?.kind === 'online') {
      const skew = status.ping.clockSkewMs;
      const warning = isClockSkewRisky(skew) ? ' $(warning) ' + vscode.l10n.t('SAML sign-ins may fail') : '';
      const zone = status.ping.serverZone;
      md.appendMarkdown(`${vscode.l10n.t('Server clock')}: `)
        .appendText(zone ? vscode.l10n.t('{0}, time zone {1}', describeClockSkew(skew), zone) : describeClockSkew(skew))
        .appendMarkdown(`${warning}  \n`);
    }
    return md;
  }

  async getChildren(): Promise<TreeNode[]> {
    const status = await this.context.data.status(this.instance);
    const id = instanceNodeId(this.instance.name);
    switch (status.kind) {
      case 'checking':
        return [];
      case 'credentialMissing':
        return [this.setCredentialNode(id, vscode.l10n.t('No credential stored'))];
      case 'credentialRejected':
        return [
          MessageNode.error(`${id}/error`, this.instance, status.message, this),
          ...(status.captcha ? [this.openLoginPageNode(id)] : []),
          this.setCredentialNode(id, vscode.l10n.t('Fix the credential')),
        ];
      case 'needsConsent':
        return [
          new MessageNode(`${id}/needsConsent`, this.instance, status.message, {
            icon: new vscode.ThemeIcon('shield', new vscode.ThemeColor('charts.yellow')),
            command: {
              command: 'kantegaSso.allowCredential',
              title: vscode.l10n.t('Allow…'),
              arguments: [this.instance.name],
            },
          }),
        ];
      case 'unreachable':
      case 'error':
        return [MessageNode.error(`${id}/error`, this.instance, status.message, this)];
      case 'online': {
        const content = await this.context.data.content(this.instance);
        const groups: TreeNode[] = [
          new SnapshotsGroupNode(this.context, this.instance, content.snapshots, this),
          new MyTokensGroupNode(this.context, this.instance, content.myTokens, this),
        ];
        if (content.allTokens !== 'hidden')
          groups.push(new AllTokensGroupNode(this.context, this.instance, content.allTokens, this));
        groups.push(new IdentityProvidersGroupNode(this.context, this.instance, content.identityProviders, this));
        return groups;
      }
    }
  }

  private openLoginPageNode(id: string): MessageNode {
    return new MessageNode(`${id}/openLoginPage`, this.instance, vscode.l10n.t('Sign in once in the browser'), {
      icon: new vscode.ThemeIcon('globe'),
      command: {
        command: 'kantegaSso.openLoginPage',
        title: vscode.l10n.t('Open Login Page'),
        arguments: [this.instance.name],
      },
    });
  }

  private setCredentialNode(id: string, message: string): MessageNode {
    return new MessageNode(`${id}/setCredential`, this.instance, message, {
      icon: new vscode.ThemeIcon('key', new vscode.ThemeColor('charts.yellow')),
      command: { command: 'kantegaSso.setCredential', title: vscode.l10n.t('Set Credential'), arguments: [this] },
    });
  }
}
