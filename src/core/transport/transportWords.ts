// The words for what went wrong on the wire: the error code and message under undici's wrappers,
// what a TLS failure means and what to do, durations and sizes as a person reads them.

const MIB = 1024 * 1024;

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

export function tlsMessage(code: string | undefined, host: string): string | undefined {
  const addCa = 'add it to the setting kantegaSso.caCertificates (a PEM file)';
  switch (code) {
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return (
        `${host} presented a self-signed certificate, which is not trusted. To trust this server, export ` +
        `its certificate (or its CA's) and ${addCa}.`
      );
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return (
        `${host}'s certificate is issued by an unknown certificate authority (an internal CA?). ` +
        `Get that CA's certificate and ${addCa}.`
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

export function seconds(ms: number): string {
  const value = ms < 10_000 ? Math.round(ms / 100) / 10 : Math.round(ms / 1000);
  return `${value} ${value === 1 ? 'second' : 'seconds'}`;
}

export function amount(bytes: number): string {
  return bytes < MIB ? `${Math.round(bytes / 1024)} KiB` : `${mebibytes(bytes)} MiB`;
}

export function mebibytes(bytes: number): string {
  const value = bytes / MIB;
  return value >= 10 || Number.isInteger(value) ? String(Math.round(value)) : value.toFixed(1);
}
