// The API token endpoints (2.0 and 3.0): list, create, delete, expiry status and renew.
import { DAY_MS, createdTokenRecord, expiryStatusRecord, localDateTimeMillis, tokenListRecord } from './format';
import type { SimulatorToken } from './format';
import { parseId, parseJsonBody, type Endpoint, type RequestContext } from './endpoints';
import { TEXT_TYPE, jsonError, type Reply } from './reply';
import type { Store } from './state';

export type TokenEndpointName =
  'allTokens' | 'adminDelete' | 'myTokens' | 'create' | 'myDelete' | 'expiryStatus' | 'refresh';

const byIdDescending = (a: SimulatorToken, b: SimulatorToken) => b.id - a.id;

/** The validity a create asks for: days, 'forever', or a 400 for nonsense. Default 30 days. */
function requestedValidity(request: Record<string, unknown>): number | 'forever' | Reply {
  const asked = request.validForDays;
  if (request.isValidForever === true || (typeof asked === 'string' && /^forever$/i.test(asked))) return 'forever';
  if (asked === undefined || asked === null || asked === '') return 30;
  const days =
    typeof asked === 'number' ? asked : typeof asked === 'string' && /^\s*\d+\s*$/.test(asked) ? Number(asked) : NaN;
  if (!Number.isInteger(days) || days < 1)
    return jsonError(400, 'validForDays must be a whole number of days, at least 1.');
  return days;
}

const ownToken = (store: Store, ctx: RequestContext, id: number): SimulatorToken | undefined =>
  store.state.tokens.find((t) => t.id === id && t.username === ctx.user.username);

function deleteToken(store: Store, token: SimulatorToken | undefined, rawId: string): Reply {
  if (!token) return { status: 404, contentType: TEXT_TYPE, text: `API token with id ${rawId} not found` };
  store.state.tokens = store.state.tokens.filter((t) => t !== token);
  return { status: 200, contentType: TEXT_TYPE, text: `API token with id ${token.id} deleted` };
}

function create(store: Store, ctx: RequestContext): Reply {
  const parsed = parseJsonBody(ctx.body);
  if (!parsed.ok) return parsed.reply;
  const request = parsed.value;
  const now = store.state.now();
  const validity = requestedValidity(request);
  if (typeof validity === 'object') return validity;
  const name =
    typeof request.tokenName === 'string' && request.tokenName.trim() !== ''
      ? request.tokenName
      : `api_token_${localDateTimeMillis(now)}`;
  const description = typeof request.description === 'string' ? request.description : '';
  const token = store.addToken(ctx.user.username, name, description, validity, now);
  return { status: 201, json: createdTokenRecord(token) };
}

function refresh(store: Store, ctx: RequestContext): Reply {
  const parsed = parseJsonBody(ctx.body);
  if (!parsed.ok) return parsed.reply;
  const secret = parsed.value.apiToken;
  let token: SimulatorToken | undefined;
  if (typeof secret === 'string' && secret !== '') {
    token = store.state.tokens.find((t) => t.secret === secret && t.username === ctx.user.username);
    if (!token) return jsonError(404, 'API token not found');
  } else if (ctx.authToken) {
    token = ctx.authToken;
  } else {
    return jsonError(400, 'Send {"apiToken": "<token>"} or authenticate with the API token to renew it.');
  }
  const now = store.state.now();
  if (token.expiresAt !== undefined) {
    const days = token.validForDays ?? Math.max(1, Math.round((token.expiresAt - token.createdAt) / DAY_MS));
    token.expiresAt = now + days * DAY_MS;
  }
  return { status: 200, json: expiryStatusRecord(token, now, ctx.api) };
}

function list(store: Store, ctx: RequestContext, tokens: SimulatorToken[]): Record<string, unknown>[] {
  const now = store.state.now();
  return tokens.sort(byIdDescending).map((t) => tokenListRecord(t, now, ctx.api));
}

function expiryStatus(store: Store, ctx: RequestContext): Reply {
  const raw = ctx.query.get('id');
  const id = parseId(raw);
  if (id === undefined) return jsonError(400, 'Query parameter id (a token id) is required.');
  const token = ownToken(store, ctx, id);
  if (!token) return jsonError(404, `API token with id ${raw} not found`);
  return { status: 200, json: expiryStatusRecord(token, store.state.now(), ctx.api) };
}

export function tokenEndpoints(store: Store): Record<TokenEndpointName, Endpoint> {
  const mine = (ctx: RequestContext) => store.state.tokens.filter((t) => t.username === ctx.user.username);
  return {
    allTokens: {
      access: 'sysadmin',
      handle: (ctx) => ({ status: 200, json: { allApiTokens: list(store, ctx, [...store.state.tokens]) } }),
    },
    adminDelete: {
      access: 'sysadmin',
      handle: (ctx) => {
        const id = parseId(ctx.params[0]);
        const token = store.state.tokens.find((t) => t.id === id);
        return deleteToken(store, token, ctx.params[0]);
      },
    },
    myTokens: { access: 'user', handle: (ctx) => ({ status: 200, json: list(store, ctx, mine(ctx)) }) },
    create: { access: 'user', handle: (ctx) => create(store, ctx) },
    myDelete: {
      access: 'user',
      handle: (ctx) => {
        const id = parseId(ctx.params[0]);
        return deleteToken(store, id === undefined ? undefined : ownToken(store, ctx, id), ctx.params[0]);
      },
    },
    expiryStatus: { access: 'user', handle: (ctx) => expiryStatus(store, ctx) },
    refresh: { access: 'user', handle: (ctx) => refresh(store, ctx) },
  };
}
