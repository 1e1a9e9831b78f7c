// A request as the API client asks for it and an answer as the transport hands it back: the shapes
// the transport, its exchanges and the readers of answers share (in a module of their own, so that
// none of them imports another for its types).

export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path below the base URL, starting with `/rest/`, query included. */
  readonly path: string;
  /** Sent as JSON with `Content-Type: application/json`. */
  readonly json?: unknown;
  /** Overrides the client's Authorization header (for example, renewing with the token itself). */
  readonly authorization?: string;
  /** Secrets this request carries besides the credential's (a token pasted to renew it). */
  readonly secrets?: readonly string[];
  /** What the user asked for, for messages: "list snapshots", "create an API token". */
  readonly operation: string;
  readonly signal?: AbortSignal;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly contentType: string;
  readonly body: string;
  /** Local clock when the answer's headers arrived, epoch ms. */
  readonly receivedAt: number;
  /** Local clock when the request was sent, epoch ms. */
  readonly sentAt: number;
}
