// The messages between the token details panel and its page, in one place for both sides. Plain
// module: the page script (src/webview/tokenDetailsPage.ts) is bundled with it, the panel imports it.

/** What the page's buttons ask for. The page never sends the secret, only which button was pressed. */
const TOKEN_ACTIONS = ['copyId', 'copySecret', 'renew', 'delete', 'checkExpiry', 'useAsCredential'] as const;
export type TokenAction = (typeof TOKEN_ACTIONS)[number];

/** Page → panel. */
export interface ActionMessage {
  readonly type: TokenAction;
}

/** Panel → page: the outcome of the last action, for the page's live region. */
export interface StatusMessage {
  readonly type: 'status';
  readonly text: string;
  readonly isError: boolean;
}

/** The id of each button in the page and the action it asks for. */
export const ACTION_BUTTONS: Readonly<Record<string, TokenAction>> = {
  'copy-id': 'copyId',
  'copy-secret': 'copySecret',
  renew: 'renew',
  delete: 'delete',
  'check-expiry': 'checkExpiry',
  'use-as-credential': 'useAsCredential',
};

/** Actions answered at once; the others wait for the server, so the page blocks clicks until answered. */
export const INSTANT_ACTIONS: ReadonlySet<TokenAction> = new Set(['copyId', 'copySecret']);

/** A message from the page, checked: anything else (a forged or stale message) is ignored. */
export function isActionMessage(value: unknown): value is ActionMessage {
  const type = (value as { type?: unknown } | null)?.type;
  return typeof type === 'string' && (TOKEN_ACTIONS as readonly string[]).includes(type);
}

export function isStatusMessage(value: unknown): value is StatusMessage {
  const message = value as Partial<StatusMessage> | null;
  return message?.type === 'status' && typeof message.text === 'string';
}
