// The error pages reverse proxies in front of Jira send when the node behind them fails, as those
// proxies write them (status line, headers and body byte for byte), so clients meet the real text
// rather than a tidy stand-in. Written from the servers' sources and captured answers:
// - nginx 1.22.1 (ngx_http_special_response.c, server_tokens on): CRLF lines, a version footer.
// - Apache httpd 2.4.57 on Debian (ap_send_error_response, mod_proxy, ServerSignature On as Debian
//   ships it): the HTML 2.0 doctype, `502 Proxy Error` with the reason mod_proxy gives, and the
//   address footer naming the Host the request asked for.
// - HAProxy 2.x (http_err_msgs): tiny pages, `cache-control: no-cache`, no Server header, and the
//   connection closed after the answer.
// - AWS Application Load Balancer: nginx's page without the footer, `Server: awselb/2.0`.
import type { Fault } from './types';

export type ProxyErrorFault = Extract<Fault, { type: 'proxyErrorPage' }>;

export interface ProxyAnswer {
  status: number;
  statusMessage: string;
  headers: Record<string, string>;
  body: string;
}

const NGINX = 'nginx/1.22.1';
const APACHE = 'Apache/2.4.57 (Debian)';

/** nginx's and the ALB's reason phrases (nginx's ngx_http_status_lines). */
const NGINX_REASONS = { 502: 'Bad Gateway', 503: 'Service Temporarily Unavailable', 504: 'Gateway Time-out' };

function nginxStyle(status: 502 | 503 | 504, footer: string): string {
  const title = `${status} ${NGINX_REASONS[status]}`;
  return (
    `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n` +
    `${footer}</body>\r\n</html>\r\n`
  );
}

const APACHE_PAGES = {
  502: {
    reason: 'Proxy Error',
    text:
      '<p>The proxy server received an invalid\r\nresponse from an upstream server.<br />\r\n' +
      'The proxy server could not handle the request' +
      '<p>Reason: <strong>Error reading from remote server</strong></p></p>\n',
  },
  503: {
    reason: 'Service Unavailable',
    text:
      '<p>The server is temporarily unable to service your\nrequest due to maintenance downtime or capacity\n' +
      'problems. Please try again later.</p>\n',
  },
  504: {
    reason: 'Gateway Timeout',
    text: '<p>The gateway did not receive a timely response\nfrom the upstream server or application.</p>\n',
  },
};

/** Apache's signature names the host and port the request asked for (UseCanonicalName Off). */
function apacheAddress(host: string | undefined, tls: boolean): string {
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(host ?? '');
  const name = match?.[1] || 'localhost';
  const port = match?.[2] ?? (tls ? '443' : '80');
  return `<address>${APACHE} Server at ${name} Port ${port}</address>\n`;
}

const HAPROXY_PAGES = {
  502: { reason: 'Bad Gateway', text: 'The server returned an invalid or incomplete response.' },
  503: { reason: 'Service Unavailable', text: 'No server is available to handle this request.' },
  504: { reason: 'Gateway Time-out', text: "The server didn't respond in time." },
};

/** The proxy's answer; `host` is the request's Host header and `tls` whether it came over HTTPS. */
export function proxyErrorPage(fault: ProxyErrorFault, host: string | undefined, tls: boolean): ProxyAnswer {
  const { status } = fault;
  switch (fault.server) {
    case 'nginx':
      return {
        status,
        statusMessage: NGINX_REASONS[status],
        headers: { server: NGINX, 'content-type': 'text/html' },
        body: nginxStyle(status, `<hr><center>${NGINX}</center>\r\n`),
      };
    case 'aws-alb':
      return {
        status,
        statusMessage: NGINX_REASONS[status],
        headers: { server: 'awselb/2.0', 'content-type': 'text/html' },
        body: nginxStyle(status, ''),
      };
    case 'apache': {
      const { reason, text } = APACHE_PAGES[status];
      const body =
        '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n' +
        `<html><head>\n<title>${status} ${reason}</title>\n</head><body>\n<h1>${reason}</h1>\n${text}` +
        `<hr>\n${apacheAddress(host, tls)}</body></html>\n`;
      return {
        status,
        statusMessage: reason,
        headers: { server: APACHE, 'content-type': 'text/html; charset=iso-8859-1' },
        body,
      };
    }
    case 'haproxy': {
      const { reason, text } = HAPROXY_PAGES[status];
      return {
        status,
        statusMessage: reason,
        headers: { 'cache-control': 'no-cache', 'content-type': 'text/html', connection: 'close' },
        body: `<html><body><h1>${status} ${reason}</h1>\n${text}\n</body></html>\n`,
      };
    }
  }
}
