// Rotating an API token: a new token with the old one's name, description and validity period, which
// must prove that it signs in (and, for the token an instance signs in with, become its credential)
// before the old one may be deleted. Deleting first would break whatever used the old token. Plain
// TypeScript: the editor hands in each step (requests, questions) and words the outcome.
import { isKantegaError } from '../errors';
import { DAY_MS, type ApiToken, type CreateTokenRequest, type CreatedToken } from '../model';
import { isValidity } from './client';

/** Whole days of validity, or a token that never expires. */
export type Validity = number | 'forever';

/**
 * The validity period the token was given: "never", the `validForDays` the server stated, else the
 * whole days between its creation and its expiry (a renewed token's expiry moved: then this is longer
 * than it was created with, which is why the editor shows it as a suggestion). Undefined when unknown.
 */
export function validityOf(token: ApiToken): Validity | undefined {
  if (token.neverExpires) return 'forever';
  if (isValidity(token.validForDays)) return token.validForDays;
  if (token.createdAt === undefined || token.expiresAt === undefined) return undefined;
  // Rounded: the listed times are the server's, to the minute, and a day may have 23 or 25 hours.
  const days = Math.round((token.expiresAt - token.createdAt) / DAY_MS);
  return isValidity(days) ? days : undefined;
}

/**
 * What the new token is created with: the old one's name and description, and `validity`. API 2.0
 * lists a token's name where its description belongs and the description not at all
 * (`descriptionUnknown`): the new token then gets no description rather than its name twice.
 */
export function replacementRequest(old: ApiToken, validity: Validity): CreateTokenRequest & { readonly name: string } {
  const description = old.descriptionUnknown ? undefined : old.description?.trim() || undefined;
  return { name: old.name, description, validity };
}

/** How one step of a rotation ended. */
export type StepResult =
  | { readonly state: 'done' }
  | { readonly state: 'failed'; readonly error: unknown }
  /** A change that was sent but not answered (timeout, cancel after sending): it may have happened. */
  | { readonly state: 'unknown'; readonly error: unknown }
  /** The person chose not to (switch the credential, delete the old token). */
  | { readonly state: 'declined' }
  /** Not tried: an earlier step did not succeed, or (switch) the old token is not a sign-in credential. */
  | { readonly state: 'skipped' };

const DONE: StepResult = { state: 'done' };
const SKIPPED: StepResult = { state: 'skipped' };
const DECLINED: StepResult = { state: 'declined' };

export interface ReplacementSteps {
  /** Creates the new token (with replacementRequest's body) and shows its secret once. */
  create(): Promise<CreatedToken>;
  /** Sends one request signed with the new token; throws when it was not accepted. */
  verify(created: CreatedToken): Promise<void>;
  /**
   * Only when the old token is the one the instance signs in with: makes the new token its
   * credential. Resolves false when the person declined.
   */
  switchCredential?: (created: CreatedToken) => Promise<boolean>;
}

/** The first half of a rotation: a new token that works, in place of the old where it was the credential. */
export interface Replacement {
  readonly old: ApiToken;
  readonly created?: CreatedToken;
  readonly create: StepResult;
  readonly verify: StepResult;
  readonly switchCredential: StepResult;
}

function failure(error: unknown): StepResult {
  return isKantegaError(error) && error.kind === 'outcomeUnknown'
    ? { state: 'unknown', error }
    : { state: 'failed', error };
}

/**
 * Create, verify, switch: each step only when the one before succeeded. Never throws: a step that
 * threw is recorded as failed (or unknown, when its change may have happened).
 */
export async function replaceToken(old: ApiToken, steps: ReplacementSteps): Promise<Replacement> {
  let created: CreatedToken;
  try {
    created = await steps.create();
  } catch (error) {
    return { old, create: failure(error), verify: SKIPPED, switchCredential: SKIPPED };
  }
  try {
    await steps.verify(created);
  } catch (error) {
    // A request that reads nothing changes nothing: its failure is a failure, whatever its kind.
    return { old, created, create: DONE, verify: { state: 'failed', error }, switchCredential: SKIPPED };
  }
  if (!steps.switchCredential) return { old, created, create: DONE, verify: DONE, switchCredential: SKIPPED };
  let switched: StepResult;
  try {
    switched = (await steps.switchCredential(created)) ? DONE : DECLINED;
  } catch (error) {
    switched = failure(error);
  }
  return { old, created, create: DONE, verify: DONE, switchCredential: switched };
}

/**
 * Whether the old token may be deleted: the new one exists and signed in, and when the old one was the
 * instance's credential, the new one has taken its place (else the instance would lose its sign-in).
 */
export function mayRetire(replacement: Replacement, wasSignInToken: boolean): boolean {
  if (replacement.create.state !== 'done' || replacement.verify.state !== 'done') return false;
  if (replacement.old.id === undefined || !replacement.old.actionable) return false;
  return !wasSignInToken || replacement.switchCredential.state === 'done';
}

/**
 * The second half: deletes the old token, only when mayRetire and the person confirmed
 * (`confirmed`: false keeps both tokens valid). Never throws.
 */
export async function retireToken(
  replacement: Replacement,
  wasSignInToken: boolean,
  confirmed: boolean,
  deleteOld: () => Promise<unknown>,
): Promise<StepResult> {
  if (!mayRetire(replacement, wasSignInToken)) return SKIPPED;
  if (!confirmed) return DECLINED;
  return runStep(deleteOld);
}

/** Runs one change and records how it ended: done, failed, or unknown when it may have happened. Never throws. */
export async function runStep(change: () => Promise<unknown>): Promise<StepResult> {
  try {
    await change();
    return DONE;
  } catch (error) {
    return failure(error);
  }
}

/** A rotation's outcome in one word, for a summary: what the person has now. */
export type RotationVerdict =
  /** New token in use (where it was the credential) and the old one deleted. */
  | 'rotated'
  /** New token works; the old one was kept (declined, or its delete failed). */
  | 'bothValid'
  /** The new token was not made, or did not sign in: the old one stays as it was. */
  | 'failed'
  /** A change was sent without an answer: look at the token list before trying again. */
  | 'unknown';

export function rotationVerdict(replacement: Replacement, retire: StepResult): RotationVerdict {
  const steps = [replacement.create, replacement.verify, replacement.switchCredential, retire];
  if (steps.some((step) => step.state === 'unknown')) return 'unknown';
  if (replacement.create.state !== 'done' || replacement.verify.state !== 'done') return 'failed';
  if (replacement.switchCredential.state === 'failed') return 'failed';
  return retire.state === 'done' ? 'rotated' : 'bothValid';
}
