// Cancellation, one meaning everywhere: a dismissed prompt, picker or confirmation, a cancelled
// progress or an aborted request ends what was running without a message. Prompts throw it, the
// command wrapper and the panels recognise it.
import { isKantegaError } from '../core/errors';

/** The person dismissed a prompt, a picker or a confirmation: the command ends without a message. */
export class UserCancelled extends Error {
  override readonly name = 'UserCancelled';
  constructor() {
    super('Cancelled.');
  }
}

/** Ends the command as cancelled: for a dismissed prompt or a declined confirmation. */
export function cancel(): never {
  throw new UserCancelled();
}

/** Unwraps an optional answer of a prompt: `undefined` (dismissed) cancels the command. */
export function required<T>(answer: T | undefined): T {
  if (answer === undefined) cancel();
  return answer;
}

export function isCancellation(e: unknown): boolean {
  return (
    e instanceof UserCancelled ||
    (isKantegaError(e) && e.kind === 'cancelled') ||
    (e instanceof Error && e.name === 'AbortError')
  );
}
