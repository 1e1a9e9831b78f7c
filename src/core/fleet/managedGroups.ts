// Managed groups across the fleet: which identity provider a fleet add goes to on each instance
// (IdP ids are made per instance, so the same IdP is found by its name), and what Find Managed
// Group… makes of the answers (where the group is managed, where it is missing, where it could not
// be checked). Pure: no `vscode`, no requests.
import type { IdpApiState } from '../api/identityProviders';

/** What is matched of an identity provider (the client's IdentityProvider): its name. */
export interface NamedIdp {
  readonly name: string;
}

/**
 * How IdP names are matched across instances: trimmed, runs of white space as one space, NFC, and
 * ignoring case. The same IdP is set up by hand on each instance, so "AD FS" and "ad fs " are one
 * intent; anything looser ("Entra ID" vs "Azure AD", an invisible character) could put a group on
 * the wrong IdP, so it stays apart and the person picks per instance.
 */
export function idpNameKey(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/gu, ' ').toLowerCase();
}

/** An IdP name a fleet add may pick once for every instance. */
export interface SharedIdpName {
  readonly key: string;
  /** As written on most instances (the first instance's spelling on a tie). */
  readonly name: string;
  /** On how many instances an IdP of this name is found. */
  readonly found: number;
  /** On how many of them exactly once (elsewhere the person picks which). */
  readonly unique: number;
}

/**
 * The names worth offering for one pick: those found on at least two of the instances (on the one,
 * when only one is picked); the most widespread first, then by name. Each instance's list counts a
 * name once, however often it holds it.
 */
export function sharedIdpNames(lists: ReadonlyArray<readonly NamedIdp[]>): SharedIdpName[] {
  const byKey = new Map<string, { found: number; unique: number; spellings: Map<string, number> }>();
  for (const idps of lists) {
    const counts = new Map<string, { count: number; spelling: string }>();
    for (const idp of idps) {
      const key = idpNameKey(idp.name);
      if (!key) continue;
      const seen = counts.get(key);
      if (seen) seen.count++;
      else counts.set(key, { count: 1, spelling: idp.name.trim() });
    }
    for (const [key, { count, spelling }] of counts) {
      let entry = byKey.get(key);
      if (!entry) {
        entry = { found: 0, unique: 0, spellings: new Map() };
        byKey.set(key, entry);
      }
      entry.found++;
      if (count === 1) entry.unique++;
      entry.spellings.set(spelling, (entry.spellings.get(spelling) ?? 0) + 1);
    }
  }
  const needed = Math.min(2, lists.length);
  const shared: SharedIdpName[] = [];
  for (const [key, { found, unique, spellings }] of byKey) {
    if (found < needed) continue;
    // Map order is first-seen order, so the first instance's spelling wins a tie.
    let name = '';
    let best = 0;
    for (const [spelling, count] of spellings) {
      if (count > best) [name, best] = [spelling, count];
    }
    shared.push({ key, name, found, unique });
  }
  return shared.sort((a, b) => b.found - a.found || b.unique - a.unique || compareText(a.name, b.name));
}

/** Where a picked name leads on one instance. */
export type IdpMatch<P extends NamedIdp> =
  | { readonly kind: 'matched'; readonly idp: P }
  /** No IdP of that name: the person picks one of `candidates` (all of the instance's IdPs), or leaves it out. */
  | { readonly kind: 'missing'; readonly candidates: readonly P[] }
  /** Several IdPs of that name: the person picks one of `candidates` (those), or leaves it out. */
  | { readonly kind: 'ambiguous'; readonly candidates: readonly P[] };

/** The instance's IdP of that name (see idpNameKey), or what the person has to choose from. */
export function matchIdpName<P extends NamedIdp>(idps: readonly P[], key: string): IdpMatch<P> {
  const named = idps.filter((idp) => idpNameKey(idp.name) === key);
  if (named.length === 1) return { kind: 'matched', idp: named[0] };
  if (named.length > 1) return { kind: 'ambiguous', candidates: named };
  return { kind: 'missing', candidates: idps };
}

/** The Atlassian products Kantega SSO runs on, as their words appear in names, addresses and snapshots. */
export type Product = 'Jira' | 'Confluence' | 'Bitbucket' | 'Bamboo' | 'Crowd' | 'Fisheye';

const PRODUCT_WORDS: ReadonlyMap<string, Product> = new Map<string, Product>([
  ['jira', 'Jira'],
  ['jsm', 'Jira'],
  ['confluence', 'Confluence'],
  ['bitbucket', 'Bitbucket'],
  ['stash', 'Bitbucket'],
  ['bamboo', 'Bamboo'],
  ['crowd', 'Crowd'],
  ['fisheye', 'Fisheye'],
  ['crucible', 'Fisheye'],
]);

/** The one product a text names by a whole word ("Jira Prod", "jira.example.com"), or undefined for none or several. */
function productNamedIn(text: string | undefined): Product | undefined {
  if (!text) return undefined;
  const named = new Set<Product>();
  for (const word of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    const product = PRODUCT_WORDS.get(word);
    if (product) named.add(product);
  }
  return named.size === 1 ? [...named][0] : undefined;
}

/** The words of an address where a product shows: host labels and path segments, not the scheme. */
function addressWords(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    return `${url.hostname} ${decodeURIComponentSafe(url.pathname)}`;
  } catch {
    return baseUrl;
  }
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The instance's product, from what is known without asking: the application name of its newest
 * snapshot (the server's own word) when one was listed, else the instance's name, else its address.
 * A source naming no product or several ("Jira to Confluence") gives way to the next.
 */
export function productOf(instance: {
  readonly applicationName?: string;
  readonly name: string;
  readonly baseUrl: string;
}): Product | undefined {
  return (
    productNamedIn(instance.applicationName) ??
    productNamedIn(instance.name) ??
    productNamedIn(addressWords(instance.baseUrl))
  );
}

/** What checking one group on one instance came to. */
export type GroupCheck<P> =
  | { readonly kind: 'checked'; readonly idps: ReadonlyArray<{ readonly idp: P; readonly managed: boolean }> }
  /** The user is not a system administrator there, or that Kantega SSO version has no IdP API. */
  | { readonly kind: IdpApiState }
  /** Unreachable, a refused credential, an answer that made no sense: `message` says which. */
  | { readonly kind: 'error'; readonly message: string };

export interface InstanceGroupCheck<I, P> {
  readonly instance: I;
  readonly product?: Product;
  readonly check: GroupCheck<P>;
}

export interface ManagedGroupFindings<I, P> {
  /** Each instance and IdP that manages the group, in the order of the instances and their IdPs. */
  readonly found: ReadonlyArray<{ readonly instance: I; readonly idp: P }>;
  /** Checked, managed by none of its IdPs, while another instance of the same product manages it. */
  readonly missing: ReadonlyArray<{ readonly instance: I; readonly product: Product; readonly idpCount: number }>;
  /** Checked and not managed there, and no instance of its product manages it (or its product is unknown). */
  readonly notManaged: ReadonlyArray<{ readonly instance: I; readonly idpCount: number }>;
  /** Where it could not be checked, and why. */
  readonly unchecked: ReadonlyArray<{
    readonly instance: I;
    readonly reason: IdpApiState | 'error';
    readonly message?: string;
  }>;
}

/**
 * Sorts the checks into found, missing, not managed and unchecked; every instance lands in exactly
 * one of the last three, or (once per IdP) in found. Missing is judged per product: a Jira group is
 * not missing from Confluence, and an instance whose product is unknown is compared with nothing.
 */
export function managedGroupFindings<I, P>(
  checks: ReadonlyArray<InstanceGroupCheck<I, P>>,
): ManagedGroupFindings<I, P> {
  const managingProducts = new Set<Product>();
  for (const { product, check } of checks) {
    if (product && check.kind === 'checked' && check.idps.some((entry) => entry.managed)) managingProducts.add(product);
  }
  const found: Array<{ instance: I; idp: P }> = [];
  const missing: Array<{ instance: I; product: Product; idpCount: number }> = [];
  const notManaged: Array<{ instance: I; idpCount: number }> = [];
  const unchecked: Array<{ instance: I; reason: IdpApiState | 'error'; message?: string }> = [];
  for (const { instance, product, check } of checks) {
    if (check.kind === 'error') unchecked.push({ instance, reason: 'error', message: check.message });
    else if (check.kind !== 'checked') unchecked.push({ instance, reason: check.kind });
    else {
      const managing = check.idps.filter((entry) => entry.managed);
      for (const { idp } of managing) found.push({ instance, idp });
      if (managing.length) continue;
      const idpCount = check.idps.length;
      if (product && managingProducts.has(product)) missing.push({ instance, product, idpCount });
      else notManaged.push({ instance, idpCount });
    }
  }
  return { found, missing, notManaged, unchecked };
}

function compareText(a: string, b: string): number {
  return a.localeCompare(b, 'en', { sensitivity: 'base' }) || (a < b ? -1 : a > b ? 1 : 0);
}
