// The `kantegaSso.instances` setting: reading hand-written entries leniently, validating what a person
// types into the Add Instance steps, and editing the array without losing entries we do not understand.
import * as l10n from '@vscode/l10n';
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
  /**
   * One readable line per entry that had to be skipped or corrected. Logged, and localized all the
   * same: the tree's "problems in the setting" row sends the person to read them.
   */
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
    problems.push(l10n.t('{0} must be an array of instance objects.', 'kantegaSso.instances'));
    return { instances, problems };
  }
  const seen = new Set<string>();
  raw.forEach((entry, index) => {
    const where = `kantegaSso.instances[${index}]`;
    if (!isJsonObject(entry)) {
      problems.push(l10n.t('{0} is not an object; skipped.', where));
      return;
    }
    const name = text(entry.name);
    if (!name) {
      problems.push(l10n.t('{0} has no "{1}"; skipped.', where, 'name'));
      return;
    }
    if (seen.has(name.toLowerCase())) {
      problems.push(l10n.t('{0}: the name "{1}" is used twice; the second entry is skipped.', where, name));
      return;
    }
    const url = checkBaseUrl(text(entry.baseUrl));
    if (!url.ok) {
      problems.push(l10n.t('{0} ("{1}"): {2} Skipped.', where, name, url.message));
      return;
    }
    let auth: CredentialKind = 'password';
    if (entry.auth !== undefined) {
      if (CREDENTIAL_KINDS.includes(entry.auth as CredentialKind)) auth = entry.auth as CredentialKind;
      else {
        problems.push(
          l10n.t(
            '{0} ("{1}"): "{2}" must be "{3}", "{4}" or "{5}"; using "{3}".',
            where,
            name,
            'auth',
            ...CREDENTIAL_KINDS,
          ),
        );
      }
    }
    let environment: Environment | undefined;
    if (entry.environment !== undefined) {
      if (ENVIRONMENTS.includes(entry.environment as Environment)) environment = entry.environment as Environment;
      else {
        problems.push(
          l10n.t(
            '{0} ("{1}"): "{2}" must be one of {3}; ignored.',
            where,
            name,
            'environment',
            ENVIRONMENTS.join(', '),
          ),
        );
      }
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
  if (!name) return l10n.t('Enter a name for this instance, e.g. "Jira production".');
  if (name.length > 80) return l10n.t('Use at most {0} characters.', 80);
  const taken = existingNames.some(
    (other) => other.toLowerCase() === name.toLowerCase() && other.toLowerCase() !== currentName?.toLowerCase(),
  );
  return taken ? l10n.t('An instance named "{0}" already exists; choose another name.', name) : undefined;
}

/** Undefined when usable. A personal access token identifies its user by itself, so it needs no user name. */
export function validateUsername(input: string, auth: CredentialKind): string | undefined {
  const username = input.trim();
  if (!username && auth !== 'pat') return l10n.t('Enter the user name to sign in with.');
  if (username.includes(':')) return l10n.t('A user name cannot contain ":".');
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
