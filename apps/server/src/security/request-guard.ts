import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { networkInterfaces } from 'node:os';
import { isLoopbackHost } from './bind-policy.js';

/** A refusal carries its code of the REST contract; the status follows from it (API_ERRORS). */
export type GuardVerdict =
  | { ok: true }
  | { ok: false; status: 401 | 403; error: 'unauthorized' | 'bad-host' | 'bad-origin'; message: string };

export interface RequestGuardOptions {
  /** The address the server is bound to. */
  host: string;
  /** The port clients use; read at request time because port 0 is only known after listen. */
  port: () => number;
  token: string | undefined;
  allowedHosts: string[];
}

export const TOKEN_COOKIE = 'eventide_token';

/**
 * Checks Host and Origin against the bound address (a DNS-rebinding page sends its own Host) and,
 * when a token is configured, the token from `Authorization: Bearer`, `?token=` or the cookie set
 * when the web app was opened with `?token=`.
 */
export class RequestGuard {
  private readonly names: Set<string>;
  private readonly token: Buffer | undefined;
  /**
   * Bound to loopback, only local processes can connect: any port of a loopback name is this
   * machine (e.g. the web app's dev server proxying /api). DNS rebinding is about names, and a
   * rebinding page's Host and Origin carry the attacker's name whatever the port.
   */
  private readonly anyLoopbackPort: boolean;

  constructor(private readonly opts: RequestGuardOptions) {
    this.names = acceptedHostNames(opts.host, opts.allowedHosts);
    this.anyLoopbackPort = isLoopbackHost(opts.host);
    this.token = opts.token ? Buffer.from(opts.token) : undefined;
  }

  check(headers: IncomingHttpHeaders, url: string): GuardVerdict {
    const host = headers.host;
    if (!host || !this.hostAllowed(host))
      return refuse(403, 'bad-host', `Host "${host ?? ''}" is not this server's address`);
    const origin = headers.origin;
    if (origin !== undefined && !this.originAllowed(origin))
      return refuse(403, 'bad-origin', `Origin "${origin}" is not this server`);
    if (this.token && !this.tokenMatches(presentedToken(headers, url)))
      return refuse(401, 'unauthorized', 'missing or wrong token (Authorization: Bearer <token>)');
    return { ok: true };
  }

  /** True when the request carried the token in its query string, so the web app gets a cookie. */
  tokenFromQuery(url: string): string | undefined {
    const t = queryToken(url);
    return t !== undefined && this.tokenMatches(t) ? t : undefined;
  }

  private hostAllowed(hostHeader: string): boolean {
    const parsed = splitHostPort(hostHeader);
    if (!parsed) return false;
    if (!this.names.has(parsed.name)) return false;
    if (this.anyLoopbackPort && isLoopbackHost(parsed.name)) return true;
    const port = this.opts.port();
    return parsed.port !== undefined ? parsed.port === port : port === 80;
  }

  private originAllowed(origin: string): boolean {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    const name = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    if (!this.names.has(name)) return false;
    if (this.anyLoopbackPort && isLoopbackHost(name)) return true;
    const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
    return port === this.opts.port();
  }

  private tokenMatches(candidate: string | undefined): boolean {
    if (!this.token || candidate === undefined) return false;
    const c = Buffer.from(candidate);
    return c.length === this.token.length && timingSafeEqual(c, this.token);
  }
}

function refuse(
  status: 401 | 403,
  error: 'unauthorized' | 'bad-host' | 'bad-origin',
  message: string,
): GuardVerdict {
  return { ok: false, status, error, message };
}

function presentedToken(headers: IncomingHttpHeaders, url: string): string | undefined {
  const auth = headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  const q = queryToken(url);
  if (q !== undefined) return q;
  const cookie = headers.cookie;
  if (cookie)
    for (const part of cookie.split(';')) {
      const [k, ...v] = part.trim().split('=');
      if (k === TOKEN_COOKIE) return decodeURIComponent(v.join('='));
    }
  return undefined;
}

function queryToken(url: string): string | undefined {
  const q = url.indexOf('?');
  if (q < 0) return undefined;
  return new URLSearchParams(url.slice(q + 1)).get('token') ?? undefined;
}

function splitHostPort(value: string): { name: string; port: number | undefined } | undefined {
  const v = value.trim().toLowerCase();
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(v);
  if (!m?.[1]) return undefined;
  return { name: m[1].replace(/^\[|\]$/g, ''), port: m[2] === undefined ? undefined : Number(m[2]) };
}

/** Names a legitimate client may put in Host: the bound address, loopback aliases, and for a wildcard bind every local interface. */
function acceptedHostNames(host: string, extra: string[]): Set<string> {
  const names = new Set<string>(extra.map((e) => e.toLowerCase()));
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  names.add(h);
  const wildcard = h === '0.0.0.0' || h === '::';
  if (isLoopbackHost(h) || wildcard) for (const n of ['localhost', '127.0.0.1', '::1']) names.add(n);
  if (wildcard)
    for (const list of Object.values(networkInterfaces()))
      for (const a of list ?? []) names.add(a.address.toLowerCase());
  return names;
}
