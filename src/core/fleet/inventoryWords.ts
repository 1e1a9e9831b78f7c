// The words the inventory table and the compare documents share for an instance's status and for
// why a value is not known: one wording (and one string to translate) for each, wherever it shows.
import type { InventoryStatus, UnknownReason } from './inventory';

/** vscode.l10n.t's shape, with the arguments the inventory passes: `{0}`-style placeholders. */
export type Translate = (message: string, ...args: Array<string | number>) => string;

export function statusWords(status: InventoryStatus, t: Translate): string {
  switch (status) {
    case 'checking':
      return t('checking…');
    case 'online':
      return t('online');
    case 'unreachable':
      return t('unreachable');
    case 'credentialRejected':
      return t('credential rejected');
    case 'credentialMissing':
      return t('no credential set');
    case 'needsConsent':
      return t('waiting for you to allow sending the stored credential');
    case 'error':
      return t('error');
  }
}

/** Why a value is not known, as a phrase: "unknown ({0})" in a cell, "unknown — {0}" in a document. */
export function unknownReasonWords(reason: UnknownReason, t: Translate): string {
  switch (reason) {
    case 'loading':
      return t('not loaded yet');
    case 'offline':
      return t('the instance is not online');
    case 'forbidden':
      return t('needs a system administrator');
    case 'notOffered':
      return t('not offered by this Kantega SSO version');
    case 'failed':
      return t('could not be loaded');
  }
}
