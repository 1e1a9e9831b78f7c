// The simulator's data: users, tokens, snapshots and the live config, with the helpers that add
// records the way the server would (ids, secrets, snapshot names) and the default seed.
import { DAY_MS, newTokenSecret, snapshotStamp, type SimulatorToken } from './format';
import { IDP_CONFIG_KEY, seededIdps } from './idp';
import { PLUGIN_VERSION, deepCopy } from './reply';
import type { SimulatorSnapshot, SimulatorState, SimulatorUser, SimulatorVersion } from './types';
import type { GatewaySettings } from './gateway';

/** Mutable per-node settings: setVersion/setLoginRedirect change them, baseUrl is known after listen. */
export interface Settings {
  version: SimulatorVersion;
  loginRedirect: boolean;
  contextPath: string;
  baseUrl: string;
  applicationName: string;
  applicationVersion: string;
  /** Fixed plugin version; undefined = per version mode. */
  pluginVersion?: string;
  /** The IdP family in 'latest' mode (idpApi option, setIdpApi); 5.7.0 never has it. */
  idpApi: boolean;
  /** `%2F` in a path answers 400 like Tomcat's default (rejectEncodedSlash option). */
  rejectEncodedSlash: boolean;
  /** The SSO gateway in front of /rest; undefined = none. */
  ssoGateway?: GatewaySettings;
}

export function createState(users: readonly SimulatorUser[]): SimulatorState {
  return {
    users: users.map((u) => ({ ...u })),
    config: {},
    snapshots: [],
    tokens: [],
    now: () => Date.now(),
    managedGroupAdds: [],
    captchaAfterFailures: 0,
    signInFailures: new Map(),
  };
}

/**
 * Token ids: each grows past every id ever seen, so a deleted token's id is never reused. Tests
 * replace or push to state.tokens directly, so it remembers how far the array was scanned: adding
 * a token costs O(1), not a Math.max over every token. Cluster nodes share one.
 */
export class TokenIds {
  private last = 0;
  private scanned: SimulatorToken[] | undefined;
  private scannedLength = 0;

  next(tokens: SimulatorToken[]): number {
    this.scan(tokens);
    this.last += 1;
    return this.last;
  }

  /** Makes the next id `id` (seeds that copy the vendor's example ids). */
  setNext(tokens: SimulatorToken[], id: number): void {
    this.scan(tokens);
    this.last = id - 1;
  }

  private scan(tokens: SimulatorToken[]): void {
    if (tokens !== this.scanned) {
      this.scanned = tokens;
      this.scannedLength = 0;
    }
    for (let i = this.scannedLength; i < tokens.length; i++) {
      if (tokens[i].id > this.last) this.last = tokens[i].id;
    }
    this.scannedLength = tokens.length;
  }
}

export class Store {
  /** Called after a snapshot is taken (the cluster replicates it). */
  onSnapshotTaken?: (snapshot: SimulatorSnapshot) => void;
  ids = new TokenIds();

  constructor(
    readonly state: SimulatorState,
    readonly settings: Settings,
  ) {}

  pluginVersion(): string {
    return this.settings.pluginVersion ?? PLUGIN_VERSION[this.settings.version];
  }

  findUser(username: string): SimulatorUser | undefined {
    return this.state.users.find((u) => u.username === username);
  }

  isExpired(token: SimulatorToken): boolean {
    return token.expiresAt !== undefined && token.expiresAt <= this.state.now();
  }

  nextTokenId(): number {
    return this.ids.next(this.state.tokens);
  }

  setNextTokenId(id: number): void {
    this.ids.setNext(this.state.tokens, id);
  }

  addToken(
    username: string,
    name: string,
    description: string,
    validForDays: number | 'forever',
    createdAt: number,
  ): SimulatorToken {
    const token: SimulatorToken = {
      id: this.nextTokenId(),
      username,
      name,
      description,
      secret: newTokenSecret(),
      createdAt,
      ...(validForDays === 'forever' ? {} : { expiresAt: createdAt + validForDays * DAY_MS, validForDays }),
    };
    this.state.tokens.push(token);
    return token;
  }

  takeSnapshot(
    description: string | undefined,
    timeMillis: number,
    config: Record<string, unknown>,
  ): SimulatorSnapshot {
    const stamp = `sso-snapshot-${snapshotStamp(timeMillis)}`;
    let id = stamp;
    for (let n = 2; this.state.snapshots.some((s) => s.id === id); n++) id = `${stamp}-${n}`;
    const snapshot: SimulatorSnapshot = {
      id,
      description: description ?? id,
      filename: `${id}.zip`,
      timeMillis,
      config: deepCopy(config),
      applicationName: this.settings.applicationName,
      applicationVersion: this.settings.applicationVersion,
      pluginVersion: this.pluginVersion(),
      baseUrl: this.settings.baseUrl,
      readable: true,
    };
    this.state.snapshots.push(snapshot);
    this.onSnapshotTaken?.(snapshot);
    return snapshot;
  }
}

export function snapshotRecord(s: SimulatorSnapshot): Record<string, unknown> {
  return {
    applicationName: s.applicationName,
    applicationVersion: s.applicationVersion,
    pluginVersion: s.pluginVersion,
    baseUrl: s.baseUrl,
    timeMillis: s.timeMillis,
    description: s.description,
    filename: s.filename,
    id: s.id,
    readable: s.readable,
  };
}

const IDP_SUMMARY: Record<string, string> = { 'AD FS': 'AD FS (SAML)', Okta: 'Okta (OIDC)' };

/**
 * A few snapshots and tokens for admin and john.doe, like the vendor examples, and two IdPs (AD FS
 * and Okta) whose managed groups grew over the config revisions: the 'test' snapshot lacks the
 * newest group, the upgrade backup has AD FS with one group only.
 */
export function seedDefaults(store: Store): void {
  const now = store.state.now();
  // identityProviders is a display summary; the IdP family serves `idps` (see idp.ts).
  const config = (revision: number, stage: 'oldest' | 'older' | 'live', lastChangedBy: string, daysAgo: number) => {
    const idps = seededIdps(stage);
    return {
      identityProviders: idps.map((idp) => IDP_SUMMARY[idp.name] ?? idp.name),
      kerberosEnabled: revision > 5,
      revision,
      lastChangedBy,
      lastChangedAt: new Date(now - daysAgo * DAY_MS).toISOString(),
      [IDP_CONFIG_KEY]: idps,
    };
  };
  store.takeSnapshot(
    `Backup before upgrade of config from version [unknown version] to ${store.pluginVersion()}`,
    now - 30 * DAY_MS,
    config(3, 'oldest', 'admin', 31),
  );
  store.takeSnapshot('test', now - 2 * DAY_MS - 3 * 60 * 60 * 1000, config(11, 'older', 'admin', 3));
  store.state.config = config(12, 'live', 'admin', 1);

  // Ids and names like the vendor examples, with an expiry spread: never, expired, ~5 days, ~170 days.
  const seedToken = (
    id: number,
    username: string,
    name: string,
    description: string,
    validForDays: number | 'forever',
    createdDaysAgo: number,
  ) => {
    store.setNextTokenId(id);
    store.addToken(username, name, description, validForDays, now - createdDaysAgo * DAY_MS + 41 * 60 * 1000);
  };
  const purpose = "Longer free-text optional description about the token's purpose";
  seedToken(97, 'john.doe', 'User token 1', '', 30, 25);
  seedToken(98, 'john.doe', 'Google drive service', 'Syncs Jira attachments to the shared drive', 180, 10);
  seedToken(129, 'admin', 'Old build server', purpose, 30, 35);
  seedToken(130, 'admin', 'non-expiring', purpose, 'forever', 40);
}
