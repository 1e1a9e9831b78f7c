// Realistic volumes: generated users, tokens with an expiry spread, snapshots over time and IdPs
// with managed groups, fast enough for 100,000 tokens in a fraction of a second (one random
// buffer, no per-record scans).
import { randomBytes } from 'node:crypto';
import { DAY_MS, snapshotStamp, type SimulatorToken } from './format';
import type { Store } from './state';
import { idpId, idpList, liveIdps } from './idp';
import type { SeedVolume, SimulatorIdp, SimulatorSnapshot, SimulatorUser } from './types';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SECRET_LENGTH = 128;
const VALIDITIES = [30, 90, 180, 365, 730];
const PURPOSES = ['CI build', 'Backup script', 'Grafana dashboard', 'Confluence sync', 'Release bot', 'Zapier'];
const DESCRIPTIONS = [
  '',
  '',
  'Used by the nightly job',
  'Read-only reporting',
  'Ask the platform team before deleting',
];
const SNAPSHOT_NOTES = ['', '', 'Before enabling Okta', 'Weekly backup', 'test', 'pre-change'];
/** Kantega's upgrade backups, oldest first; the newest generated one is always 7.3.0 -> 7.4.1. */
const UPGRADES = ['6.0.0', '6.1.2', '6.2.0', '6.3.1', '6.4.0', '7.0.0', '7.1.1', '7.2.0', '7.3.0', '7.4.1'];

/** A small deterministic PRNG (mulberry32): the same seed gives the same data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` secrets of A-Z2-7 from one random buffer: one byte per character (256 is a multiple of 32). */
function secrets(count: number): string {
  const bytes = randomBytes(count * SECRET_LENGTH);
  for (let i = 0; i < bytes.length; i++) bytes[i] = BASE32.charCodeAt(bytes[i] & 31);
  return bytes.toString('latin1');
}

function generateUsers(store: Store, count: number): void {
  const width = Math.max(4, String(count).length);
  for (let i = 1; i <= count; i++) {
    const username = `user${String(i).padStart(width, '0')}`;
    store.state.users.push({ username, password: username, sysadmin: false });
  }
}

/** Expiry and validity: ~15% expired, ~10% within a week, ~45% within a year, ~30% never. */
function expiry(now: number, random: () => number): { expiresAt?: number; validForDays?: number; createdAt: number } {
  const bucket = random();
  if (bucket >= 0.7) return { createdAt: now - Math.floor(random() * 900 * DAY_MS) };
  const expiresIn =
    bucket < 0.15
      ? -(1 + random() * 400) * DAY_MS
      : bucket < 0.25
        ? random() * 7 * DAY_MS
        : (10 + random() * 355) * DAY_MS;
  const expiresAt = Math.floor(now + expiresIn);
  let validForDays = VALIDITIES[Math.floor(random() * VALIDITIES.length)];
  // A token is created in the past: its validity is at least the time it has left.
  if (validForDays * DAY_MS <= expiresIn) validForDays = Math.ceil(expiresIn / DAY_MS) + 1;
  return { expiresAt, validForDays, createdAt: expiresAt - validForDays * DAY_MS };
}

function generateTokens(store: Store, count: number, random: () => number): void {
  const users: SimulatorUser[] = store.state.users;
  if (users.length === 0 || count <= 0) return;
  const now = store.state.now();
  const allSecrets = secrets(count);
  let id = store.nextTokenId();
  const tokens: SimulatorToken[] = store.state.tokens;
  for (let i = 0; i < count; i++, id++) {
    // Skewed toward the first users: a few service accounts own many tokens, most users few.
    const owner = users[Math.floor(random() * random() * users.length)];
    tokens.push({
      id,
      username: owner.username,
      name: `${PURPOSES[i % PURPOSES.length]} ${i + 1}`,
      description: DESCRIPTIONS[Math.floor(random() * DESCRIPTIONS.length)],
      secret: allSecrets.slice(i * SECRET_LENGTH, (i + 1) * SECRET_LENGTH),
      ...expiry(now, random),
    });
  }
}

function snapshotDescription(index: number, count: number, random: () => number): string | undefined {
  // Every tenth snapshot, counted from the newest, is an upgrade backup; the newest is 7.3.0 -> 7.4.1.
  const fromNewest = count - 1 - index;
  if (fromNewest % 10 === 0) {
    const step = UPGRADES.length - 2 - ((fromNewest / 10) % (UPGRADES.length - 1));
    return `Backup before upgrade of config from version ${UPGRADES[step]} to ${UPGRADES[step + 1]}`;
  }
  return SNAPSHOT_NOTES[Math.floor(random() * SNAPSHOT_NOTES.length)] || undefined;
}

function generateSnapshots(store: Store, count: number, random: () => number): void {
  if (count <= 0) return;
  const now = store.state.now();
  const span = Math.max(730 * DAY_MS, count * 60_000);
  const step = Math.floor(span / count);
  const taken = new Set(store.state.snapshots.map((s) => s.id));
  const { settings } = store;
  for (let i = 0; i < count; i++) {
    // Oldest first, at least a minute apart, so ids (stamped to the second) stay unique.
    const timeMillis = now - span + i * step + Math.floor(random() * Math.min(step - 1000, 3_600_000));
    let id = `sso-snapshot-${snapshotStamp(timeMillis)}`;
    for (let n = 2; taken.has(id); n++) id = `sso-snapshot-${snapshotStamp(timeMillis)}-${n}`;
    taken.add(id);
    const description = snapshotDescription(i, count, random);
    const snapshot: SimulatorSnapshot = {
      id,
      description: description ?? id,
      filename: `${id}.zip`,
      timeMillis,
      config: { revision: i + 1, identityProviders: ['Azure AD (SAML)'] },
      applicationName: settings.applicationName,
      applicationVersion: settings.applicationVersion,
      pluginVersion: /to (\S+)$/.exec(description ?? '')?.[1] ?? store.pluginVersion(),
      baseUrl: settings.baseUrl,
      readable: true,
    };
    store.state.snapshots.push(snapshot);
  }
}

const IDP_NAMES = ['Azure AD', 'Okta', 'AD FS', 'Google Workspace', 'Keycloak', 'OneLogin', 'PingFederate', 'Auth0'];
const PRODUCTS = ['jira', 'confluence', 'bitbucket', 'bamboo', 'jira-servicedesk'];
const TEAMS = ['platform', 'payments', 'mobile', 'data', 'security', 'hr', 'finance', 'support', 'sales', 'legal'];
const ROLES = ['users', 'administrators', 'developers', 'viewers', 'agents', 'approvers'];
/** Directory-style names as AD and Entra ID keep them: spaces, capitals, non-ASCII. */
const DIRECTORY_TEAMS = ['Økonomi', 'Customer Support', 'R&D', 'Ventes Québec', 'Bygg og drift'];

/** One group name, unique within its IdP: `-2`, `-3`... when the words repeat (no base ends in a number). */
function groupName(random: () => number, seen: Map<string, number>): string {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const base =
    random() < 0.8
      ? `${pick(PRODUCTS)}-${pick(TEAMS)}-${pick(ROLES)}`
      : `SG ${pick(DIRECTORY_TEAMS)} ${pick(['Users', 'Admins', 'Readers'])}`;
  const n = (seen.get(base) ?? 0) + 1;
  seen.set(base, n);
  return n === 1 ? base : `${base}-${n}`;
}

/**
 * Adds `count` IdPs with `groups` managed groups each, from their own PRNG stream (adding IdPs does
 * not change the tokens and snapshots a seed generates). Names repeat with a number after the first
 * round; every fourth is inactive.
 */
function generateIdps(store: Store, count: number, groups: number, seed: number): void {
  if (count <= 0) return;
  const random = prng(seed ^ 0x1d9e3779);
  const idps = liveIdps(store.state);
  const ids = new Set(idpList(store.state).map((idp) => idp.id));
  for (let i = 0; i < count; i++) {
    let id = idpId(random);
    while (ids.has(id)) id = idpId(random);
    ids.add(id);
    const round = Math.floor(i / IDP_NAMES.length);
    const name = `${IDP_NAMES[i % IDP_NAMES.length]}${round > 0 ? ` ${round + 1}` : ''}`;
    const seen = new Map<string, number>();
    const managedGroups = Array.from({ length: groups }, () => groupName(random, seen));
    const idp: SimulatorIdp = { id, name, enabled: i % 4 !== 3, managedGroups };
    idps.push(idp);
  }
}

/** Adds generated users (user0001...), then tokens spread over all users, then snapshots, then IdPs. */
export function generateVolume(store: Store, volume: SeedVolume): void {
  const random = prng(volume.randomSeed ?? 1);
  generateUsers(store, volume.users ?? 0);
  generateTokens(store, volume.tokens ?? 0, random);
  generateSnapshots(store, volume.snapshots ?? 0, random);
  const groups = volume.groups ?? 0;
  generateIdps(store, volume.idps ?? (groups > 0 ? 1 : 0), groups, volume.randomSeed ?? 1);
}
