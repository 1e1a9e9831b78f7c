// Compare Managed Groups… and Compare Instances…: two read-only virtual documents side by side in
// VS Code's own diff editor (as in vscode-extension-samples' virtual-document-sample). The documents
// are made on demand from the shared cache, never written anywhere, and hold no secret. Their URIs
// carry only what names them (kind, instance name, IdP id, encoded as a query): the instance is
// looked up again in the settings each time a document is made, and the documents are made again
// when what the cache knows of their instance is forgotten (a refresh, a change, new settings).
import * as vscode from 'vscode';
import { idpNameKey, matchIdpName, sharedIdpNames } from '../../core/fleet/managedGroups';
import { instanceSummaryDocument, managedGroupsDocument } from '../../core/fleet/instanceSummary';
import type { InstanceConfig } from '../../core/instanceConfig';
import type { IdentityProvider } from '../../core/model';
import { displayText } from '../../core/text/displayText';
import { cancel } from '../cancellation';
import { instancePickItem, loadingPick, requireInstances } from '../input/pickers';
import { MultiStepInput, type InputStep } from '../input/multiStepInput';
import type { Services } from '../services';
import type { IdpLoaded } from '../state/instanceData';
import { factsOptions, inventorySource, loadInstanceFacts } from '../state/inventoryFacts';
import { environmentLabel, inertMessage, pickText, shownText, waitWithProgress } from '../ui';
import { registerCommand } from './registerCommand';
import { resolveInstance, targetRef } from './targets';

/** The URI scheme of the compare documents: only this provider answers it. */
const SCHEME = 'kantega-sso-compare';

/** What a compare document shows: an identity provider's managed groups, or an instance's summary. */
type CompareDocument =
  | { readonly kind: 'groups'; readonly instanceName: string; readonly idpId: string }
  | { readonly kind: 'summary'; readonly instanceName: string };

/** One side of Compare Managed Groups: an instance and its identity provider. */
interface GroupsSide {
  readonly instance: InstanceConfig;
  readonly idp: IdentityProvider;
}

export function registerCompareCommands(services: Services): vscode.Disposable[] {
  const documents = new CompareDocuments(services);
  return [
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, documents),
    documents,
    services.data.onDidInvalidate((name) => documents.refresh(name)),
    registerCommand(services, 'kantegaSso.compareManagedGroups', (arg) => compareManagedGroups(services, arg)),
    registerCommand(services, 'kantegaSso.compareInstances', (arg) => compareInstances(services, arg)),
  ];
}

/**
 * Part of a tab's file-like name: one line, shortened, without the characters a path gives a meaning
 * (the name only labels the tab; what the document shows comes from the query).
 */
function fileNamePart(text: string): string {
  return displayText(text, 60).replace(/[\\/:*?"<>|#%~]/g, '_') || '_';
}

function documentUri(document: CompareDocument, fileName: string): vscode.Uri {
  const query = new URLSearchParams(
    document.kind === 'groups'
      ? { kind: document.kind, instance: document.instanceName, idp: document.idpId }
      : { kind: document.kind, instance: document.instanceName },
  );
  return vscode.Uri.from({ scheme: SCHEME, path: `/${fileName}.txt`, query: query.toString() });
}

function groupsUri({ instance, idp }: GroupsSide): vscode.Uri {
  const fileName = `${fileNamePart(instance.name)} – ${fileNamePart(idp.name)}`;
  return documentUri({ kind: 'groups', instanceName: instance.name, idpId: idp.id }, fileName);
}

function summaryUri(instance: InstanceConfig): vscode.Uri {
  return documentUri({ kind: 'summary', instanceName: instance.name }, fileNamePart(instance.name));
}

/** The document a URI of ours names, or undefined for one we did not make. */
function parseDocument(uri: vscode.Uri): CompareDocument | undefined {
  const query = new URLSearchParams(uri.query);
  const instanceName = query.get('instance');
  if (!instanceName) return undefined;
  const kind = query.get('kind');
  const idpId = query.get('idp');
  if (kind === 'groups' && idpId) return { kind, instanceName, idpId };
  if (kind === 'summary') return { kind, instanceName };
  return undefined;
}

/** Why an identity provider's list or its groups could not be loaded, as the end of a sentence. */
function idpProblem(loaded: Exclude<IdpLoaded<unknown>, { ok: true }>): string {
  if (loaded.state === 'failed') return vscode.l10n.t('could not be loaded: {0}', shownText(loaded.message, 300));
  return loaded.state === 'forbidden'
    ? vscode.l10n.t('only a system administrator can see its identity providers')
    : vscode.l10n.t('its Kantega SSO version has no identity provider API');
}

/** Makes the compare documents from the shared cache, and makes them again when it forgets. */
class CompareDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly services: Services) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const document = parseDocument(uri);
    if (!document) return `${vscode.l10n.t('This is not a document Kantega SSO makes.')}\n`;
    const instance = this.services.instances.get(document.instanceName);
    if (!instance) {
      const name = shownText(document.instanceName);
      return `${vscode.l10n.t('No Kantega SSO instance named "{0}" is configured (any more).', name)}\n`;
    }
    if (document.kind === 'groups') {
      // An IdP removed since: its groups' address answers like an API that is not there, which would mislead.
      const idps = (await this.services.data.content(instance)).identityProviders;
      if (idps.ok && !idps.value.some((idp) => idp.id === document.idpId)) {
        return `${vscode.l10n.t('{0} has no such identity provider any more.', shownText(instance.name))}\n`;
      }
      const groups = await this.services.data.managedGroups(instance, document.idpId);
      if (groups.ok) return managedGroupsDocument(groups.value);
      return `${vscode.l10n.t('The managed groups of this identity provider are unknown: {0}.', idpProblem(groups))}\n`;
    }
    const options = factsOptions(this.services.settings);
    const facts = await loadInstanceFacts(inventorySource(this.services), instance, options);
    return instanceSummaryDocument(facts, options.now);
  }

  /**
   * Makes the open compare documents of one instance (its name; undefined: of all) again: VS Code
   * asks for their text anew. Only those open in a tab: a closed one is made when it is opened.
   */
  refresh(name: string | undefined): void {
    const key = name?.toLowerCase();
    for (const uri of openUris()) {
      const document = parseDocument(uri);
      if (document && (key === undefined || document.instanceName.toLowerCase() === key)) this.changed.fire(uri);
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** The URIs of ours open in a tab, each once. */
function openUris(): vscode.Uri[] {
  const uris = new Map<string, vscode.Uri>();
  for (const tab of vscode.window.tabGroups.all.flatMap((group) => group.tabs)) {
    const input = tab.input;
    const candidates =
      input instanceof vscode.TabInputTextDiff
        ? [input.original, input.modified]
        : input instanceof vscode.TabInputText
          ? [input.uri]
          : [];
    for (const uri of candidates) if (uri.scheme === SCHEME) uris.set(uri.toString(), uri);
  }
  return [...uris.values()];
}

/** A load shorter than this shows no notification: what the cache holds comes at once, and a toast would flash. */
const PROGRESS_DELAY_MS = 400;

/** Both instances, or says that comparing needs two and ends the command. */
async function requireTwoInstances(services: Services): Promise<InstanceConfig[]> {
  const instances = await requireInstances(services);
  if (instances.length >= 2) return instances;
  void vscode.window.showInformationMessage(
    vscode.l10n.t('Only one Kantega SSO instance is configured: add another to compare it with.'),
  );
  return cancel();
}

/** A step of the palette's flow: one instance, among `instances`. */
async function pickInstanceStep(
  input: MultiStepInput,
  instances: readonly InstanceConfig[],
  position: { readonly title: string; readonly step: number; readonly totalSteps: number },
  placeholder: string,
): Promise<InstanceConfig> {
  const picked = await input.showQuickPick({
    ...position,
    title: inertMessage(position.title),
    placeholder: inertMessage(placeholder),
    items: instances.map((instance) => instancePickItem(instance)),
  });
  return picked.instance;
}

/** The two instances a palette flow picks, once picked. */
interface PickedPair {
  first?: InstanceConfig;
  second?: InstanceConfig;
}

/**
 * Steps 1 and 2 of a palette flow: the first instance, then another to compare it with (Back
 * returns to the first); `next`, when given, is the step after them.
 */
function twoInstanceSteps(
  all: readonly InstanceConfig[],
  title: string,
  totalSteps: number,
  picked: PickedPair,
  next?: InputStep,
): InputStep {
  const pickSecond: InputStep = async (input) => {
    const one = picked.first ?? cancel();
    picked.second = await pickInstanceStep(
      input,
      all.filter((instance) => instance.name !== one.name),
      { title, step: 2, totalSteps },
      vscode.l10n.t('Instance to compare {0} with', one.name),
    );
    return next;
  };
  return async (input) => {
    picked.first = await pickInstanceStep(input, all, { title, step: 1, totalSteps }, vscode.l10n.t('First instance'));
    return pickSecond;
  };
}

/** Opens the diff editor on two of our documents. */
async function openDiff(left: vscode.Uri, right: vscode.Uri, title: string): Promise<void> {
  await vscode.commands.executeCommand('vscode.diff', left, right, displayText(title, 300), { preview: false });
}

// ---------------------------------------------------------------------------------------------
// Compare Instances…

/** From an instance row (that instance first) or the palette (both picked, in numbered steps): the two summaries. */
async function compareInstances(services: Services, arg: unknown): Promise<void> {
  const title = vscode.l10n.t('Compare Instances');
  const all = await requireTwoInstances(services);
  const others = (one: InstanceConfig) => all.filter((instance) => instance.name !== one.name);
  const placeholder = (one: InstanceConfig) => vscode.l10n.t('Instance to compare {0} with', one.name);
  let left: InstanceConfig;
  let right: InstanceConfig;
  if (targetRef(arg).instanceName !== undefined) {
    left = await resolveInstance(services, arg, '');
    const picked = await vscode.window.showQuickPick(
      others(left).map((instance) => instancePickItem(instance)),
      { title: inertMessage(title), placeHolder: inertMessage(placeholder(left)), matchOnDescription: true },
    );
    right = picked?.instance ?? cancel();
  } else {
    const picked: PickedPair = {};
    await MultiStepInput.run(twoInstanceSteps(all, title, 2, picked));
    [left, right] = picked.first && picked.second ? [picked.first, picked.second] : cancel();
  }

  const options = factsOptions(services.settings);
  const source = inventorySource(services);
  await waitWithProgress(
    vscode.l10n.t('Loading {0} and {1}…', left.name, right.name),
    Promise.all([loadInstanceFacts(source, left, options), loadInstanceFacts(source, right, options)]),
    PROGRESS_DELAY_MS,
  );
  await openDiff(
    summaryUri(left),
    summaryUri(right),
    vscode.l10n.t('Kantega SSO instances: {0} ↔ {1}', shownText(left.name), shownText(right.name)),
  );
}

// ---------------------------------------------------------------------------------------------
// Compare Managed Groups…

/** The identity providers of an instance, through the cache (what the tree loaded is not asked again). */
async function identityProvidersOf(
  services: Services,
  instance: InstanceConfig,
): Promise<IdpLoaded<IdentityProvider[]>> {
  return (await services.data.content(instance)).identityProviders;
}

/** Says why an instance cannot take part, and ends the command. */
function cannotCompare(message: string): never {
  void vscode.window.showInformationMessage(inertMessage(message));
  return cancel();
}

/** Which of several identity providers of one name on `instance` (Kantega SSO does not keep names unique). */
async function pickAmongNamesakes(
  instance: InstanceConfig,
  candidates: readonly IdentityProvider[],
  title: string,
): Promise<IdentityProvider> {
  const picked = await vscode.window.showQuickPick(
    candidates.map((idp) => ({
      label: pickText(idp.name),
      description: vscode.l10n.t('id {0}', pickText(idp.id)),
      idp,
    })),
    {
      title: inertMessage(title),
      placeHolder: inertMessage(
        vscode.l10n.t('{0} has several identity providers of this name: which one?', instance.name),
      ),
    },
  );
  return picked?.idp ?? cancel();
}

/** From an IdP row (that instance and IdP first) or the palette (two instances, then the IdP by name). */
async function compareManagedGroups(services: Services, arg: unknown): Promise<void> {
  const title = vscode.l10n.t('Compare Managed Groups');
  const all = await requireTwoInstances(services);
  const ref = targetRef(arg);
  const [left, right] =
    ref.instanceName !== undefined && ref.idpId !== undefined
      ? await fromIdentityProvider(services, all, arg, ref.idpId, title)
      : await fromPalette(services, all, title);

  const [leftGroups, rightGroups] = await waitWithProgress(
    vscode.l10n.t(
      'Loading the managed groups of {0} on {1} and {2}…',
      left.idp.name,
      left.instance.name,
      right.instance.name,
    ),
    Promise.all([
      services.data.managedGroups(left.instance, left.idp.id),
      services.data.managedGroups(right.instance, right.idp.id),
    ]),
    PROGRESS_DELAY_MS,
  );
  for (const [side, groups] of [
    [left, leftGroups],
    [right, rightGroups],
  ] as const) {
    if (!groups.ok) {
      cannotCompare(
        vscode.l10n.t(
          'The managed groups of "{0}" on {1} cannot be compared: {2}.',
          shownText(side.idp.name),
          side.instance.name,
          idpProblem(groups),
        ),
      );
    }
  }
  await openDiff(
    groupsUri(left),
    groupsUri(right),
    vscode.l10n.t(
      'Managed groups of {0}: {1} ↔ {2}',
      shownText(left.idp.name),
      shownText(left.instance.name),
      shownText(right.instance.name),
    ),
  );
}

/**
 * The IdP row's instance and IdP, then the instance to compare with: those that trust an IdP of the
 * same name first; below them the others, each with the reason it cannot be compared (choosing one
 * says so).
 */
async function fromIdentityProvider(
  services: Services,
  all: readonly InstanceConfig[],
  arg: unknown,
  idpId: string,
  title: string,
): Promise<[GroupsSide, GroupsSide]> {
  const instance = await resolveInstance(services, arg, '');
  const idp = await services.data.lookupIdentityProvider(instance, idpId);
  if (!idp) {
    throw new Error(
      vscode.l10n.t(
        '{0} has no identity provider with the id "{1}" (any more): refresh to see its identity providers.',
        instance.name,
        idpId,
      ),
    );
  }
  const name = shownText(idp.name);
  const key = idpNameKey(idp.name);
  const others = all.filter((other) => other.name !== instance.name);
  type SideItem = vscode.QuickPickItem & { readonly side?: GroupsSide; readonly problem?: string };
  const picked = await loadingPick<SideItem>(
    inertMessage(vscode.l10n.t('{0}: Managed Groups of {1} on {2}', title, name, instance.name)),
    inertMessage(vscode.l10n.t('Instance to compare the managed groups of "{0}" with', name)),
    async () => {
      const lists = await Promise.all(others.map((other) => identityProvidersOf(services, other)));
      const comparable: SideItem[] = [];
      const notComparable: SideItem[] = [];
      others.forEach((other, index) => {
        const list = lists[index];
        const where = environmentLabel(other);
        const blocked = (reason: string, problem: string) =>
          notComparable.push({
            label: `$(circle-slash) ${pickText(other.name)}`,
            description: [reason, where].filter(Boolean).join(' · '),
            problem,
          });
        if (!list.ok) {
          const reason = idpProblem(list);
          blocked(pickText(reason), vscode.l10n.t('{0} cannot be compared: {1}.', other.name, reason));
          return;
        }
        const match = matchIdpName(list.value, key);
        if (match.kind === 'missing') {
          blocked(
            vscode.l10n.t('no identity provider named "{0}"', pickText(idp.name)),
            vscode.l10n.t('{0} trusts no identity provider named "{1}".', other.name, name),
          );
          return;
        }
        const namesakes = match.kind === 'matched' ? [match.idp] : match.candidates;
        for (const found of namesakes) {
          comparable.push({
            label: pickText(other.name),
            description: [
              namesakes.length > 1
                ? vscode.l10n.t('identity provider "{0}", id {1}', pickText(found.name), pickText(found.id))
                : vscode.l10n.t('identity provider "{0}"', pickText(found.name)),
              where,
            ]
              .filter(Boolean)
              .join(' · '),
            side: { instance: other, idp: found },
          });
        }
      });
      if (!notComparable.length) return comparable;
      if (!comparable.length) {
        const reasons = notComparable.map((item) => item.problem ?? '').join(' ');
        return cannotCompare(vscode.l10n.t('No other instance can be compared with "{0}". {1}', name, reasons));
      }
      return [
        ...comparable,
        { label: vscode.l10n.t('Cannot be compared'), kind: vscode.QuickPickItemKind.Separator },
        ...notComparable,
      ];
    },
    vscode.l10n.t('No other instance to compare with.'),
  );
  if (picked.problem) cannotCompare(picked.problem);
  return picked.side ? [{ instance, idp }, picked.side] : cancel();
}

/**
 * Two instances (numbered steps), then the identity provider by name among those both trust
 * (skipped when they share one name only); where one instance has several of that name, which one.
 */
async function fromPalette(
  services: Services,
  all: readonly InstanceConfig[],
  title: string,
): Promise<[GroupsSide, GroupsSide]> {
  const picked: PickedPair = {};
  let chosen: { key: string; lists: [IdentityProvider[], IdentityProvider[]] } | undefined;
  const totalSteps = 3;
  const pickName: InputStep = async (input) => {
    const [one, two] = picked.first && picked.second ? [picked.first, picked.second] : cancel();
    const lists = await waitWithProgress(
      vscode.l10n.t('Loading the identity providers of {0} and {1}…', one.name, two.name),
      Promise.all([identityProvidersOf(services, one), identityProvidersOf(services, two)]),
      PROGRESS_DELAY_MS,
    );
    const loaded = lists.map((list, index) => {
      if (list.ok) return list.value;
      const instance = index ? two : one;
      return cannotCompare(vscode.l10n.t('{0} cannot be compared: {1}.', instance.name, idpProblem(list)));
    });
    const shared = sharedIdpNames(loaded);
    if (!shared.length) {
      const names = (idps: readonly IdentityProvider[]) =>
        idps.length ? idps.map((idp) => `"${shownText(idp.name)}"`).join(', ') : vscode.l10n.t('none');
      return cannotCompare(
        vscode.l10n.t(
          '{0} and {1} trust no identity provider of the same name ({0}: {2}; {1}: {3}).',
          one.name,
          two.name,
          names(loaded[0]),
          names(loaded[1]),
        ),
      );
    }
    const bothLists: [IdentityProvider[], IdentityProvider[]] = [loaded[0], loaded[1]];
    if (shared.length === 1) {
      chosen = { key: shared[0].key, lists: bothLists };
      return;
    }
    const idpName = await input.showQuickPick({
      title: inertMessage(title),
      step: 3,
      totalSteps,
      placeholder: inertMessage(vscode.l10n.t('Identity provider that {0} and {1} both trust', one.name, two.name)),
      items: shared.map((name) => ({ label: pickText(name.name), key: name.key })),
    });
    chosen = { key: idpName.key, lists: bothLists };
  };
  await MultiStepInput.run(twoInstanceSteps(all, title, totalSteps, picked, pickName));
  const [one, two] = picked.first && picked.second ? [picked.first, picked.second] : cancel();
  const { key, lists } = chosen ?? cancel();
  const sides: GroupsSide[] = [];
  for (const [instance, idps] of [
    [one, lists[0]],
    [two, lists[1]],
  ] as const) {
    const match = matchIdpName(idps, key);
    if (match.kind === 'matched') sides.push({ instance, idp: match.idp });
    else sides.push({ instance, idp: await pickAmongNamesakes(instance, match.candidates, title) });
  }
  return [sides[0], sides[1]];
}
