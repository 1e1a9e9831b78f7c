// The endpoint contract shared by the routes, with ping and the snapshot endpoints.
import { type TokenApiVersion, type SimulatorToken, zonedDateTime } from './format';
import { deepCopy, jsonError, type Reply } from './reply';
import { snapshotRecord, type Store } from './state';
import type { SimulatorUser } from './types';

export type Access = 'public' | 'user' | 'sysadmin';

export interface Endpoint {
  access: Access;
  /** What an authenticated non-sysadmin gets from a 'sysadmin' endpoint; default 403 JSON. */
  notSysadmin?: () => Reply;
  handle(ctx: RequestContext): Reply;
}

export interface RequestContext {
  user: SimulatorUser;
  authToken?: SimulatorToken;
  params: string[];
  query: URLSearchParams;
  body: string;
  api: TokenApiVersion;
}

export type ParsedBody = { ok: true; value: Record<string, unknown> } | { ok: false; reply: Reply };

export function parseJsonBody(body: string): ParsedBody {
  if (body.trim() === '') return { ok: true, value: {} };
  try {
    const value: unknown = JSON.parse(body);
    if (value && typeof value === 'object' && !Array.isArray(value))
      return { ok: true, value: value as Record<string, unknown> };
  } catch {
    // fall through to the 400 below
  }
  return { ok: false, reply: jsonError(400, 'The request body must be a JSON object.') };
}

export const parseId = (raw: string | null | undefined): number | undefined =>
  raw && /^\d+$/.test(raw) ? Number(raw) : undefined;

export function pingEndpoint(store: Store): Endpoint {
  return {
    access: 'public',
    handle: () => {
      const now = store.state.now();
      return { status: 200, json: { datetime: zonedDateTime(now), response: 'pong', timestamp: now } };
    },
  };
}

export function snapshotEndpoints(store: Store): Record<'list' | 'take' | 'restore', Endpoint> {
  const state = store.state;
  return {
    list: {
      access: 'sysadmin',
      handle: () => ({
        status: 200,
        json: [...state.snapshots].sort((a, b) => b.timeMillis - a.timeMillis).map(snapshotRecord),
      }),
    },
    take: {
      access: 'sysadmin',
      handle: (ctx) => {
        const description = ctx.query.get('description');
        const snapshot = store.takeSnapshot(description || undefined, state.now(), state.config);
        return { status: 200, json: snapshotRecord(snapshot) };
      },
    },
    restore: {
      access: 'sysadmin',
      handle: (ctx) => {
        const snapshot = state.snapshots.find((s) => s.id === ctx.params[0]);
        if (!snapshot) return jsonError(404, `Snapshot with id ${ctx.params[0]} not found`);
        state.config = deepCopy(snapshot.config);
        return { status: 200, json: snapshotRecord(snapshot) };
      },
    },
  };
}
