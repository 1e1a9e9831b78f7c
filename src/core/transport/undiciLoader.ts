// undici is most of the extension's code and nothing needs it before the first request, so it is
// loaded then. In the bundle, esbuild.mjs turns this `require('./undiciBundle')` into
// `require('./http.js')`, a second bundle; under tsx it is the module itself.
import { displayLanguageSettings } from '../text/displayLanguage';
import type * as UndiciBundle from './undiciBundle';

export type UndiciModule = typeof UndiciBundle;

let loaded: UndiciModule | undefined;

export function loadUndici(): UndiciModule {
  if (!loaded) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require('./undiciBundle') as UndiciModule;
    // The second bundle has a copy of the core's language of its own (under tsx: the same module).
    const { locale, bundle } = displayLanguageSettings();
    loaded.configureDisplayLanguage(locale, bundle);
  }
  return loaded;
}
