// What the editor may use of the transport besides the API client (lint holds it to this entry):
// reading the CA certificates a person configured, and how long a server asked to be left alone.
export { parseCaBundle, type CaBundle } from './caCertificates';
export { rateLimitedUntil } from './rateLimits';
