// Injected faults: a queue consumed first-match, replacements (the endpoint does not run) and
// alterations of a real JSON answer.
import http from 'node:http';
import { HTML_TYPE, JSON_TYPE, TEXT_TYPE, deepCopy, htmlPage, loginPage, type Reply } from './reply';
import type { Fault, FaultOptions } from './types';

interface PendingFault {
  fault: Fault;
  remaining: number;
  pathIncludes?: string;
  method?: string;
}

export class FaultQueue {
  private pending: PendingFault[] = [];

  inject(fault: Fault, opts: FaultOptions = {}): void {
    this.pending.push({
      fault,
      remaining: opts.times ?? 1,
      pathIncludes: opts.pathIncludes,
      method: opts.method?.toUpperCase(),
    });
  }

  clear(): void {
    this.pending = [];
  }

  /** The first pending fault matching the request, consumed once. */
  take(method: string, path: string): Fault | undefined {
    const found = this.pending.find(
      (f) =>
        f.remaining > 0 &&
        (f.pathIncludes === undefined || path.includes(f.pathIncludes)) &&
        (f.method === undefined || f.method === method),
    );
    if (!found) return undefined;
    found.remaining -= 1;
    this.pending = this.pending.filter((f) => f.remaining > 0);
    return found.fault;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Applies `change` to the answer object, to each array element, or to each of `allApiTokens`. */
function alterJson(reply: Reply, change: (record: Record<string, unknown>) => void): Reply {
  if (reply.json === undefined) return reply;
  const json = deepCopy(reply.json);
  const targets: unknown[] = Array.isArray(json)
    ? json
    : isRecord(json) && Array.isArray(json.allApiTokens)
      ? json.allApiTokens
      : [json];
  for (const target of targets) if (isRecord(target)) change(target);
  return { ...reply, json };
}

/** Faults that alter the endpoint's real answer; others leave it as it is. */
export function alterReply(reply: Reply, fault: Fault): Reply {
  switch (fault.type) {
    case 'malformedJson': {
      const text = reply.json === undefined ? '{"response": "po' : JSON.stringify(reply.json);
      return { status: 200, contentType: JSON_TYPE, text: text.slice(0, Math.max(1, Math.floor(text.length / 2))) };
    }
    case 'wrongType':
      return alterJson(reply, (record) => {
        record[fault.field] = fault.value;
      });
    case 'dropField':
      return alterJson(reply, (record) => {
        delete record[fault.field];
      });
    default:
      return reply;
  }
}

/** The echoAuthorization body: the header verbatim and, if asked, the decoded credentials in three shapes. */
function echoedAuthorization(authorization: string | undefined, decoded: boolean): string {
  const lines = ['Internal error while authenticating the request', `Authorization: ${authorization ?? '(none)'}`];
  const [scheme, value] = (authorization ?? '').trim().split(/\s+/, 2);
  if (decoded && /^basic$/i.test(scheme ?? '') && value) {
    const credentials = Buffer.from(value, 'base64').toString('utf8');
    const colon = credentials.indexOf(':');
    lines.push(`Decoded: ${credentials}`, `URL-encoded: ${encodeURIComponent(credentials)}`);
    if (colon >= 0) lines.push(credentials.slice(0, colon), credentials.slice(colon + 1));
  }
  return `${lines.join('\n')}\n`;
}

/** The Retry-After value of a status fault: retryAfter (seconds, an HTTP date, or raw text), else retryAfterSeconds. */
function retryAfterHeader(fault: Extract<Fault, { type: 'status' }>): Record<string, string> {
  const value = fault.retryAfter ?? fault.retryAfterSeconds;
  if (value === undefined) return {};
  // toUTCString is the IMF-fixdate of RFC 9110, e.g. `Wed, 21 Oct 2015 07:28:00 GMT`.
  return { 'retry-after': value instanceof Date ? value.toUTCString() : String(value) };
}

/** Faults that replace the answer without running the endpoint (no side effects). */
export function replacementReply(fault: Fault, authorization: string | undefined): Reply | undefined {
  if (fault.type === 'status') {
    const reason = http.STATUS_CODES[fault.status] ?? 'Error';
    return {
      status: fault.status,
      headers: retryAfterHeader(fault),
      contentType: fault.contentType ?? (fault.body !== undefined ? TEXT_TYPE : HTML_TYPE),
      text: fault.body ?? htmlPage(`${fault.status} ${reason}`, `<p>${reason}</p>`),
    };
  }
  if (fault.type === 'html') return loginPage();
  if (fault.type === 'echoAuthorization') {
    const text = echoedAuthorization(authorization, fault.decoded ?? false);
    return { status: fault.status ?? 500, contentType: TEXT_TYPE, text };
  }
  if (fault.type === 'rawBody') {
    const contentType = fault.contentType ?? JSON_TYPE;
    return { status: fault.status ?? 200, contentType, text: fault.body, headers: fault.headers ?? {} };
  }
  return undefined;
}
