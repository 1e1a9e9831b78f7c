// One request: read, record, apply a pending fault, route, and write the answer (or stream it).
import type http from 'node:http';
import { TLSSocket } from 'node:tls';
import { authenticate } from './auth';
import { alterReply, replacementReply, type FaultQueue } from './faults';
import { withErrorSuffix } from './hostile';
import { proxyErrorPage } from './proxies';
import { replyBody, type Reply } from './reply';
import type { Route } from './routes';
import type { Store } from './state';
import { drip, endless, huge, type Timers } from './streams';
import type { Fault, RecordedRequest } from './types';

/** Status and headers as every answer carries them (a 204 has neither content type nor length, as from Tomcat). */
function head(reply: Reply, body: string, contentType: string, username: string) {
  const content: Record<string, string | number> =
    reply.status === 204 ? {} : { 'content-type': contentType, 'content-length': Buffer.byteLength(body) };
  return {
    status: reply.status,
    headers: {
      ...content,
      'x-ausername': username,
      'cache-control': 'no-cache, no-store, no-transform',
      ...reply.headers,
    },
  };
}

export function write(res: http.ServerResponse, reply: Reply, username: string): void {
  if (res.destroyed || res.writableEnded) return;
  const { body, contentType } = replyBody(reply);
  const { status, headers } = head(reply, body, contentType, username);
  res.writeHead(status, headers);
  res.end(body);
}

/** The request as recorded: the authorization value is reduced to its scheme, never kept. */
function recorded(req: http.IncomingMessage, method: string, body: string): RecordedRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    headers[name.toLowerCase()] = name.toLowerCase() === 'authorization' ? text.trim().split(/\s+/)[0] : text;
  }
  return { method, path: req.url ?? '/', headers, ...(body !== '' ? { body } : {}) };
}

/** Copies Jira's sign-in decision onto the recorded request; X-AUSERNAME follows it. */
function noteSignIn(entry: RecordedRequest, reply: Reply): Reply {
  if (reply.signIn?.signedInAs) entry.signedInAs = reply.signIn.signedInAs;
  if (reply.signIn?.authFailed) entry.authFailed = reply.signIn.authFailed;
  return reply;
}

/** The user Jira signed in, when it decided; else what the credentials alone say (faults that skip the sign-in). */
const signedInName = (reply: Reply, fallback: string): string =>
  reply.signIn ? (reply.signIn.signedInAs?.username ?? 'anonymous') : fallback;

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export interface Node {
  store: Store;
  route: Route;
  faults: FaultQueue;
  timers: Timers;
  requests: RecordedRequest[];
  active: Set<Promise<void>>;
}

/** Faults that write the body themselves; true when the answer is written (or being written). */
async function streamed(
  node: Node,
  fault: Fault | undefined,
  res: http.ServerResponse,
  answer: () => Reply,
  username: string,
): Promise<boolean> {
  const standard = { 'x-ausername': username, 'cache-control': 'no-cache, no-store, no-transform' };
  if (fault?.type === 'endless') {
    const pace = { chunkBytes: fault.chunkBytes ?? 1024, intervalMs: fault.intervalMs ?? 10 };
    await endless(res, standard, pace, node);
  } else if (fault?.type === 'huge') {
    await huge(res, fault.mebibytes * 1024 * 1024, standard, node);
  } else if (fault?.type === 'drip') {
    const reply = answer();
    const { body, contentType } = replyBody(reply);
    const pace = { chunkBytes: Math.max(1, fault.chunkBytes ?? 16), intervalMs: fault.intervalMs ?? 20 };
    await drip(res, head(reply, body, contentType, signedInName(reply, username)), body, pace, node);
  } else {
    return false;
  }
  return true;
}

export async function handle(node: Node, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const body = await readBody(req);
  const method = (req.method ?? 'GET').toUpperCase();
  const rawUrl = req.url ?? '/';
  const entry = recorded(req, method, body);
  node.requests.push(entry);

  const fault = node.faults.take(method, rawUrl);
  if (fault?.type === 'latency') await node.timers.delay(fault.ms);
  if (fault?.type === 'reset') {
    req.socket.destroy();
    return;
  }
  if (fault?.type === 'proxyErrorPage') {
    // The proxy's own page: none of Jira's headers (X-AUSERNAME, Cache-Control) on it.
    const page = proxyErrorPage(fault, req.headers.host, req.socket instanceof TLSSocket);
    res.writeHead(page.status, page.statusMessage, { ...page.headers, 'content-length': Buffer.byteLength(page.body) });
    res.end(page.body);
    return;
  }
  const authorization = req.headers.authorization;
  const auth = authenticate(node.store, authorization);
  const username = auth.kind === 'user' ? auth.user.username : 'anonymous';
  const replaced = fault ? replacementReply(fault, authorization) : undefined;
  if (replaced) {
    write(res, replaced, username);
    return;
  }
  const answer = () =>
    noteSignIn(entry, withErrorSuffix(node.route(method, rawUrl, req.headers, body), node.store.state.errorSuffix));
  if (await streamed(node, fault, res, answer, username)) return;
  const reply = answer();
  write(res, fault ? alterReply(reply, fault) : reply, signedInName(reply, username));
}
