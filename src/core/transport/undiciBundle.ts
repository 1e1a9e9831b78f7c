// The HTTP stack, loaded on the first request: the entry of dist/http.js in the bundle, and the
// module undiciLoader.ts requires under tsx, so tests run the same code the extension does.
// Only the dispatchers are taken: undici's index also pulls in fetch, WebSocket, caches and mocks
// (about 220 KiB more in the .vsix). These paths are undici internals: the lockfile pins the
// version, and the tests and `npm run bench` load them.
/* eslint-disable @typescript-eslint/no-require-imports */
import type * as Undici from 'undici';

// undici's index adds its API methods to every dispatcher; ProxyAgent needs `connect` (CONNECT
// tunnels) from them, and nothing here needs the others.
const Dispatcher = require('undici/lib/dispatcher/dispatcher.js') as { prototype: Record<string, unknown> };
Dispatcher.prototype.connect ??= require('undici/lib/api/api-connect.js');

export const Agent = require('undici/lib/dispatcher/agent.js') as typeof Undici.Agent;
export const Pool = require('undici/lib/dispatcher/pool.js') as typeof Undici.Pool;
export const ProxyAgent = require('undici/lib/dispatcher/proxy-agent.js') as typeof Undici.ProxyAgent;

// What to trust (the OS store's reader among it) is needed with the first https connection, not on
// activation: it travels with the dispatchers.
export { trustFor } from './trust';

// Its words (a certificate store that could not be read) are worded by this bundle's own copy of the
// core's language, which the loader sets to the extension's.
export { configureDisplayLanguage } from '../text/displayLanguage';
