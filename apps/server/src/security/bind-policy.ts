import { isIP } from 'node:net';

/** True for addresses only this machine can reach: 127.0.0.0/8, ::1 and `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (h.startsWith('::ffff:')) return h.slice(7).startsWith('127.');
  return false;
}

export class StartupRefused extends Error {}

/** Binding anything but loopback exposes pipelines (and file access) to the network: demand a token. */
export function checkBindPolicy(host: string, token: string | undefined): void {
  if (isLoopbackHost(host)) return;
  if (!token || token.length < 16)
    throw new StartupRefused(
      `refusing to bind ${host}: a non-loopback address needs EVENTIDE_TOKEN (at least 16 characters); every request must then send it`,
    );
}
