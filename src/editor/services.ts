// The long-lived pieces every command and the tree share, built once on activation (no network here).
import * as vscode from 'vscode';
import { CredentialStore } from './state/credentialStore';
import { InstanceRegistry } from './state/instanceRegistry';
import { Settings } from './settings';
import { InstanceDataCache } from './state/instanceData';
import { InstancesTreeProvider } from './tree/instancesTreeProvider';

export interface Services {
  readonly extensionUri: vscode.Uri;
  readonly log: vscode.LogOutputChannel;
  readonly settings: Settings;
  readonly credentials: CredentialStore;
  readonly instances: InstanceRegistry;
  /** Status, snapshots, tokens, IdPs and managed groups as last loaded, shared by the tree and commands' look-ups. */
  readonly data: InstanceDataCache;
  readonly tree: InstancesTreeProvider;
}

export function createServices(context: vscode.ExtensionContext): Services {
  const log = vscode.window.createOutputChannel('Kantega SSO', { log: true });
  const settings = new Settings(log);
  const credentials = new CredentialStore(context.secrets, context.globalState);
  const instances = new InstanceRegistry(settings, credentials, context.globalState, log);
  const data = new InstanceDataCache(instances);
  const tree = new InstancesTreeProvider(instances, settings, data);
  context.subscriptions.push(log, settings, credentials, instances, data, tree);
  return { extensionUri: context.extensionUri, log, settings, credentials, instances, data, tree };
}
