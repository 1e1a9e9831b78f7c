// A single sign-on gateway in front of Jira's /rest (a reverse proxy with a SAML or OIDC module, or
// the product's own SSO redirect): it sends requests to a login page on the identity provider's
// host, as a browser would be sent, except Basic requests with a valid Kantega API token, which
// the vendor accepts on /rest by default. The admin's fix (exempting /rest) is turning it off.
import { randomBytes } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import type { Auth } from './auth';
import { HTML_TYPE, SIMULATOR_PREFIX, type Reply } from './reply';
import type { Store } from './state';
import type { SsoGatewayOptions } from './types';

export interface GatewaySettings {
  protocol: 'saml' | 'oidc';
  loginUrl: string;
  exemptApiTokens: boolean;
}

export const DEFAULT_GATEWAY_LOGIN_URLS = {
  saml: 'https://idp.example.test/adfs/ls/',
  oidc: 'https://idp.example.test/oauth2/authorize',
} as const;

export function gatewaySettings(option: boolean | SsoGatewayOptions | undefined): GatewaySettings | undefined {
  if (!option) return undefined;
  const given = option === true ? {} : option;
  const protocol = given.protocol ?? 'saml';
  return {
    protocol,
    loginUrl: given.loginUrl ?? DEFAULT_GATEWAY_LOGIN_URLS[protocol],
    exemptApiTokens: given.exemptApiTokens ?? true,
  };
}

const xmlEscape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const opaque = () => randomBytes(16).toString('hex');

/** The SAML HTTP-Redirect binding: a deflated, base64 AuthnRequest and an opaque RelayState. */
function samlParameters(store: Store, loginUrl: string): Record<string, string> {
  const base = store.settings.baseUrl;
  const request =
    '<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ' +
    `xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_${opaque()}" Version="2.0" ` +
    `IssueInstant="${new Date(store.state.now()).toISOString()}" Destination="${xmlEscape(loginUrl)}" ` +
    `AssertionConsumerServiceURL="${xmlEscape(`${base}/plugins/servlet/samlconsumer`)}" ` +
    'ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST">' +
    `<saml:Issuer>${xmlEscape(base)}</saml:Issuer><samlp:NameIDPolicy AllowCreate="true"/></samlp:AuthnRequest>`;
  return { SAMLRequest: deflateRawSync(Buffer.from(request, 'utf8')).toString('base64'), RelayState: opaque() };
}

/** An OpenID Connect authorization-code request. */
function oidcParameters(store: Store): Record<string, string> {
  return {
    response_type: 'code',
    client_id: 'jira',
    redirect_uri: `${store.settings.baseUrl}/plugins/servlet/oidc/callback`,
    scope: 'openid email profile',
    state: opaque(),
    nonce: opaque(),
  };
}

/** The gateway's 302 for a context-relative path, or undefined when the request passes. */
export function gatewayRedirect(store: Store, path: string, auth: Auth): Reply | undefined {
  const gateway = store.settings.ssoGateway;
  if (!gateway || !path.startsWith('/rest/') || path.startsWith(SIMULATOR_PREFIX)) return undefined;
  if (gateway.exemptApiTokens && auth.kind === 'user' && auth.credential === 'apiToken') return undefined;
  const parameters = gateway.protocol === 'oidc' ? oidcParameters(store) : samlParameters(store, gateway.loginUrl);
  const separator = gateway.loginUrl.includes('?') ? '&' : '?';
  const location = `${gateway.loginUrl}${separator}${new URLSearchParams(parameters).toString()}`;
  return { status: 302, headers: { location }, contentType: HTML_TYPE, text: '' };
}
