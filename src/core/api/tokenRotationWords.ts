// A rotation in words: each token named so that it is told apart from its namesake, and the outcome
// of a rotation as what the person has now (which token is valid, which one the instance signs in
// with, what to do next), worded through l10n.t.
import * as l10n from '@vscode/l10n';
import { describeError } from '../errors';
import type { ApiToken, CreatedToken } from '../model';
import { displayText } from '../text/displayText';
import { describeExpiry, formatDateTime } from '../text/format';
import type { Replacement, StepResult, Validity } from './tokenRotation';

/** Token names in a sentence: long enough to tell tokens apart, short enough for a notification. */
const NAME_LENGTH = 60;

export interface RotationWords {
  readonly severity: 'information' | 'warning' | 'error';
  readonly message: string;
}

/** `"ci" (id 7), created 2026-09-01 10:00, expires in 3 days`: a token, told apart from its namesake. */
export function tokenWords(token: ApiToken, now: number): string {
  const created =
    token.createdAt !== undefined
      ? l10n.t('created {0}', formatDateTime(token.createdAt))
      : l10n.t('creation time unknown');
  return l10n.t(
    '"{0}" (id {1}), {2}, {3}',
    displayText(token.name, NAME_LENGTH),
    token.id ?? '?',
    created,
    describeExpiry(token, now),
  );
}

export function validityWords(validity: Validity): string {
  return validity === 'forever' ? l10n.t('never expires') : l10n.t('{0} days', validity);
}

/** The step that did not succeed, in words, with what the person has now. */
export function rotationWords(
  instanceName: string,
  replacement: Replacement,
  outcome: { readonly retired: StepResult; readonly signsIn: boolean; readonly discarded?: StepResult },
  now: number,
): RotationWords {
  const { retired, signsIn, discarded } = outcome;
  const name = displayText(replacement.old.name, NAME_LENGTH);
  const oldId = replacement.old.id ?? '?';
  const reason = (step: StepResult) => ('error' in step ? describeError(step.error) : '');
  const { create, verify, switchCredential } = replacement;
  if (create.state === 'unknown') {
    return {
      severity: 'warning',
      message: l10n.t(
        'Creating the new API token "{0}" on {1} was sent, but its outcome is unknown: {2} {3}',
        name,
        instanceName,
        reason(create),
        l10n.t('Refresh and look at the tokens before trying again. Nothing was deleted.'),
      ),
    };
  }
  if (create.state !== 'done') {
    return {
      severity: 'error',
      message: l10n.t(
        'The new API token "{0}" was not created on {1}: {2} Nothing was changed: the old token stays valid.',
        name,
        instanceName,
        reason(create),
      ),
    };
  }
  const created = replacement.created as CreatedToken;
  if (verify.state !== 'done') {
    return {
      severity: 'error',
      message: l10n.t(
        'The new API token "{0}" (id {1}) was created on {2} but did not sign in: {3} {4}',
        name,
        created.id ?? '?',
        instanceName,
        reason(verify),
        discarded?.state === 'done'
          ? l10n.t('The old token stays valid and in use; the new one, whose secret nobody has, is deleted.')
          : discarded && 'error' in discarded
            ? l10n.t(
                'The old token stays valid and in use. The unused new one could not be deleted ({0}): delete it.',
                describeError(discarded.error),
              )
            : l10n.t('Nothing was deleted: the old token stays valid and in use.'),
      ),
    };
  }
  if (switchCredential.state === 'failed' || switchCredential.state === 'unknown') {
    return {
      severity: 'error',
      message: l10n.t(
        'The new API token "{0}" works, but could not be stored as the credential of {1}: {2} {3}',
        name,
        instanceName,
        reason(switchCredential),
        l10n.t('{0} still signs in with the old token; nothing was deleted.', instanceName),
      ),
    };
  }
  const signsInNow =
    signsIn && switchCredential.state === 'done' ? ' ' + l10n.t('{0} now signs in with it.', instanceName) : '';
  const made = l10n.t(
    'New API token "{0}" (id {1}) on {2}, {3}.',
    name,
    created.id ?? '?',
    instanceName,
    describeExpiry(created, now),
  );
  switch (retired.state) {
    case 'done':
      return {
        severity: 'information',
        message: `${made}${signsInNow} ${l10n.t('The old token (id {0}) is deleted.', oldId)}`,
      };
    case 'declined':
      return {
        severity: 'information',
        message: `${made}${signsInNow} ${l10n.t('The old token (id {0}) is kept: both are valid.', oldId)}`,
      };
    case 'unknown':
      return {
        severity: 'warning',
        message: `${made}${signsInNow} ${l10n.t(
          'Deleting the old token (id {0}) was sent, but its outcome is unknown: {1} Refresh to see if it is listed.',
          oldId,
          reason(retired),
        )}`,
      };
    case 'failed':
      return {
        severity: 'warning',
        message: `${made}${signsInNow} ${l10n.t(
          'Could not delete the old token (id {0}): {1} Both are valid.',
          oldId,
          reason(retired),
        )}`,
      };
    case 'skipped':
      return {
        severity: 'information',
        message: `${made} ${l10n.t(
          '{0} still signs in with the old token (id {1}), so it is kept: both are valid.',
          instanceName,
          oldId,
        )}`,
      };
  }
}
