// Commands of the Instances view itself: refresh, the next page of a long list, the log.
import type * as vscode from 'vscode';
import type { Services } from '../services';
import { registerCommand } from './registerCommand';
import { targetRef } from './targets';

export function registerViewCommands(services: Services): vscode.Disposable[] {
  return [
    registerCommand(services, 'kantegaSso.refresh', async (arg) => {
      const { instanceName } = targetRef(arg);
      const instance = instanceName !== undefined ? services.instances.get(instanceName) : undefined;
      // The person asked for this instance: a credential the server refused may be tried once more.
      // Refreshing everything does not: each refused sign-in counts towards the server's CAPTCHA.
      if (instance) await services.instances.allowRetry(instance);
      services.tree.refresh(instance?.name);
    }),
    // From a tree row only: [instance name, id of the list node whose next page to show].
    registerCommand(services, 'kantegaSso.showMore', (instanceName, listNodeId) => {
      if (typeof instanceName === 'string' && typeof listNodeId === 'string') {
        services.tree.showMore(instanceName, listNodeId);
      }
    }),
    registerCommand(services, 'kantegaSso.showLog', () => services.log.show()),
  ];
}
