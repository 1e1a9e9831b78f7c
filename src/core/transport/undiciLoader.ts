// undici is most of the extension's code and nothing needs it before the first request, so it is
// loaded then. In the bundle, esbuild.mjs turns this `require('./undiciBundle')` into
// `require('./http.js')`, a second bundle; under tsx it is the module itself.
import type * as UndiciBundle from './undiciBundle';

export type UndiciModule = typeof UndiciBundle;

let loaded: UndiciModule | undefined;

export function loadUndici(): UndiciModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (loaded ??= require('./undiciBundle') as UndiciModule);
}
