// The words the inventory table and the compare documents share: an instance's status, why a value
// is not known, and counts: one wording (and one string to translate) for each, wherever it shows.
import type { InventoryStatus, UnknownReason } from './inventory';

import type { Translate } from '../text/displayText';

export type { Translate };

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

/** "1 thing" or "3 things", each a template of its own so that a translation can inflect it. */
export function counted(t: Translate, n: number, one: string, many: string): string {
  return n === 1 ? t(one, n) : t(many, n);
}
