// PUBLIC SURFACE OF THE CLIENT (being implemented now; signatures are the contract).
import type {
  ApiToken, CallOptions, CreateTokenRequest, CreatedToken, Credential, NetworkOptions, PingResult,
  RequestLogEntry, Snapshot, TokenApiVersion, TokenExpiry,
} from './model';

export interface ClientOptions {
  /** Base URL with context path; a trailing slash or a pasted `/rest/...` suffix is tolerated. */
  readonly baseUrl: string;
  readonly credential: Credential;
  readonly network?: NetworkOptions;
  /** Token API version learned earlier for this instance (skips detection). */
  readonly tokenApiVersion?: TokenApiVersion;
  /** Called once per HTTP request (including retries), for the log channel. */
  readonly onRequest?: (entry: RequestLogEntry) => void;
}

export declare class KantegaClient {
  constructor(options: ClientOptions);
  /** The normalised base URL (no trailing slash, no /rest suffix). */
  readonly baseUrl: string;
  /** The token API version in use, once known. */
  readonly tokenApiVersion: TokenApiVersion | undefined;
  ping(options?: CallOptions): Promise<PingResult>;
  /** Newest first. */
  listSnapshots(options?: CallOptions): Promise<Snapshot[]>;
  /** Returns the new snapshot when the server describes it, else undefined (list to find it). */
  takeSnapshot(description?: string, options?: CallOptions): Promise<Snapshot | undefined>;
  restoreSnapshot(id: string, options?: CallOptions): Promise<void>;
  /** Detects (3.0, falling back to 2.0 on 404) and remembers the token API version. */
  detectTokenApiVersion(options?: CallOptions): Promise<TokenApiVersion>;
  listMyTokens(options?: CallOptions): Promise<ApiToken[]>;
  /** Sysadmin only: every user's tokens. 401/403 become `forbidden`. */
  listAllTokens(options?: CallOptions): Promise<ApiToken[]>;
  createToken(request: CreateTokenRequest, options?: CallOptions): Promise<CreatedToken>;
  /** Returns the server's confirmation text. */
  deleteMyToken(id: number, options?: CallOptions): Promise<string>;
  deleteAnyToken(id: number, options?: CallOptions): Promise<string>;
  tokenExpiry(id: number, options?: CallOptions): Promise<TokenExpiry>;
  /** With `secret`, renews that token; without, renews the token this client authenticates with. */
  renewToken(secret?: string, options?: CallOptions): Promise<TokenExpiry | undefined>;
  close(): Promise<void>;
}

/** Normalises a user-typed base URL; throws KantegaError('invalidInput') with a readable message. */
export declare function normalizeBaseUrl(input: string): string;
