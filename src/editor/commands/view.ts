// Commands of the Instances view itself: refresh, the next page of a long list, the log.
import type * as vscode from 'vscode';
import type { Services } from '../services';
import { registerCommand } from './registerCommand';
import { targetRef } from './targets';

export function registerViewCommands(services: Services): vscode.Disposable[] {
  return [
    registerCommand(services, 'kantegaSso.refresh', (arg) => {
      const { instanceName } = targetRef(arg);
      services.tree.refresh(instanceName && services.instances.get(instanceName)?.name);
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
