// The identity-provider family (`ksso/api/idp/1.0`): the IdPs and their managed groups. They live
// in the live config under `idps` (SimulatorIdp records), so a snapshot captures them, a restore
// puts them back (the only undo of an added group), and cluster nodes share them with the config.
// The endpoints read that config leniently: a test may PUT any JSON there (see index.ts).
import { randomBytes } from 'node:crypto';
import type { Endpoint, RequestContext } from './endpoints';
import { jsonError, type Reply } from './reply';
import type { Settings, Store } from './state';
import type { SimulatorIdp, SimulatorState } from './types';

/** Where the live config keeps the IdPs. */
export const IDP_CONFIG_KEY = 'idps';
/** The family's paths below `/rest/ksso/api`. */
export const IDP_API_PREFIX = '/idp/';

/** The vendor's example id, and a second IdP: what the default seed configures. */
export const SEEDED_IDPS: readonly Readonly<SimulatorIdp>[] = Object.freeze([
  {
    id: '1ncq3jsPC74BGuNnfZPl',
    name: 'AD FS',
    enabled: true,
    managedGroups: ['jira-administrators-sso', 'jira-software-users-sso', 'confluence-users-sso'],
  },
  {
    id: 'okta-0oa1b2c3',
    name: 'Okta',
    enabled: true,
    managedGroups: ['jira-servicedesk-agents-sso', 'contractors-sso'],
  },
]);

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A Kantega-style opaque id: 20 letters and digits (`pick` = 0..1, random by default). */
export function idpId(pick: () => number = () => randomBytes(1)[0] / 256): string {
  let id = '';
  for (let i = 0; i < 20; i++) id += ID_ALPHABET[Math.floor(pick() * ID_ALPHABET.length)];
  return id;
}

/** 5.7.0 has no IdP family; 'latest' has it unless switched off (idpApi option, setIdpApi). */
export function idpApiOffered(settings: Settings): boolean {
  return settings.version !== '5.7.0' && settings.idpApi;
}

type IdpRecord = Record<string, unknown>;

const isRecord = (v: unknown): v is IdpRecord => !!v && typeof v === 'object' && !Array.isArray(v);

/** The live config's IdP entries (objects only), or [] when there are none. */
function idpRecords(state: SimulatorState): IdpRecord[] {
  const list = state.config[IDP_CONFIG_KEY];
  return Array.isArray(list) ? list.filter(isRecord) : [];
}

/** The live array of IdPs, created when the config has none. */
export function liveIdps(state: SimulatorState): unknown[] {
  const list = state.config[IDP_CONFIG_KEY];
  if (Array.isArray(list)) return list;
  const created: unknown[] = [];
  state.config[IDP_CONFIG_KEY] = created;
  return created;
}

function findIdp(state: SimulatorState, id: string): IdpRecord | undefined {
  return idpRecords(state).find((r) => r.id !== undefined && r.id !== null && String(r.id) === id);
}

/** An IdP's groups as stored (non-strings included if a test put them there); [] when not a list. */
function groupsOf(record: IdpRecord): unknown[] {
  return Array.isArray(record.managedGroups) ? record.managedGroups : [];
}

/** What a non-sysadmin gets on this family: 401 as the vendor documents (the token API says 403). */
export function notSysadmin(): Reply {
  return jsonError(401, 'Client must be authenticated as a system administrator to access this resource.');
}

const NO_CONTENT: Reply = { status: 204, text: '' };

const unknownIdp = (id: string) => jsonError(404, `Identity provider with id ${id} not found`);

function ignored(setting: SimulatorState['idpAddIgnored'], id: string): boolean {
  return setting === true || (Array.isArray(setting) && setting.includes(id));
}

function add(store: Store, ctx: RequestContext): Reply {
  const { state } = store;
  const [id, group] = ctx.params;
  if (id.trim() === '') return jsonError(400, 'The identity provider id must not be empty.');
  if (group.trim() === '') return jsonError(400, 'The managed group name must not be empty.');
  const idp = findIdp(state, id);
  if (!idp) return unknownIdp(id);
  const groups = groupsOf(idp);
  if (groups.includes(group)) {
    return jsonError(409, `The group ${group} is already a managed group of identity provider ${id}.`);
  }
  const applied = !ignored(state.idpAddIgnored, id);
  if (applied && Array.isArray(idp.managedGroups)) idp.managedGroups.push(group);
  else if (applied) idp.managedGroups = [group];
  state.managedGroupAdds.push({ idpId: id, group, at: state.now(), applied });
  return NO_CONTENT;
}

function isManaged(store: Store, ctx: RequestContext): Reply {
  const [id, group] = ctx.params;
  const idp = findIdp(store.state, id);
  if (!idp) return unknownIdp(id);
  if (!groupsOf(idp).includes(group)) {
    return jsonError(404, `The group ${group} is not a managed group of identity provider ${id}.`);
  }
  return NO_CONTENT;
}

type IdpEndpointName = 'list' | 'groups' | 'isManaged' | 'add';

function idpEndpoints(store: Store): Record<IdpEndpointName, Endpoint> {
  const sysadmin = (handle: Endpoint['handle']): Endpoint => ({ access: 'sysadmin', notSysadmin, handle });
  return {
    list: sysadmin(() => ({
      status: 200,
      json: idpRecords(store.state).map((r) => ({ id: r.id, name: r.name })),
    })),
    groups: sysadmin((ctx) => {
      const idp = findIdp(store.state, ctx.params[0]);
      return idp ? { status: 200, json: groupsOf(idp) } : unknownIdp(ctx.params[0]);
    }),
    isManaged: sysadmin((ctx) => isManaged(store, ctx)),
    add: sysadmin((ctx) => add(store, ctx)),
  };
}

/** The family's routes (paths below `/rest/ksso/api`), for the route table. */
export function idpRoutes(store: Store): Array<[RegExp, Record<string, Endpoint>]> {
  const idp = idpEndpoints(store);
  return [
    [/^\/idp\/1\.0\/idp\/ids\/?$/, { GET: idp.list }],
    [/^\/idp\/1\.0\/managedgroups\/([^/]+)\/groups\/?$/, { GET: idp.groups }],
    [/^\/idp\/1\.0\/managedgroups\/([^/]+)\/groups\/([^/]+)\/?$/, { GET: idp.isManaged, POST: idp.add }],
  ];
}

/** Adds an IdP to the live config; returns its id. */
export function addIdp(
  state: SimulatorState,
  name: string,
  id: string = idpId(),
  opts: { enabled?: boolean; managedGroups?: string[] } = {},
): string {
  if (findIdp(state, id)) throw new Error(`The simulator already has an identity provider with id ${id}`);
  const idp: SimulatorIdp = { id, name, enabled: opts.enabled ?? true, managedGroups: [...(opts.managedGroups ?? [])] };
  liveIdps(state).push(idp);
  return id;
}

export function setManagedGroups(state: SimulatorState, id: string, groups: string[]): void {
  const idp = findIdp(state, id);
  if (!idp) throw new Error(`The simulator has no identity provider with id ${id}`);
  idp.managedGroups = [...groups];
}

/** Copies of the configured IdPs, with the shape SimulatorIdp promises. */
export function idpList(state: SimulatorState): SimulatorIdp[] {
  return idpRecords(state).map((r) => ({
    id: String(r.id),
    name: String(r.name ?? ''),
    enabled: r.enabled !== false,
    managedGroups: groupsOf(r).map(String),
  }));
}

/** The seed's IdPs as of a config revision: fewer groups in older snapshots, all of them live. */
export function seededIdps(stage: 'oldest' | 'older' | 'live'): SimulatorIdp[] {
  const [adfs, okta] = SEEDED_IDPS;
  const copy = (idp: Readonly<SimulatorIdp>, groups: number) => ({
    ...idp,
    managedGroups: idp.managedGroups.slice(0, groups),
  });
  if (stage === 'oldest') return [copy(adfs, 1)];
  if (stage === 'older') return [copy(adfs, 2), copy(okta, 2)];
  return [copy(adfs, 3), copy(okta, 2)];
}
