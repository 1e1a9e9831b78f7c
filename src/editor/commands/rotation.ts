// Rotating API tokens. Rotate API Token…: one token of the signed-in user, replaced by a new one with
// its name, description and validity period; the secret shown once; where the old token was the
// instance's credential, the new one takes its place; the old one deleted last, after a confirmation.
// Rotate Sign-in Tokens…: the same for every instance whose sign-in token expires soon, in one flow
// with one confirmation. The order and its rules (nothing deleted before the new token signed in) are
// in core/api/tokenRotation.ts; this module asks, shows and words.
import * as vscode from 'vscode';
import {
  mayRetire,
  replaceToken,
  replacementRequest,
  retireToken,
  rotationVerdict,
  runStep,
  validityOf,
  type Replacement,
  type StepResult,
  type Validity,
} from '../../core/api/tokenRotation';
import { originOf } from '../../core/baseUrl';
import { describeError } from '../../core/errors';
import { isWorthRetrying, runOnePerKey, type KeyedOutcome } from '../../core/fleet/runOnePerKey';
import type { InstanceConfig } from '../../core/instanceConfig';
import type { ApiToken, CreateTokenRequest, CreatedToken } from '../../core/model';
import { describeExpiry, expiryUrgency } from '../../core/text/format';
import { rotationWords, tokenWords, validityWords } from '../../core/api/tokenRotationWords';
import { cancel } from '../cancellation';
import { askReplacementValidity } from '../input/createTokenWizard';
import type { Services } from '../services';
import { tokenNodeId } from '../tree/treeIds';
import { describeInstance, inertMessage, pickText, shownText, withCancellableProgress } from '../ui';
import { registerCommand } from './registerCommand';
import { resolveToken, type TokenTarget } from './targets';
import { requireId, showNewToken } from './tokens';

export function registerRotationCommands(services: Services): vscode.Disposable[] {
  return [
    registerCommand(services, 'kantegaSso.rotateToken', async (arg) => {
      const choice = { includeOthers: false, requireId: true };
      await rotateToken(services, await resolveToken(services, arg, vscode.l10n.t('API token to rotate'), choice));
    }),
    registerCommand(services, 'kantegaSso.rotateSignInTokens', () => rotateSignInTokens(services)),
  ];
}

/**
 * Whether the instance signs in with this token. `maybe` when it signs in with an API token and which
 * one is not known: the rotation then treats it as the sign-in token, so that the old one is never
 * deleted from under the instance.
 */
async function signsInWith(
  services: Services,
  instance: InstanceConfig,
  myTokens: readonly ApiToken[],
  token: ApiToken,
): Promise<'yes' | 'maybe' | 'no'> {
  if (instance.auth !== 'apiToken') return 'no';
  const known = await services.instances.settleSignInToken(instance, myTokens);
  if (!known) return 'maybe';
  return known.id === token.id ? 'yes' : 'no';
}

/**
 * The user the tokens belong to, whom the new token signs in as. A password or API-token entry signs
 * in as its user. A personal-access-token entry's user name plays no part in its sign-in (it may be
 * empty, or a display name), and the create answer's owner is that name filled in by the client: the
 * old token's owner as the server lists it comes first there.
 */
function ownerOf(instance: InstanceConfig, token: ApiToken, created?: CreatedToken): string {
  const owner =
    instance.auth !== 'pat'
      ? instance.username || token.username?.trim() || created?.username?.trim()
      : token.username?.trim() || created?.username?.trim() || instance.username;
  if (!owner) {
    throw new Error(
      vscode.l10n.t(
        'Whose token this is, is not known, so it cannot be checked: add the user name to {0} (Edit Instance).',
        instance.name,
      ),
    );
  }
  return owner;
}

/** The instance as configured now (a switch of credential rewrote it), or an error naming it. */
function current(services: Services, instance: InstanceConfig): InstanceConfig {
  const found = services.instances.get(instance.name);
  if (!found) throw new Error(vscode.l10n.t('The instance "{0}" is no longer configured.', instance.name));
  return found;
}

async function createReplacement(
  services: Services,
  instance: InstanceConfig,
  request: CreateTokenRequest & { readonly name: string },
  signal: AbortSignal,
): Promise<CreatedToken> {
  try {
    return await services.instances.run(instance, (client) => client.createToken(request, { signal }));
  } finally {
    services.tree.refresh(instance.name);
  }
}

/** Deletes a token of the signed-in user, as the instance is configured now (its credential may just have changed). */
function deleteOwnToken(
  services: Services,
  instance: InstanceConfig,
  id: number,
  signal?: AbortSignal,
): Promise<unknown> {
  const now = current(services, instance);
  return services.instances.run(now, (client) => client.deleteMyToken(id, { signal }));
}

/** Rotate API Token…: one token, each step shown, the old token deleted only after the confirmation. */
async function rotateToken(services: Services, target: TokenTarget): Promise<void> {
  const { instance, token } = target;
  const id = requireId(token);
  const nodeId = tokenNodeId(instance.name, 'myTokens', id);
  // One rotation per token: a second click is refused while this one runs, questions included.
  await services.tree.showBusy(instance.name, nodeId, vscode.l10n.t('rotating…'), async () => {
    const mine =
      services.data.peekMyTokens(instance) ?? (await services.data.loadTokens(instance, { includeOthers: false })).mine;
    const signIn = await signsInWith(services, instance, mine, token);
    const name = shownText(token.name);
    const validity = await askReplacementValidity(
      inertMessage(vscode.l10n.t('Rotate API Token "{0}" on {1}', name, describeInstance(instance))),
      validityOf(token),
      inertMessage(vscode.l10n.t('Validity of the new token. The old one: {0}', tokenWords(token, Date.now()))),
    );
    const request = replacementRequest(token, validity);
    /** The answer to the sign-in question, which also says whether the old token goes. */
    const asked: { choice: SwitchChoice } = { choice: 'keepCredential' };
    const replacement = await replaceToken(token, {
      create: async () => {
        const created = await withCancellableProgress(
          vscode.l10n.t('Creating the new API token "{0}" on {1}…', name, instance.name),
          (signal) => createReplacement(services, instance, request, signal),
        );
        await showNewToken(services, instance, created);
        return created;
      },
      verify: (created) =>
        withCancellableProgress(vscode.l10n.t('Checking that the new API token signs in…'), (signal) =>
          services.instances.proveApiToken(instance, ownerOf(instance, token, created), created.secret, created.id, {
            signal,
          }),
        ),
      switchCredential:
        signIn === 'no'
          ? undefined
          : async (created) => {
              asked.choice = await offerSwitch(services, instance, token, created, signIn);
              return asked.choice !== 'keepCredential';
            },
    });
    const signsIn = signIn !== 'no';
    // Where the old token was the credential, the one question before the switch named both tokens
    // and whether the old one goes; else the deletion is confirmed now.
    const confirmed =
      mayRetire(replacement, signsIn) &&
      (signsIn ? asked.choice === 'switchAndDelete' : await confirmRetire([{ instance, replacement }]));
    const retired = await retireToken(replacement, signsIn, confirmed, () =>
      withCancellableProgress(vscode.l10n.t('Deleting the old API token "{0}"…', name), (signal) =>
        deleteOwnToken(services, instance, id, signal),
      ),
    );
    services.tree.refresh(instance.name);
    await reportRotation(services, instance, replacement, retired, signsIn);
  });
}

type SwitchChoice = 'switchAndDelete' | 'switchOnly' | 'keepCredential';

/**
 * Where the old token was the credential: asks, in one question, to put the new one in its place (it
 * has just signed in) and whether the old one then goes. Names both tokens and the instance, as the
 * delete confirmation does; production stands out. Cancel keeps the credential and both tokens.
 */
async function offerSwitch(
  services: Services,
  instance: InstanceConfig,
  old: ApiToken,
  created: CreatedToken,
  signIn: 'yes' | 'maybe',
): Promise<SwitchChoice> {
  const switchAndDelete = vscode.l10n.t('Use the New Token and Delete the Old');
  const switchOnly = vscode.l10n.t('Use the New Token, Keep the Old');
  const question =
    signIn === 'yes'
      ? vscode.l10n.t(
          '{0} signs in with the old token. Sign in with the new one from now on?',
          describeInstance(instance),
        )
      : vscode.l10n.t(
          '{0} signs in with one of your API tokens, perhaps the old one. Sign in with the new one from now on?',
          describeInstance(instance),
        );
  const choice = await vscode.window.showInformationMessage(
    inertMessage(question),
    {
      modal: true,
      detail: [
        vscode.l10n.t('{0} at {1}', describeInstance(instance), instance.baseUrl),
        '  ' + vscode.l10n.t('Old: {0}', tokenWords(old, Date.now())),
        '  ' + vscode.l10n.t('New: {0} (it has just signed in)', tokenWords(created, Date.now())),
        '',
        vscode.l10n.t('Anything else still using the old token stops working once it is deleted.'),
        vscode.l10n.t('Cancel keeps signing in with the old token; both stay valid.'),
      ].join('\n'),
    },
    switchAndDelete,
    switchOnly,
  );
  if (choice !== switchAndDelete && choice !== switchOnly) return 'keepCredential';
  await withCancellableProgress(
    vscode.l10n.t('Storing the new API token as the credential of {0}…', instance.name),
    () => services.instances.switchToApiToken(instance, ownerOf(instance, old, created), created.secret, created.id),
  );
  return choice === switchAndDelete ? 'switchAndDelete' : 'switchOnly';
}

interface Retirement {
  readonly instance: InstanceConfig;
  readonly replacement: Replacement;
}

/** One confirmation for every old token to delete, each named with its new one; production stands out. */
async function confirmRetire(retirements: readonly Retirement[]): Promise<boolean> {
  const remove =
    retirements.length === 1
      ? vscode.l10n.t('Delete the Old Token')
      : vscode.l10n.t('Delete {0} Old Tokens', retirements.length);
  const question =
    retirements.length === 1
      ? vscode.l10n.t(
          'Delete the old API token "{0}" on {1}?',
          shownText(retirements[0].replacement.old.name, 60),
          describeInstance(retirements[0].instance),
        )
      : vscode.l10n.t('Delete the old API tokens on {0} instances?', retirements.length);
  const lines = retirements.flatMap(({ instance, replacement }) => [
    vscode.l10n.t('{0} at {1}', describeInstance(instance), instance.baseUrl),
    '  ' + vscode.l10n.t('Delete: {0}', tokenWords(replacement.old, Date.now())),
    '  ' + vscode.l10n.t('Keep: {0}', replacement.created ? tokenWords(replacement.created, Date.now()) : '?'),
  ]);
  const choice = await vscode.window.showWarningMessage(
    inertMessage(question),
    {
      modal: true,
      detail: [
        ...lines,
        '',
        ...(retirements.length === 1
          ? [
              vscode.l10n.t('The new token has signed in. Anything still using the old token stops working.'),
              vscode.l10n.t('Cancel keeps the old token: both stay valid.'),
            ]
          : [
              vscode.l10n.t('Each new token has signed in. Anything still using an old token stops working.'),
              vscode.l10n.t('Cancel keeps the old tokens: old and new stay valid.'),
            ]),
      ].join('\n'),
    },
    remove,
  );
  return choice === remove;
}

async function reportRotation(
  services: Services,
  instance: InstanceConfig,
  replacement: Replacement,
  retired: StepResult,
  signsIn: boolean,
): Promise<void> {
  const { severity, message } = rotationWords(instance.name, replacement, { retired, signsIn }, Date.now());
  services.log.info(`[${instance.name}] Rotate API Token: ${rotationVerdict(replacement, retired)}: ${message}`);
  const copied = replacement.created && services.settings.copyNewTokenToClipboard();
  const text = copied ? `${message} ${vscode.l10n.t('Its secret is on the clipboard.')}` : message;
  if (severity === 'error') void vscode.window.showErrorMessage(inertMessage(text));
  else if (severity === 'warning') void vscode.window.showWarningMessage(inertMessage(text));
  else void vscode.window.showInformationMessage(inertMessage(text));
}

/** An instance whose sign-in token is due, with what is known about it. */
interface DueSignIn {
  readonly instance: InstanceConfig;
  readonly token: ApiToken;
  readonly validity: Validity;
}

/** Why an instance that signs in with an API token cannot be rotated now. */
interface NotDue {
  readonly instance: InstanceConfig;
  readonly reason: string;
  /** Not online for a reason that may pass (unreachable, a server error): Retry Failed looks again. */
  readonly transient: boolean;
}

/**
 * The instances that sign in with an API token, checked (their statuses and own tokens, as the tree
 * would load them): those whose sign-in token is expired or expires within the warning window, and
 * those that cannot tell (not online, or which token is not known).
 */
async function findDueSignIns(
  services: Services,
  signal: AbortSignal,
): Promise<{ due: DueSignIn[]; blocked: NotDue[] }> {
  const warningDays = services.settings.expiryWarningDays();
  const due: DueSignIn[] = [];
  const blocked: NotDue[] = [];
  const instances = services.instances.list().filter((instance) => instance.auth === 'apiToken');
  await Promise.all(
    instances.map(async (instance) => {
      const status = await services.data.status(instance);
      if (signal.aborted) return;
      if (status.kind !== 'online') {
        const reason =
          status.kind === 'credentialRejected'
            ? vscode.l10n.t('Its API token was refused (expired or deleted?): set a new credential first.')
            : 'message' in status
              ? status.message
              : vscode.l10n.t('Not online.');
        const transient = status.kind === 'unreachable' || status.kind === 'error';
        blocked.push({ instance, reason, transient });
        return;
      }
      let mine: ApiToken[];
      try {
        mine = (await services.data.loadTokens(instance, { includeOthers: false, signal })).mine;
      } catch (e) {
        blocked.push({ instance, reason: describeError(e), transient: true });
        return;
      }
      const now = Date.now();
      const token = await services.instances.settleSignInToken(instance, mine);
      if (!token) {
        blocked.push({
          instance,
          reason: vscode.l10n.t('Which of your API tokens it signs in with is not known: use Rotate API Token… on it.'),
          transient: false,
        });
        return;
      }
      const urgency = expiryUrgency(token, now, warningDays);
      if ((urgency === 'expired' || urgency === 'soon') && token.id !== undefined && token.actionable) {
        due.push({ instance, token, validity: validityOf(token) ?? 90 });
      }
    }),
  );
  const byName = (a: { instance: InstanceConfig }, b: { instance: InstanceConfig }) =>
    a.instance.name.localeCompare(b.instance.name);
  return { due: due.sort(byName), blocked: blocked.sort(byName) };
}

/** Rotate Sign-in Tokens…: pick, then one progress for all, one confirmation for the deletes, one summary. */
async function rotateSignInTokens(services: Services): Promise<void> {
  const found = await withCancellableProgress(vscode.l10n.t('Finding the sign-in tokens that expire soon…'), (signal) =>
    findDueSignIns(services, signal),
  );
  if (!found.due.length) {
    const days = services.settings.expiryWarningDays();
    const none = vscode.l10n.t('No instance signs in with an API token that expires within {0} days.', days);
    const blocked = found.blocked.map(({ instance, reason }) => vscode.l10n.t('{0}: {1}', instance.name, reason));
    void vscode.window.showInformationMessage(inertMessage([none, ...blocked].join(' ')));
    return;
  }
  const items = found.due.map((due) => ({
    label: pickText(describeInstance(due.instance)),
    description: pickText(due.token.name, 60),
    detail: pickText(
      vscode.l10n.t(
        '{0} (id {1}); the new token: {2}',
        describeExpiry(due.token, Date.now()),
        due.token.id ?? '?',
        validityWords(due.validity),
      ),
    ),
    picked: true,
    due,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Rotate Sign-in Tokens'),
    placeHolder: vscode.l10n.t('Instances whose sign-in token to replace (Space selects, Enter continues)'),
    canPickMany: true,
    ignoreFocusOut: true,
  });
  if (!picked?.length) cancel();
  await rotateDue(
    services,
    picked.map((item) => item.due),
    found.blocked,
  );
}

/** One instance's rotation so far; `retired` once the delete step ran (or was skipped). */
interface SignInRotation {
  readonly due: DueSignIn;
  readonly outcome: KeyedOutcome<SignInReplacement>;
  retired?: StepResult;
}

/**
 * A replacement in the fleet flow, and what became of a new token that did not sign in: nobody saw
 * its secret, so it is deleted at once rather than left valid and unused.
 */
interface SignInReplacement {
  readonly replacement: Replacement;
  readonly discarded?: StepResult;
}

/** Replaces, confirms once, retires, and sums up with Retry Failed. */
async function rotateDue(services: Services, dues: readonly DueSignIn[], blocked: readonly NotDue[]): Promise<void> {
  const host = (due: DueSignIn) => originOf(due.instance.baseUrl);
  let settled = 0;
  const outcomes = await withCancellableProgress(
    vscode.l10n.t('Rotating the sign-in tokens of {0} instances', dues.length),
    (signal, progress) =>
      runOnePerKey(dues, host, (due) => replaceSignInToken(services, due, signal), {
        signal,
        onSettled: () => {
          settled++;
          progress.report({
            message: vscode.l10n.t('{0} of {1} done', settled, dues.length),
            increment: 100 / dues.length,
          });
        },
      }),
  );
  const rotations: SignInRotation[] = dues.map((due, index) => ({ due, outcome: outcomes[index] }));
  const retirable = rotations.filter(
    (rotation) => rotation.outcome.status === 'done' && mayRetire(rotation.outcome.value.replacement, true),
  );
  const confirmed =
    retirable.length > 0 &&
    (await confirmRetire(
      retirable.map(({ due, outcome }) => ({
        instance: current(services, due.instance),
        replacement: (outcome as { value: SignInReplacement }).value.replacement,
      })),
    ));
  const retire = async (rotation: SignInRotation, signal?: AbortSignal) => {
    if (rotation.outcome.status !== 'done') return;
    const { replacement } = rotation.outcome.value;
    const id = replacement.old.id as number;
    rotation.retired = await retireToken(replacement, true, confirmed, () =>
      deleteOwnToken(services, rotation.due.instance, id, signal),
    );
  };
  if (confirmed) {
    await withCancellableProgress(vscode.l10n.t('Deleting the old sign-in tokens…'), (signal) =>
      runOnePerKey(
        rotations,
        (rotation) => host(rotation.due),
        (rotation) => retire(rotation, signal),
        { signal },
      ),
    );
  } else {
    // Nothing is sent: each is kept (declined), or was never retirable (skipped).
    for (const rotation of rotations) await retire(rotation);
  }
  for (const due of dues) services.tree.refresh(due.instance.name);
  await summarize(services, rotations, blocked);
}

/**
 * Create, verify, switch, for one instance, as the one change on its sign-in token; a new token that
 * did not sign in is deleted again (with the instance's own credential, which it still has).
 */
function replaceSignInToken(services: Services, due: DueSignIn, signal: AbortSignal): Promise<SignInReplacement> {
  const { instance, token } = due;
  const id = requireId(token);
  return services.tree.showBusy(
    instance.name,
    tokenNodeId(instance.name, 'myTokens', id),
    vscode.l10n.t('rotating…'),
    async () => {
      const replacement = await replaceToken(token, {
        // The secret goes from the answer into the secret storage only: nobody needs to see it.
        create: () => createReplacement(services, instance, replacementRequest(token, due.validity), signal),
        verify: (created) =>
          services.instances.proveApiToken(instance, ownerOf(instance, token, created), created.secret, created.id, {
            signal,
          }),
        switchCredential: async (created) => {
          await services.instances.switchToApiToken(
            instance,
            ownerOf(instance, token, created),
            created.secret,
            created.id,
          );
          return true;
        },
      });
      const unused = replacement.verify.state === 'failed' ? replacement.created?.id : undefined;
      if (unused === undefined) return { replacement };
      const discarded = await runStep(() => deleteOwnToken(services, instance, unused, signal));
      return { replacement, discarded };
    },
  );
}

/** One line per instance: what it has now. */
function summaryLine(rotation: SignInRotation): string {
  const { instance } = rotation.due;
  const { outcome } = rotation;
  if (outcome.status === 'notStarted') return vscode.l10n.t('{0}: not started (cancelled)', instance.name);
  if (outcome.status === 'failed') return vscode.l10n.t('{0}: {1}', instance.name, describeError(outcome.error));
  const retired = rotation.retired ?? { state: 'skipped' };
  const { replacement, discarded } = outcome.value;
  return rotationWords(instance.name, replacement, { retired, signsIn: true, discarded }, Date.now()).message;
}

function isRotationWorthRetrying(rotation: SignInRotation): boolean {
  if (rotation.outcome.status !== 'done') return isWorthRetrying(rotation.outcome);
  return rotationVerdict(rotation.outcome.value.replacement, rotation.retired ?? { state: 'skipped' }) === 'failed';
}

async function summarize(services: Services, rotations: SignInRotation[], blocked: readonly NotDue[]): Promise<void> {
  const rotated = rotations.filter(
    (rotation) =>
      rotation.outcome.status === 'done' &&
      rotationVerdict(rotation.outcome.value.replacement, rotation.retired ?? { state: 'skipped' }) === 'rotated',
  ).length;
  const lines = rotations.map(summaryLine);
  const blockedLines = blocked.map(({ instance, reason }) =>
    vscode.l10n.t('{0}: not rotated. {1}', instance.name, reason),
  );
  for (const line of [...lines, ...blockedLines]) services.log.info(`Rotate Sign-in Tokens: ${line}`);
  // "2 of 2" alone reads as all done when another instance could not even be looked at.
  const headline = blocked.length
    ? vscode.l10n.t(
        'Sign-in tokens rotated on {0} of {1} instances; {2} more could not be checked.',
        rotated,
        rotations.length,
        blocked.length,
      )
    : vscode.l10n.t('Sign-in tokens rotated on {0} of {1} instances.', rotated, rotations.length);
  const retry = [
    ...rotations.filter(isRotationWorthRetrying).map((rotation) => rotation.due.instance),
    ...blocked.filter((item) => item.transient).map((item) => item.instance),
  ];
  const retryLabel = vscode.l10n.t('Retry Failed');
  const allRotated = rotated === rotations.length && !blocked.length;
  const choice = allRotated
    ? await vscode.window.showInformationMessage(
        inertMessage(
          vscode.l10n.t(
            'Sign-in tokens rotated on {0}: each signs in with its new token, and the old ones are deleted.',
            rotations.map((rotation) => rotation.due.instance.name).join(', '),
          ),
        ),
      )
    : await vscode.window.showWarningMessage(
        inertMessage(headline),
        { modal: true, detail: [...lines, ...blockedLines].join('\n') },
        ...(retry.length ? [retryLabel] : []),
      );
  if (choice !== retryLabel) return;
  // Each instance as configured now, checked again, and its sign-in token as listed now.
  for (const instance of retry) services.tree.refresh(instance.name);
  const again = await withCancellableProgress(vscode.l10n.t('Finding the sign-in tokens that expire soon…'), (signal) =>
    findDueSignIns(services, signal),
  );
  const names = new Set(retry.map((instance) => instance.name.toLowerCase()));
  const due = again.due.filter((item) => names.has(item.instance.name.toLowerCase()));
  const stillBlocked = again.blocked.filter((item) => names.has(item.instance.name.toLowerCase()));
  if (!due.length) {
    const lines = stillBlocked.map(({ instance, reason }) => vscode.l10n.t('{0}: {1}', instance.name, reason));
    void vscode.window.showWarningMessage(inertMessage([vscode.l10n.t('Nothing left to retry.'), ...lines].join(' ')));
    return;
  }
  await rotateDue(services, due, stillBlocked);
}
