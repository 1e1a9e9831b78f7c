// Credentials a server refused, remembered so that nothing sends them again by itself. Atlassian
// counts failed sign-ins per user and demands a CAPTCHA after a few (three by default in Jira):
// a stale password sent by every background check and window start would lock the admin out.
// Kept in non-secret state (globalState), keyed like the secrets (server, user, kind of sign-in),
// so that it holds across windows and restarts. Plain TypeScript (no `vscode`): tested directly.
import { isKantegaError } from '../../core/errors';
import type { InstanceConfig } from '../../core/instanceConfig';
import { bindingKey, bindingOf, type StateStore } from './credentialGuard';

const STATE_KEY = 'kantegaSso.rejectedCredentials';
/** A message is the server's refusal as the transport worded it (already redacted); kept short. */
const MAX_MESSAGE_LENGTH = 600;

export interface CredentialRejection {
  /** `captcha`: the server refuses the user until they sign in once in a browser. */
  readonly reason: 'unauthorized' | 'captcha';
  /** When it was refused (epoch ms). */
  readonly at: number;
  /** The refusal as it was worded then. */
  readonly message: string;
  /** For `captcha`: the instance's own sign-in page, when the server named one on its own origin. */
  readonly loginUrl?: string;
}

/** The refusal in `e`, when `e` says the server refused the credential itself (not a missing right). */
export function rejectionIn(e: unknown, now: number): CredentialRejection | undefined {
  if (!isKantegaError(e) || (e.kind !== 'unauthorized' && e.kind !== 'captcha')) return undefined;
  const message = e.message.length > MAX_MESSAGE_LENGTH ? `${e.message.slice(0, MAX_MESSAGE_LENGTH)}…` : e.message;
  return {
    reason: e.kind,
    at: now,
    message,
    ...(e.kind === 'captcha' && e.loginUrl ? { loginUrl: e.loginUrl } : {}),
  };
}

function isRejection(value: unknown): value is CredentialRejection {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return (
    (r.reason === 'unauthorized' || r.reason === 'captcha') &&
    typeof r.at === 'number' &&
    Number.isFinite(r.at) &&
    typeof r.message === 'string' &&
    (r.loginUrl === undefined || typeof r.loginUrl === 'string')
  );
}

export class RejectedCredentials {
  constructor(private readonly state: StateStore) {}

  private all(): Record<string, unknown> {
    const stored = this.state.get<unknown>(STATE_KEY);
    return typeof stored === 'object' && stored !== null && !Array.isArray(stored)
      ? { ...(stored as Record<string, unknown>) }
      : {};
  }

  /** Why the instance's credential is held back, if the server refused it and nobody set it anew since. */
  find(instance: InstanceConfig): CredentialRejection | undefined {
    const found = this.all()[bindingKey(bindingOf(instance))];
    return isRejection(found) ? found : undefined;
  }

  async note(instance: InstanceConfig, rejection: CredentialRejection): Promise<void> {
    const all = this.all();
    all[bindingKey(bindingOf(instance))] = rejection;
    await this.state.update(STATE_KEY, all);
  }

  /** Lets the credential be sent again (set anew, or the person asked for this instance). Whether one was held back. */
  async clear(instance: InstanceConfig): Promise<boolean> {
    const all = this.all();
    const key = bindingKey(bindingOf(instance));
    if (!(key in all)) return false;
    delete all[key];
    await this.state.update(STATE_KEY, all);
    return true;
  }
}
