// "Does this instance work?" in two stages, the same for the tree's status, Test Connection, Set
// Credential and Add Instance: is Kantega SSO reachable (ping), and is the credential accepted
// (the user's own tokens, which need a signed-in user)? Only a refused sign-in is blamed on the
// credential (a wrong one, Atlassian's CAPTCHA, a single sign-on gateway in the way): any other
// failure of the second request is the server's.
import type { KantegaClient } from './client';
import { isKantegaError } from '../errors';
import type { ApiToken, CallOptions, PingResult } from '../model';

/**
 * - `reach`: Kantega SSO did not answer the ping (network, TLS, proxy, wrong base URL).
 * - `signIn`: the server answered but did not let the credential in (401, a login page, a CAPTCHA
 *   after failed sign-ins, a single sign-on gateway), on either request.
 * - `server`: reached and not refused, but the server failed to list the user's tokens (a 500,
 *   a timeout, an unreadable answer): the credential may be fine.
 */
export type ConnectionStage = 'reach' | 'signIn' | 'server';

export type ConnectionCheck =
  | { readonly ok: true; readonly ping: PingResult; readonly myTokens: ApiToken[] }
  /** `stage` says what failed: reaching Kantega SSO, signing in, or the server once signed in. */
  | { readonly ok: false; readonly stage: ConnectionStage; readonly error: unknown };

/**
 * Runs both stages. A cancellation or an interruption (the client was let go meanwhile) is thrown:
 * neither says anything about the instance. Every other failure is returned with its stage.
 */
export async function checkConnection(
  client: KantegaClient,
  options: CallOptions & { readonly onStage?: (stage: ConnectionStage) => void } = {},
): Promise<ConnectionCheck> {
  const call = { signal: options.signal };
  let ping: PingResult;
  try {
    options.onStage?.('reach');
    ping = await client.ping(call);
  } catch (error) {
    if (notAboutTheInstance(error)) throw error;
    // Atlassian answers 401 to wrong credentials on any resource, the anonymous ping included, and
    // its CAPTCHA and SSO gateways stop the ping too: the server was reached, the sign-in failed.
    return { ok: false, stage: isSignInRefused(error) ? 'signIn' : 'reach', error };
  }
  try {
    options.onStage?.('signIn');
    return { ok: true, ping, myTokens: await client.listMyTokens(call) };
  } catch (error) {
    if (notAboutTheInstance(error)) throw error;
    return { ok: false, stage: isSignInRefused(error) ? 'signIn' : 'server', error };
  }
}

function isSignInRefused(error: unknown): boolean {
  return (
    isKantegaError(error) && (error.kind === 'unauthorized' || error.kind === 'captcha' || error.kind === 'ssoGateway')
  );
}

function notAboutTheInstance(error: unknown): boolean {
  return isKantegaError(error) && (error.kind === 'cancelled' || error.kind === 'interrupted');
}
