// The words for what went wrong on the wire: the error code and message under undici's wrappers,
// what a TLS failure means and what to do, durations, waits, times and sizes as a person reads them.
import { formatDate, plural } from '../text/format';
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
      return (
        `${host} presented a self-signed certificate, which is not trusted.${whereLooked(systemStore, 'It')} ` +
        `To trust this server, ${trustAdvice(systemStore, "its certificate (or its CA's)")}.`
      );
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return (
        `${host}'s certificate is issued by an unknown certificate authority (an internal CA?).` +
        `${whereLooked(systemStore, 'That CA')} ` +
        `To trust it, ${trustAdvice(systemStore, "that CA's certificate")}.`
      );
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return (
        `${host}'s certificate is not valid for this host name. ` +
        'Use the host name the certificate was issued for in the base URL.'
      );
    case 'CERT_HAS_EXPIRED':
      return `${host}'s certificate has expired. Ask the server's administrator to renew it.`;
    case 'CERT_NOT_YET_VALID':
      return `${host}'s certificate is not valid yet: check this computer's clock and the server's.`;
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
      return `${host} does not speak HTTPS on this port. Try http:// or the right port in the base URL.`;
    default:
      return code && /^(ERR_SSL|ERR_TLS|CERT_)/.test(code)
        ? `the secure connection to ${host} failed (${code}).`
        : undefined;
  }
}

const OS_STORE = "the operating system's certificate store";
const ADD_PEM = 'add it to the setting kantegaSso.caCertificates (a PEM file)';

/** Where the certificate was looked for: a person who installed the CA in the OS store learns why it did not count. */
function whereLooked(systemStore: SystemStoreUse | undefined, subject: string): string {
  switch (systemStore) {
    case 'used':
      return ` ${subject} is neither in ${OS_STORE} nor in kantegaSso.caCertificates.`;
    case 'off':
      return ` The setting http.systemCertificates is off, so ${OS_STORE} is not consulted.`;
    case 'unreadable':
      return " The operating system's certificate store could not be read (the Kantega SSO log says why).";
    default:
      return '';
  }
}

/** The fixes: the OS store is read once per window, so a CA installed there counts after a reload. */
function trustAdvice(systemStore: SystemStoreUse | undefined, what: string): string {
  switch (systemStore) {
    case 'used':
      return `install ${what} in ${OS_STORE} and reload the window, or ${ADD_PEM}`;
    case 'off':
      return `turn http.systemCertificates on if ${what} is installed there, or ${ADD_PEM}`;
    default:
      return `export ${what} and ${ADD_PEM}`;
  }
}

export function seconds(ms: number): string {
  return plural(ms < 10_000 ? Math.round(ms / 100) / 10 : Math.round(ms / 1000), 'second');
}

/** A wait as a person reads it, rounded up: seconds below two minutes, then minutes, then hours. */
export function waitWords(ms: number): string {
  const secs = Math.max(1, Math.ceil(ms / 1000));
  if (!Number.isFinite(secs) || secs < 120) return plural(Number.isFinite(secs) ? secs : 1, 'second');
  const minutes = Math.ceil(ms / MINUTE);
  if (minutes < 120) return plural(minutes, 'minute');
  return plural(Math.ceil(ms / (60 * MINUTE)), 'hour');
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
  if (Number.isNaN(at.getTime())) return 'a while';
  const time = [at.getHours(), at.getMinutes(), ...(withSeconds ? [at.getSeconds()] : [])]
    .map((n) => String(n).padStart(2, '0'))
    .join(':');
  return formatDate(at.getTime()) === formatDate(now) ? time : `${formatDate(at.getTime())} ${time}`;
}

export function amount(bytes: number): string {
  return bytes < MIB ? `${Math.round(bytes / 1024)} KiB` : `${mebibytes(bytes)} MiB`;
}

export function mebibytes(bytes: number): string {
  const value = bytes / MIB;
  return value >= 10 || Number.isInteger(value) ? String(Math.round(value)) : value.toFixed(1);
}
