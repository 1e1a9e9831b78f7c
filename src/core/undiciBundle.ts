// Entry of dist/http.js: the part of undici the transport uses, loaded on the first request.
export { Agent, Pool, ProxyAgent, request } from 'undici';
