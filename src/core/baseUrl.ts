import { KantegaError } from './errors';

/**
 * Normalises a base URL as people paste it: keeps scheme, host, port and context path
 * (`https://host/jira`), drops a trailing slash and anything from a pasted `/rest/...` on.
 * Throws an `invalidInput` KantegaError whose message says how to fix the input.
 */
export function normalizeBaseUrl(input: string): string {
  const text = input.trim();
  if (!text) throw invalid('Enter the base URL of the Atlassian instance, for example https://jira.example.com/jira.');
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    throw invalid(`"${text}" has no scheme: start it with https:// (for example https://${text.replace(/^\/+/, '')}).`);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid(`"${text}" is not a valid URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalid(`The base URL must start with https:// or http://, not ${url.protocol}//.`);
  }
  if (!url.hostname) throw invalid('The base URL has no host name.');
  if (url.username || url.password) {
    throw invalid('Remove the user name and password from the URL; credentials are stored separately and securely.');
  }
  const restAt = url.pathname.search(/\/rest(\/|$)/i);
  if (restAt >= 0) {
    // A pasted API URL: the instance's base is everything before /rest.
    url.pathname = url.pathname.slice(0, restAt);
    url.search = '';
    url.hash = '';
  }
  if (url.search || url.hash) {
    throw invalid(
      'The base URL cannot have a query (?...) or fragment (#...): use the address up to the context path, for example https://jira.example.com/jira.',
    );
  }
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${path}`;
}

function invalid(message: string): KantegaError {
  return new KantegaError('invalidInput', message);
}
