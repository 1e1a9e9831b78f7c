// Bodies written over time: a normal answer dripped in small chunks, an endless body, and a huge
// JSON array generated as it is sent. Each stops as soon as the client goes away; close() ends
// their pauses at once (Timers).
import type http from 'node:http';
import { JSON_TYPE } from './reply';

/** Pauses that close() or a closed response end early, so nothing keeps running or holds the process. */
export class Timers {
  private readonly pending = new Set<() => void>();

  /** Resolves after `ms`, or at once when `until` (a response) closes or clear() is called. */
  delay(ms: number, until?: http.ServerResponse): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.pending.delete(done);
        until?.off('close', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.pending.add(done);
      until?.once('close', done);
    });
  }

  clear(): void {
    for (const done of [...this.pending]) done();
  }
}

const gone = (res: http.ServerResponse) => res.destroyed || res.writableEnded || res.socket === null;

/** Writes `chunk`; when the socket buffer is full, waits for it to drain or the client to go. */
function send(res: http.ServerResponse, chunk: string): Promise<void> {
  if (res.write(chunk)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}

export interface StreamDeps {
  timers: Timers;
  /** Bodies still being written (Simulator.activeStreams); close() waits for them. */
  active: Set<Promise<void>>;
}

function tracked(deps: StreamDeps, body: () => Promise<void>): Promise<void> {
  const running = body().finally(() => deps.active.delete(running));
  deps.active.add(running);
  return running;
}

/** The answer as usual (status, headers, Content-Length), its body `chunkBytes` at a time. */
export function drip(
  res: http.ServerResponse,
  head: { status: number; headers: Record<string, string | number> },
  body: string,
  pace: { chunkBytes: number; intervalMs: number },
  deps: StreamDeps,
): Promise<void> {
  return tracked(deps, async () => {
    const bytes = Buffer.from(body, 'utf8');
    res.writeHead(head.status, head.headers);
    res.flushHeaders();
    for (let at = 0; at < bytes.length && !gone(res); at += pace.chunkBytes) {
      if (at > 0) await deps.timers.delay(pace.intervalMs, res);
      if (gone(res)) break;
      res.write(bytes.subarray(at, at + pace.chunkBytes));
    }
    if (!gone(res)) res.end();
  });
}

const ENDLESS_ELEMENT = '{"id":1,"tokenName":"endless","description":"more is coming"},';

/** 200 with headers, then a JSON array that never ends, `chunkBytes` every `intervalMs`. */
export function endless(
  res: http.ServerResponse,
  headers: Record<string, string>,
  pace: { chunkBytes: number; intervalMs: number },
  deps: StreamDeps,
): Promise<void> {
  return tracked(deps, async () => {
    const chunk = ENDLESS_ELEMENT.repeat(Math.max(1, Math.ceil(pace.chunkBytes / ENDLESS_ELEMENT.length))).slice(
      0,
      Math.max(1, pace.chunkBytes),
    );
    res.writeHead(200, { 'content-type': JSON_TYPE, ...headers });
    await send(res, '[');
    while (!gone(res)) {
      await deps.timers.delay(pace.intervalMs, res);
      if (gone(res)) break;
      await send(res, chunk);
    }
  });
}

const HUGE_ELEMENT = `{"id":1,"tokenName":"huge","description":"${'x'.repeat(200)}","username":"admin"}`;
const HUGE_BATCH = 256;

/** A valid JSON array of exactly `bytes` bytes (Content-Length set), generated while it is sent. */
export function huge(
  res: http.ServerResponse,
  bytes: number,
  headers: Record<string, string>,
  deps: StreamDeps,
): Promise<void> {
  return tracked(deps, async () => {
    const size = Math.max(2, Math.floor(bytes));
    // k elements joined by commas, the rest whitespace before "]": JSON allows it, the size stays exact.
    const count = Math.max(0, Math.floor((size - 1) / (HUGE_ELEMENT.length + 1)));
    const padding = size - 2 - (count === 0 ? 0 : count * (HUGE_ELEMENT.length + 1) - 1);
    res.writeHead(200, { 'content-type': JSON_TYPE, 'content-length': size, ...headers });
    await send(res, '[');
    const batch = `${HUGE_ELEMENT},`.repeat(HUGE_BATCH);
    let left = count;
    while (left > 0 && !gone(res)) {
      const n = Math.min(left, HUGE_BATCH);
      left -= n;
      const text = n === HUGE_BATCH ? batch : `${HUGE_ELEMENT},`.repeat(n);
      await send(res, left === 0 ? text.slice(0, -1) : text);
    }
    if (!gone(res)) res.end(`${' '.repeat(padding)}]`);
  });
}
