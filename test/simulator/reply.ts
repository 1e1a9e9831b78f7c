// What an endpoint answers before faults alter it and the server writes it, with the small
// builders every module shares (Jira's JSON error shape, its HTML pages).
import type { RecordedRequest, SimulatorVersion } from './types';

export const JSON_TYPE = 'application/json;charset=UTF-8';
export const TEXT_TYPE = 'text/plain;charset=UTF-8';
export const HTML_TYPE = 'text/html;charset=UTF-8';
export const API = '/rest/ksso/api';
export const SIMULATOR_PREFIX = '/rest/ksso-simulator/';
export const SIMULATOR_CONFIG_PATH = '/rest/ksso-simulator/1.0/config';
export const PLUGIN_VERSION: Record<SimulatorVersion, string> = { '5.7.0': '5.7.0', latest: '7.4.1' };

export interface Reply {
  status: number;
  json?: unknown;
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** What Jira's sign-in decided, for the recorded request and X-AUSERNAME; never sent. */
  signIn?: SignIn;
}

export type SignIn = Pick<RecordedRequest, 'signedInAs' | 'authFailed'>;

export const deepCopy = <T>(value: T): T => structuredClone(value);

export function jsonError(status: number, message: string): Reply {
  return { status, json: { message, 'status-code': status } };
}

export function htmlPage(title: string, body: string): string {
  return (
    `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${title}</title></head>` +
    `<body><h1>${title}</h1>${body}</body></html>\n`
  );
}

export function loginPage(): Reply {
  return {
    status: 200,
    contentType: HTML_TYPE,
    text: htmlPage(
      'Log in - Jira',
      '<form id="login-form" action="login.jsp" method="post"><input name="os_username">' +
        '<input name="os_password" type="password"><input type="submit" value="Log In"></form>',
    ),
  };
}

/** Body and content type as written on the wire. */
export function replyBody(reply: Reply): { body: string; contentType: string } {
  if (reply.json !== undefined) return { body: JSON.stringify(reply.json), contentType: JSON_TYPE };
  return { body: reply.text ?? '', contentType: reply.contentType ?? TEXT_TYPE };
}
