// The words for what went wrong on the wire: the error code and message under undici's wrappers,
// what a TLS failure means and what to do, durations, waits, times and sizes as a person reads them.
import * as l10n from '@vscode/l10n';
import { sentences } from '../text/displayText';
import { formatDate, formatDecimal, quantity } from '../text/format';
import type { SystemStoreUse } from './trust';

const MIB = 1024 * 1024;
const MINUTE = 60_000;

/** The few entities error pages use, so that an excerpt reads as text (secrets are matched in either form). */
export function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|nbsp|#\d+|#x[0-9a-f]+);/gi, (entity, name: string) => {
    const lower = name.toLowerCase();
    if (lower.startsWith('#x')) return safeCodePoint(parseInt(lower.slice(2), 16), entity);
    if (lower.startsWith('#')) return safeCodePoint(Number(lower.slice(1)), entity);
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' }[lower] ?? entity;
  });
}

function safeCodePoint(code: number, fallback: string): string {
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fallback;
}

export function errorCode(e: unknown): string | undefined {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR' && code !== 'UND_ERR_ABORTED' && code !== 'ABORT_ERR')
      return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

export function errorMessage(e: unknown): string {
  const messages: string[] = [];
  for (let cur: unknown = e, depth = 0; cur && depth < 5; depth++) {
    const message = (cur as { message?: unknown }).message;
    if (typeof message === 'string' && message) messages.push(message.split('\n')[0]);
    cur = (cur as { cause?: unknown }).cause;
  }
  return messages.join(': ');
}

/**
 * What a failed TLS handshake means and what to do. `systemStore` says whether the operating
 * system's certificate store was trusted too (undefined: not known, the advice names only the setting).
 */
export function tlsMessage(code: string | undefined, host: string, systemStore?: SystemStoreUse): string | undefined {
  switch (code) {
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return sentences(
        l10n.t('{0} presented a self-signed certificate, which is not trusted.', host),
        whereLooked(systemStore, 'server'),
        trustAdvice(systemStore, 'server'),
      );
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return sentences(
        l10n.t("{0}'s certificate is issued by an unknown certificate authority (an internal CA?).", host),
        whereLooked(systemStore, 'ca'),
        trustAdvice(systemStore, 'ca'),
      );
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return sentences(
        l10n.t("{0}'s certificate is not valid for this host name.", host),
        l10n.t('Use the host name the certificate was issued for in the base URL.'),
      );
    case 'CERT_HAS_EXPIRED':
      return sentences(
        l10n.t("{0}'s certificate has expired.", host),
        l10n.t("Ask the server's administrator to renew it."),
      );
    case 'CERT_NOT_YET_VALID':
      return l10n.t("{0}'s certificate is not valid yet: check this computer's clock and the server's.", host);
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
      return sentences(
        l10n.t('{0} does not speak HTTPS on this port.', host),
        l10n.t('Try http:// or the right port in the base URL.'),
      );
    default:
      return code && /^(ERR_SSL|ERR_TLS|CERT_)/.test(code)
        ? l10n.t('the secure connection to {0} failed ({1}).', host, code)
        : undefined;
  }
}

/** The start of the advice for a proxy that fails: "…, and that the proxy is running." */
export function proxySettingsAdvice(): string {
  return l10n.t('Check the http.proxy setting or the HTTPS_PROXY environment variable');
}

/** Where the certificate was looked for: a person who installed the CA in the OS store learns why it did not count. */
function whereLooked(systemStore: SystemStoreUse | undefined, subject: 'server' | 'ca'): string {
  switch (systemStore) {
    case 'used':
      return subject === 'server'
        ? l10n.t("It is neither in the operating system's certificate store nor in kantegaSso.caCertificates.")
        : l10n.t("That CA is neither in the operating system's certificate store nor in kantegaSso.caCertificates.");
    case 'off':
      return l10n.t(
        "The setting http.systemCertificates is off, so the operating system's certificate store is not consulted.",
      );
    case 'unreadable':
      return l10n.t("The operating system's certificate store could not be read (the Kantega SSO log says why).");
    default:
      return '';
  }
}

/** The fixes: the OS store is read once per window, so a CA installed there counts after a reload. */
function trustAdvice(systemStore: SystemStoreUse | undefined, subject: 'server' | 'ca'): string {
  const what = subject === 'server' ? l10n.t("its certificate (or its CA's)") : l10n.t("that CA's certificate");
  const addPem = l10n.t('add it to the setting kantegaSso.caCertificates (a PEM file)');
  const advice =
    systemStore === 'used'
      ? l10n.t("install {0} in the operating system's certificate store and reload the window, or {1}", what, addPem)
      : systemStore === 'off'
        ? l10n.t('turn http.systemCertificates on if {0} is installed there, or {1}', what, addPem)
        : l10n.t('export {0} and {1}', what, addPem);
  return subject === 'server' ? l10n.t('To trust this server, {0}.', advice) : l10n.t('To trust it, {0}.', advice);
}

export function seconds(ms: number): string {
  return quantity(ms < 10_000 ? Math.round(ms / 100) / 10 : Math.round(ms / 1000), 'second');
}

/** A wait as a person reads it, rounded up: seconds below two minutes, then minutes, then hours. */
export function waitWords(ms: number): string {
  const secs = Math.max(1, Math.ceil(ms / 1000));
  if (!Number.isFinite(secs) || secs < 120) return quantity(Number.isFinite(secs) ? secs : 1, 'second');
  const minutes = Math.ceil(ms / MINUTE);
  if (minutes < 120) return quantity(minutes, 'minute');
  return quantity(Math.ceil(ms / (60 * MINUTE)), 'hour');
}

/**
 * The local time a wait ends, never earlier than it: "10:41:30" for a wait below two minutes,
 * "10:42" (rounded up to the minute) above, with the date in front when it is not today.
 */
export function clockTime(epochMs: number, waitMs: number, now: number = Date.now()): string {
  // As waitWords counts: seconds while it says seconds.
  const withSeconds = Math.ceil(waitMs / 1000) < 120;
  const unit = withSeconds ? 1000 : MINUTE;
  const at = new Date(Math.ceil(epochMs / unit) * unit);
  if (Number.isNaN(at.getTime())) return l10n.t('a while');
  const time = [at.getHours(), at.getMinutes(), ...(withSeconds ? [at.getSeconds()] : [])]
    .map((n) => String(n).padStart(2, '0'))
    .join(':');
  return formatDate(at.getTime()) === formatDate(now) ? time : `${formatDate(at.getTime())} ${time}`;
}

/** "12 KiB", "3.5 MiB": an amount of data received. */
export function amount(bytes: number): string {
  return bytes < MIB ? l10n.t('{0} KiB', Math.round(bytes / 1024)) : l10n.t('{0} MiB', mebibytes(bytes));
}

/** Mebibytes as a number: whole from 10 on, else to one decimal ("2.5", "2,5" in German). */
export function mebibytes(bytes: number): string {
  const value = bytes / MIB;
  return value >= 10 || Number.isInteger(value) ? String(Math.round(value)) : formatDecimal(value, 1);
}
