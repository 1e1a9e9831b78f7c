// undici is about three quarters of the extension's code and nothing needs it before the first
// request, so it is loaded then. In the bundle, esbuild.mjs turns `require('undici')` here into
// `require('./http.js')`, a second bundle holding undici; under tsx it is the package itself.
import type * as Undici from 'undici';

export type UndiciModule = Pick<typeof Undici, 'Agent' | 'Pool' | 'ProxyAgent' | 'request'>;

let loaded: UndiciModule | undefined;

export function loadUndici(): UndiciModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (loaded ??= require('undici') as UndiciModule);
}
