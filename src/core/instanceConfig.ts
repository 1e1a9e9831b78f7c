// The `kantegaSso.instances` setting: reading hand-written entries leniently, validating what a person
// types into the Add Instance steps, and editing the array without losing entries we do not understand.
import { checkBaseUrl } from './baseUrl';
import { isJsonObject } from './json';
import type { CredentialKind } from './model';

export type Environment = 'production' | 'staging' | 'test' | 'development';
export const ENVIRONMENTS: readonly Environment[] = ['production', 'staging', 'test', 'development'];
const CREDENTIAL_KINDS: readonly CredentialKind[] = ['password', 'apiToken', 'pat'];

/** Production instances stand out and ask more before anything changes there. The one test for it. */
export function isProduction(instance: { readonly environment?: string }): boolean {
  return instance.environment === 'production';
}

/** One configured instance: everything but the secret, which lives in SecretStorage. */
export interface InstanceConfig {
  readonly name: string;
  readonly baseUrl: string;
  readonly username: string;
  readonly auth: CredentialKind;
  /** Undefined when the entry does not say (a hand-written entry may leave it out). */
  readonly environment?: Environment;
}

export interface ParsedInstances {
  readonly instances: InstanceConfig[];
  /** One readable line per entry that had to be skipped or corrected. */
  readonly problems: string[];
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/**
 * Reads the setting as written, by our UI or by hand. Entries without a usable name or base URL are
 * skipped with a problem line; an unknown `auth` falls back to password and an unknown `environment`
 * is dropped, each with a problem line, so that one typo does not hide an instance.
 */
export function parseInstanceConfigs(raw: unknown): ParsedInstances {
  const instances: InstanceConfig[] = [];
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { instances, problems };
  if (!Array.isArray(raw)) {
    problems.push('kantegaSso.instances must be an array of instance objects.');
    return { instances, problems };
  }
  const seen = new Set<string>();
  raw.forEach((entry, index) => {
    const where = `kantegaSso.instances[${index}]`;
    if (!isJsonObject(entry)) {
      problems.push(`${where} is not an object; skipped.`);
      return;
    }
    const name = text(entry.name);
    if (!name) {
      problems.push(`${where} has no "name"; skipped.`);
      return;
    }
    if (seen.has(name.toLowerCase())) {
      problems.push(`${where}: the name "${name}" is used twice; the second entry is skipped.`);
      return;
    }
    const url = checkBaseUrl(text(entry.baseUrl));
    if (!url.ok) {
      problems.push(`${where} ("${name}"): ${url.message} Skipped.`);
      return;
    }
    let auth: CredentialKind = 'password';
    if (entry.auth !== undefined) {
      if (CREDENTIAL_KINDS.includes(entry.auth as CredentialKind)) auth = entry.auth as CredentialKind;
      else problems.push(`${where} ("${name}"): "auth" must be "password", "apiToken" or "pat"; using "password".`);
    }
    let environment: Environment | undefined;
    if (entry.environment !== undefined) {
      if (ENVIRONMENTS.includes(entry.environment as Environment)) environment = entry.environment as Environment;
      else problems.push(`${where} ("${name}"): "environment" must be one of ${ENVIRONMENTS.join(', ')}; ignored.`);
    }
    seen.add(name.toLowerCase());
    instances.push({ name, baseUrl: url.baseUrl, username: text(entry.username), auth, environment });
  });
  return { instances, problems };
}

/** Undefined when the name is usable, else why not. Names are unique regardless of case. */
export function validateInstanceName(
  input: string,
  existingNames: readonly string[],
  currentName?: string,
): string | undefined {
  const name = input.trim();
  if (!name) return 'Enter a name for this instance, e.g. "Jira production".';
  if (name.length > 80) return 'Use at most 80 characters.';
  const taken = existingNames.some(
    (other) => other.toLowerCase() === name.toLowerCase() && other.toLowerCase() !== currentName?.toLowerCase(),
  );
  return taken ? `An instance named "${name}" already exists; choose another name.` : undefined;
}

/** Undefined when usable. A personal access token identifies its user by itself, so it needs no user name. */
export function validateUsername(input: string, auth: CredentialKind): string | undefined {
  const username = input.trim();
  if (!username && auth !== 'pat') return 'Enter the user name to sign in with.';
  if (username.includes(':')) return 'A user name cannot contain ":".';
  return undefined;
}

/** The setting entry for an instance, in a stable key order. */
function toSettingEntry(config: InstanceConfig): Record<string, string> {
  const entry: Record<string, string> = {
    name: config.name,
    baseUrl: config.baseUrl,
    username: config.username,
    auth: config.auth,
  };
  if (config.environment) entry.environment = config.environment;
  return entry;
}

function entryName(entry: unknown): string | undefined {
  return isJsonObject(entry) && typeof entry.name === 'string' ? entry.name.trim().toLowerCase() : undefined;
}

/**
 * The new setting array with `config` saved: replaces the entry named `previousName` (or `config.name`),
 * keeping its position and any extra keys a person wrote by hand; appends when there is none.
 */
export function upsertSettingEntry(raw: unknown, config: InstanceConfig, previousName?: string): unknown[] {
  const entries = Array.isArray(raw) ? [...raw] : [];
  const target = (previousName ?? config.name).toLowerCase();
  const index = entries.findIndex((entry) => entryName(entry) === target);
  if (index < 0) return [...entries, toSettingEntry(config)];
  const previous = entries[index] as Record<string, unknown>;
  const merged: Record<string, unknown> = { ...previous, ...toSettingEntry(config) };
  if (!config.environment) delete merged.environment;
  entries[index] = merged;
  return entries;
}

/** The setting array without the entry named `name`. */
export function removeSettingEntry(raw: unknown, name: string): unknown[] {
  const entries = Array.isArray(raw) ? raw : [];
  return entries.filter((entry) => entryName(entry) !== name.toLowerCase());
}
