// Which proxy a request goes through (the editor's http.proxy, else HTTP(S)_PROXY; NO_PROXY and
// http.noProxy respected) and a readable error for a proxy address that cannot be used.
import * as l10n from '@vscode/l10n';
import { KantegaError } from '../errors';
import type { NetworkOptions } from '../model';
import { sentences } from '../text/displayText';
import { proxySettingsAdvice } from './transportWords';

/** The proxy for this origin: the configured one, else HTTP(S)_PROXY; none when NO_PROXY or noProxy covers it. */
export function proxyFor(origin: string, hostname: string, network: NetworkOptions): string | undefined {
  const env = process.env;
  const https = origin.startsWith('https:');
  const httpProxy = env.HTTP_PROXY || env.http_proxy;
  const proxy = network.proxyUrl || (https ? env.HTTPS_PROXY || env.https_proxy || httpProxy : httpProxy);
  if (!proxy) return undefined;
  const noProxy = network.noProxy?.length ? network.noProxy.join(',') : env.NO_PROXY || env.no_proxy || '';
  const port = new URL(origin).port || (https ? '443' : '80');
  return bypassesProxy(hostname.toLowerCase(), port, noProxy) ? undefined : proxy;
}

/** NO_PROXY as curl and undici read it: `*`, host names (with their subdomains), `.suffix`, `host:port`. */
export function bypassesProxy(hostname: string, port: string, noProxy: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, '$1');
  for (const raw of noProxy.split(/[,\s]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const match = /^(.*?)(?::(\d+))?$/.exec(entry.replace(/^\[(.*)\](:\d+)?$/, '$1$2')) as RegExpExecArray;
    if (match[2] && match[2] !== port) continue;
    const name = match[1].replace(/^\*?\./, '');
    if (host === name || host.endsWith(`.${name}`)) return true;
  }
  return false;
}

export function parseProxyUrl(text: string): { href: string; host: string } {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    throw new KantegaError(
      'proxy',
      sentences(
        l10n.t('the proxy address is not a valid URL.'),
        l10n.t('{0}: it should look like http://proxy.example.com:3128.', proxySettingsAdvice()),
      ),
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new KantegaError(
      'proxy',
      sentences(
        l10n.t('the proxy address uses {0}, which is not supported.', url.protocol.slice(0, -1)),
        l10n.t('{0}: use an http:// or https:// proxy.', proxySettingsAdvice()),
      ),
    );
  }
  return { href: url.href, host: url.host };
}

export function proxyHostname(host: string): string {
  return host.replace(/:\d+$/, '');
}
