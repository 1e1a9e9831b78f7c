// The fleet inventory's model: what is known of each instance (facts the editor gathers from what it
// already loaded), and the drift rules that compare instances of one product across environments.
// Pure: no `vscode`, no clock, no requests; tested directly, with properties. Words come later
// (inventoryText.ts): the marks here are data, so that a rule is tested apart from its wording.
import { baseUrlKey } from '../baseUrl';
import { isClockSkewRisky } from '../api/clockSkew';
import { isProduction } from '../instanceConfig';
import { DAY_MS } from '../model';
import type { ExpiryUrgency } from '../text/format';
import { idpNameKey, productOf, type Product } from './managedGroups';

/** What the status check said, in the inventory's words. */
export type InventoryStatus =
  'checking' | 'online' | 'unreachable' | 'credentialRejected' | 'credentialMissing' | 'needsConsent' | 'error';

/** Why a fact is not known: not loaded yet, not offered, refused, failed, or not asked (instance offline). */
export type UnknownReason = 'loading' | 'offline' | 'forbidden' | 'notOffered' | 'failed';

export type Known<T> =
  | { readonly known: true; readonly value: T }
  | { readonly known: false; readonly reason: UnknownReason; readonly message?: string };

/** The newest snapshot's word on the instance: server text, as decoded (never blank when present). */
export interface SnapshotFacts {
  /** When it was taken, epoch ms; undefined when the server gave no plausible time. */
  readonly takenAt?: number;
  readonly applicationName?: string;
  readonly applicationVersion?: string;
  readonly pluginVersion?: string;
  /** The base URL the product believes it has. */
  readonly baseUrl?: string;
}

export interface UpgradeBackupFacts {
  readonly from: string;
  readonly to: string;
  readonly takenAt?: number;
}

export interface SnapshotsFacts {
  readonly count: number;
  /** The newest snapshot with a known time (else the first listed); undefined when there is none. */
  readonly newest?: SnapshotFacts;
  /** The newest upgrade backup Kantega SSO took before an app upgrade. */
  readonly upgradeBackup?: UpgradeBackupFacts;
}

export interface TokenFacts {
  /** Everyone's tokens (a system administrator) or the user's own. */
  readonly scope: 'everyone' | 'own';
  readonly total: number;
  readonly expired: number;
  /** Expiring within the warning window (not expired). */
  readonly expiring: number;
  readonly neverExpiring: number;
  /** Whether the instance signs in with a Kantega API token. */
  readonly signsInWithApiToken: boolean;
  /** That token, when it can be told which one it is. */
  readonly signInToken?: {
    readonly name: string;
    readonly expiresAt?: number;
    readonly neverExpires: boolean;
    /** Measured against the token warning window. */
    readonly urgency: ExpiryUrgency;
  };
}

export interface IdpFacts {
  readonly id: string;
  readonly name: string;
  /** Each managed group once, sorted (as the cache keeps them). */
  readonly groups: Known<readonly string[]>;
}

/** One configured instance as the inventory knows it. Never a secret. */
export interface InstanceFacts {
  /** The configured name (the user's own text). */
  readonly name: string;
  readonly environment?: string;
  /** The configured base URL. */
  readonly baseUrl: string;
  readonly status: InventoryStatus;
  /** The status check's message when it did not come online. */
  readonly statusMessage?: string;
  readonly snapshots: Known<SnapshotsFacts>;
  /** Server clock minus ours, ms, from the status check's ping. */
  readonly clockSkewMs?: number;
  readonly tokens: Known<TokenFacts>;
  readonly identityProviders: Known<readonly IdpFacts[]>;
}

export interface InventoryOptions {
  readonly now: number;
  /** `kantegaSso.snapshotMaxAgeDays`: a newest snapshot older than this is marked. */
  readonly snapshotMaxAgeDays: number;
}

/** The cells of the inventory a mark belongs to. */
export type InventoryColumn =
  | 'status'
  | 'product'
  | 'kantegaSso'
  | 'baseUrl'
  | 'snapshot'
  | 'clock'
  | 'tokens'
  | 'signInToken'
  | 'identityProviders';

/** Who a difference is with: the production instance, the majority, or (no majority) the others. */
export type Reference =
  | { readonly kind: 'production'; readonly label: string }
  | { readonly kind: 'majority'; readonly labels: readonly string[] }
  | { readonly kind: 'none'; readonly labels: readonly string[] };

/** A value compared across instances of one product: the instance's value and the reference's. */
export type DriftMark =
  | {
      readonly kind: 'productVersion' | 'pluginVersion';
      readonly label: string;
      readonly product: string;
      readonly value: string;
      /** The reference's value; the values of the others, joined, when there is no majority. */
      readonly referenceValue: string;
      readonly reference: Reference;
    }
  /** An identity provider (by name) the reference trusts and this instance does not. */
  | { readonly kind: 'idpMissing'; readonly label: string; readonly idp: string; readonly reference: Reference }
  /** An identity provider this instance trusts and the reference does not. */
  | { readonly kind: 'idpExtra'; readonly label: string; readonly idp: string; readonly reference: Reference }
  /** The managed groups of an identity provider (by name) differ from the reference's. */
  | {
      readonly kind: 'groupsDiffer';
      readonly label: string;
      readonly idp: string;
      /** Groups the reference manages and this instance does not. */
      readonly missing: number;
      /** Groups this instance manages and the reference does not. */
      readonly extra: number;
      readonly reference: Reference;
    };

/** Something wrong with one instance on its own, whatever the others say. */
export type WarningMark =
  /** The newest snapshot carries another base URL than the one configured (a clone of production?). */
  | { readonly kind: 'baseUrl'; readonly productBaseUrl: string; readonly belongsTo?: string }
  | { readonly kind: 'staleSnapshot'; readonly ageDays: number; readonly maxAgeDays: number }
  | { readonly kind: 'noSnapshot' }
  | { readonly kind: 'clockSkew'; readonly skewMs: number }
  | { readonly kind: 'expiredTokens'; readonly count: number }
  | { readonly kind: 'signInTokenExpiring'; readonly expiresAt: number; readonly expired: boolean };

export type InventoryMark = (DriftMark | WarningMark) & { readonly column: InventoryColumn };

export interface InstanceAssessment {
  readonly facts: InstanceFacts;
  /** The product it is compared within (undefined: its own group, compared with nothing). */
  readonly product?: Product;
  /** How marks name it: its environment when that is unique among its product's, else its name. */
  readonly label: string;
  readonly marks: readonly InventoryMark[];
}

export interface InventorySummary {
  /** Drift marks: values that differ between instances of one product. */
  readonly differences: number;
  /** Warning marks. */
  readonly warnings: number;
  /** Instances with at least one drift mark. */
  readonly driftingInstances: number;
  /** Products with at least two instances (the groups compared). */
  readonly comparedProducts: number;
  /** Instances not online (their facts are unknown, never "different"). */
  readonly offline: number;
}

export interface InventoryAssessment {
  readonly instances: readonly InstanceAssessment[];
  readonly summary: InventorySummary;
}

const DRIFT_KINDS: ReadonlySet<string> = new Set([
  'productVersion',
  'pluginVersion',
  'idpMissing',
  'idpExtra',
  'groupsDiffer',
]);

export function isDriftMark(mark: InventoryMark): mark is DriftMark & { readonly column: InventoryColumn } {
  return DRIFT_KINDS.has(mark.kind);
}

/** The newest snapshot's facts, when known. */
function newestSnapshot(facts: InstanceFacts): SnapshotFacts | undefined {
  return facts.snapshots.known ? facts.snapshots.value.newest : undefined;
}

/** The product an instance is compared within: its newest snapshot's application name, else its own name or address. */
export function inventoryProduct(facts: InstanceFacts): Product | undefined {
  return productOf({
    applicationName: newestSnapshot(facts)?.applicationName,
    name: facts.name,
    baseUrl: facts.baseUrl,
  });
}

/** One instance's value of a compared field; an unknown value is never compared. */
interface Compared<V> {
  readonly index: number;
  readonly value: V;
}

type ReferenceOf<V> =
  | { readonly kind: 'production'; readonly at: Compared<V> }
  | { readonly kind: 'majority'; readonly at: Compared<V>; readonly holders: number[] }
  | { readonly kind: 'none' };

/**
 * The reference among known values: the production instance's when exactly one production instance
 * knows it; else the value most instances share when one value leads; else none (a tie). `keyOf`
 * is asked only without a production value: a key of 1,000 group names costs more than comparing.
 */
function referenceOf<V>(
  values: readonly Compared<V>[],
  production: ReadonlySet<number>,
  keyOf: (value: V) => string,
): ReferenceOf<V> {
  const fromProduction = values.filter((entry) => production.has(entry.index));
  if (fromProduction.length === 1) return { kind: 'production', at: fromProduction[0] };
  const holders = new Map<string, Compared<V>[]>();
  for (const entry of values) addTo(holders, keyOf(entry.value), entry);
  let best: Compared<V>[] | undefined;
  let tie = false;
  for (const list of holders.values()) {
    if (!best || list.length > best.length) {
      best = list;
      tie = false;
    } else if (list.length === best.length) tie = true;
  }
  if (!best || tie) return { kind: 'none' };
  return { kind: 'majority', at: best[0], holders: best.map((entry) => entry.index) };
}

/** Adds `value` to the list kept under `key`, starting the list when it is the key's first. */
function addTo<K, V>(lists: Map<K, V[]>, key: K, value: V): void {
  const list = lists.get(key);
  if (list) list.push(value);
  else lists.set(key, [value]);
}

/** Whether a list is sorted by code unit without repeats, as the cache keeps managed groups. */
function isSortedUnique(list: readonly string[]): boolean {
  for (let i = 1; i < list.length; i++) if (!(list[i - 1] < list[i])) return false;
  return true;
}

/**
 * How many names of `expected` `actual` lacks, and how many it has beyond them. Sorted lists (as the
 * cache keeps them) are walked side by side, allocating nothing: 200 instances of 1,000 groups each
 * are compared on every redraw. Any other list goes through sets.
 */
function listDifference(expected: readonly string[], actual: readonly string[]): { missing: number; extra: number } {
  if (isSortedUnique(expected) && isSortedUnique(actual)) {
    let missing = 0;
    let extra = 0;
    let i = 0;
    let j = 0;
    while (i < expected.length && j < actual.length) {
      if (expected[i] === actual[j]) {
        i++;
        j++;
      } else if (expected[i] < actual[j]) {
        missing++;
        i++;
      } else {
        extra++;
        j++;
      }
    }
    return { missing: missing + expected.length - i, extra: extra + actual.length - j };
  }
  const expectedSet = new Set(expected);
  const actualSet = new Set(actual);
  let missing = 0;
  for (const name of expectedSet) if (!actualSet.has(name)) missing++;
  let extra = 0;
  for (const name of actualSet) if (!expectedSet.has(name)) extra++;
  return { missing, extra };
}

/** Two sorted lists hold the same names. */
function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Names each instance of a product group: its environment when no other there has it, else its name. */
function labelsOf(group: readonly InstanceFacts[]): string[] {
  const environments = new Map<string, number>();
  for (const facts of group) {
    if (facts.environment) environments.set(facts.environment, (environments.get(facts.environment) ?? 0) + 1);
  }
  return group.map((facts) =>
    facts.environment && environments.get(facts.environment) === 1 ? facts.environment : facts.name,
  );
}

function ageDays(takenAt: number, now: number): number {
  return Math.floor((now - takenAt) / DAY_MS);
}

/**
 * The marks an instance earns on its own. `owners`: each configured base URL's key and the
 * instances configured with it, in order (each address is parsed once, not once per pair of instances).
 */
function warningsOf(
  facts: InstanceFacts,
  owners: ReadonlyMap<string, readonly InstanceFacts[]>,
  options: InventoryOptions,
): InventoryMark[] {
  const marks: InventoryMark[] = [];
  const newest = newestSnapshot(facts);
  if (facts.snapshots.known) {
    if (!newest) marks.push({ kind: 'noSnapshot', column: 'snapshot' });
    else if (newest.takenAt !== undefined) {
      const age = ageDays(newest.takenAt, options.now);
      if (age > options.snapshotMaxAgeDays)
        marks.push({ kind: 'staleSnapshot', ageDays: age, maxAgeDays: options.snapshotMaxAgeDays, column: 'snapshot' });
    }
    if (newest?.baseUrl !== undefined) {
      const productKey = baseUrlKey(newest.baseUrl);
      if (productKey !== baseUrlKey(facts.baseUrl)) {
        const owner = owners.get(productKey)?.find((other) => other !== facts);
        const belongsTo = owner ? { belongsTo: owner.name } : {};
        marks.push({ kind: 'baseUrl', productBaseUrl: newest.baseUrl, ...belongsTo, column: 'baseUrl' });
      }
    }
  }
  if (facts.clockSkewMs !== undefined && Number.isFinite(facts.clockSkewMs) && isClockSkewRisky(facts.clockSkewMs))
    marks.push({ kind: 'clockSkew', skewMs: facts.clockSkewMs, column: 'clock' });
  if (facts.tokens.known) {
    const tokens = facts.tokens.value;
    if (tokens.expired > 0) marks.push({ kind: 'expiredTokens', count: tokens.expired, column: 'tokens' });
    const signIn = tokens.signInToken;
    if (signIn?.expiresAt !== undefined && (signIn.urgency === 'expired' || signIn.urgency === 'soon')) {
      const expired = signIn.urgency === 'expired';
      marks.push({ kind: 'signInTokenExpiring', expiresAt: signIn.expiresAt, expired, column: 'signInToken' });
    }
  }
  return marks;
}

/** Compares one scalar field (a version) within a product group and marks each instance that differs. */
function compareScalar(
  group: readonly InstanceFacts[],
  labels: readonly string[],
  production: ReadonlySet<number>,
  product: string,
  kind: 'productVersion' | 'pluginVersion',
  valueOf: (facts: InstanceFacts) => string | undefined,
  marks: InventoryMark[][],
): void {
  const values: Compared<string>[] = [];
  group.forEach((facts, index) => {
    const value = valueOf(facts);
    if (value !== undefined) values.push({ index, value });
  });
  const column: InventoryColumn = kind === 'productVersion' ? 'product' : 'kantegaSso';
  const reference = referenceOf(values, production, (value) => value);
  for (const entry of values) {
    let compared: { referenceValue: string; reference: Reference };
    if (reference.kind !== 'none') {
      if (entry.value === reference.at.value) continue;
      compared = { referenceValue: reference.at.value, reference: referenceFor(reference, labels) };
    } else {
      // No production value and no majority: each differs from the others, who are named.
      const others = values.filter((other) => other.value !== entry.value);
      if (!others.length) continue;
      compared = {
        referenceValue: [...new Set(others.map((other) => other.value))].join(', '),
        reference: { kind: 'none', labels: others.map((other) => labels[other.index]) },
      };
    }
    marks[entry.index].push({ kind, label: labels[entry.index], product, value: entry.value, ...compared, column });
  }
}

/** The reference of a comparison, as marks name it. */
function referenceFor(
  reference: Exclude<ReferenceOf<unknown>, { kind: 'none' }>,
  labels: readonly string[],
): Reference {
  return reference.kind === 'production'
    ? { kind: 'production', label: labels[reference.at.index] }
    : { kind: 'majority', labels: reference.holders.map((i) => labels[i]) };
}

/**
 * Compares the identity providers (by name) and, for each one both sides trust, its managed groups.
 * An instance whose identity providers are unknown is compared with nothing; so is an IdP whose
 * groups did not load.
 */
function compareIdentityProviders(
  group: readonly InstanceFacts[],
  labels: readonly string[],
  production: ReadonlySet<number>,
  marks: InventoryMark[][],
): void {
  // Per instance: IdP name key -> its shown name and facts (the first of a repeated name).
  const idpsOf = group.map((facts) => {
    if (!facts.identityProviders.known) return undefined;
    const byKey = new Map<string, IdpFacts>();
    for (const idp of facts.identityProviders.value) {
      const key = idpNameKey(idp.name);
      if (!byKey.has(key)) byKey.set(key, idp);
    }
    return byKey;
  });
  const allKeys = new Map<string, string>();
  for (const idps of idpsOf) for (const [key, idp] of idps ?? []) if (!allKeys.has(key)) allKeys.set(key, idp.name);

  for (const [key, shownName] of allKeys) {
    // Presence of this IdP on each instance whose list is known.
    const presence: Compared<boolean>[] = [];
    idpsOf.forEach((idps, index) => {
      if (idps) presence.push({ index, value: idps.has(key) });
    });
    const reference = referenceOf(presence, production, String);
    if (reference.kind !== 'none') {
      for (const entry of presence) {
        if (entry.value === reference.at.value) continue;
        const idp = idpsOf[entry.index]?.get(key)?.name ?? shownName;
        marks[entry.index].push({
          kind: entry.value ? 'idpExtra' : 'idpMissing',
          label: labels[entry.index],
          idp,
          reference: referenceFor(reference, labels),
          column: 'identityProviders',
        });
      }
    }

    // The groups of this IdP wherever it is trusted and its groups are known.
    const groupSets: Compared<readonly string[]>[] = [];
    idpsOf.forEach((idps, index) => {
      const groups = idps?.get(key)?.groups;
      if (groups?.known) groupSets.push({ index, value: groups.value });
    });
    const groupReference = referenceOf(groupSets, production, (groups) => groups.join('\n'));
    if (groupReference.kind === 'none') continue;
    const expected = groupReference.at.value;
    for (const entry of groupSets) {
      if (sameList(entry.value, expected)) continue;
      const { missing, extra } = listDifference(expected, entry.value);
      if (missing + extra === 0) continue; // the same names, listed in another order
      marks[entry.index].push({
        kind: 'groupsDiffer',
        label: labels[entry.index],
        idp: idpsOf[entry.index]?.get(key)?.name ?? shownName,
        missing,
        extra,
        reference: referenceFor(groupReference, labels),
        column: 'identityProviders',
      });
    }
  }
}

/**
 * Every instance's marks: its own warnings, and the values that differ from its product's production
 * instance (or from the majority where no production instance knows the value). Unknown values are
 * compared with nothing: they are unknown, never different.
 */
export function assessInventory(facts: readonly InstanceFacts[], options: InventoryOptions): InventoryAssessment {
  const products = facts.map(inventoryProduct);
  const owners = new Map<string, InstanceFacts[]>();
  for (const instance of facts) addTo(owners, baseUrlKey(instance.baseUrl), instance);
  const marks: InventoryMark[][] = facts.map((instance) => warningsOf(instance, owners, options));
  const labels: string[] = facts.map((instance) => instance.name);

  const groups = new Map<Product, number[]>();
  products.forEach((product, index) => {
    if (product) addTo(groups, product, index);
  });
  let comparedProducts = 0;
  for (const [product, indexes] of groups) {
    if (indexes.length < 2) continue;
    comparedProducts++;
    const group = indexes.map((i) => facts[i]);
    const groupLabels = labelsOf(group);
    groupLabels.forEach((label, i) => (labels[indexes[i]] = label));
    const production = new Set(group.flatMap((instance, i) => (isProduction(instance) ? [i] : [])));
    const groupMarks: InventoryMark[][] = group.map(() => []);
    compareScalar(
      group,
      groupLabels,
      production,
      product,
      'productVersion',
      (i) => newestSnapshot(i)?.applicationVersion,
      groupMarks,
    );
    compareScalar(
      group,
      groupLabels,
      production,
      'Kantega SSO',
      'pluginVersion',
      (i) => newestSnapshot(i)?.pluginVersion,
      groupMarks,
    );
    compareIdentityProviders(group, groupLabels, production, groupMarks);
    groupMarks.forEach((list, i) => marks[indexes[i]].push(...list));
  }

  const instances = facts.map((instance, index) => ({
    facts: instance,
    product: products[index],
    label: labels[index],
    marks: marks[index],
  }));
  return { instances, summary: summarizeInventory(instances, comparedProducts) };
}

/**
 * The counts above the table, of these instances (all, or those a filter shows: their marks stay as
 * the whole fleet's comparison made them). `comparedProducts`: the product groups of two or more.
 */
export function summarizeInventory(
  instances: readonly InstanceAssessment[],
  comparedProducts: number,
): InventorySummary {
  let differences = 0;
  let warnings = 0;
  let driftingInstances = 0;
  for (const instance of instances) {
    const drift = instance.marks.filter(isDriftMark).length;
    differences += drift;
    warnings += instance.marks.length - drift;
    if (drift) driftingInstances++;
  }
  const offline = instances.filter((instance) => instance.facts.status !== 'online').length;
  return { differences, warnings, driftingInstances, comparedProducts, offline };
}
