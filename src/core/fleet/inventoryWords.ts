// The words the inventory table and the compare documents share: an instance's status and why a
// value is not known: one wording (and one string to translate) for each, wherever it shows.
import * as l10n from '@vscode/l10n';
import type { InventoryStatus, UnknownReason } from './inventory';

export function statusWords(status: InventoryStatus): string {
  switch (status) {
    case 'checking':
      return l10n.t('checking…');
    case 'online':
      return l10n.t('online');
    case 'unreachable':
      return l10n.t('unreachable');
    case 'credentialRejected':
      return l10n.t('credential rejected');
    case 'credentialMissing':
      return l10n.t('no credential set');
    case 'needsConsent':
      return l10n.t('waiting for you to allow sending the stored credential');
    case 'error':
      return l10n.t('error');
  }
}

/** Why a value is not known, as a phrase: "unknown ({0})" in a cell, "unknown — {0}" in a document. */
export function unknownReasonWords(reason: UnknownReason): string {
  switch (reason) {
    case 'loading':
      return l10n.t('not loaded yet');
    case 'offline':
      return l10n.t('the instance is not online');
    case 'forbidden':
      return l10n.t('needs a system administrator');
    case 'notOffered':
      return l10n.t('not offered by this Kantega SSO version');
    case 'failed':
      return l10n.t('could not be loaded');
  }
}

/** "1 managed group", "3 managed groups": each a message of its own, so that a translation inflects it. */
export function managedGroupCount(n: number): string {
  return n === 1 ? l10n.t('{0} managed group', n) : l10n.t('{0} managed groups', n);
}
