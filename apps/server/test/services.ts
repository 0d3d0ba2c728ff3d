import { connect } from 'node:net';

/** Where tests find the local servers of `pnpm services start` (EVENTIDE_* overrides them). */
export const MQTT_URL = process.env.EVENTIDE_MQTT ?? 'mqtt://127.0.0.1:11883';
export const POSTGRES_URL = process.env.EVENTIDE_POSTGRES ?? 'postgres://eventide@127.0.0.1:15432/eventide';

/** True when something accepts TCP connections at the URL's host and port. */
export function reachable(url: string, timeoutMs = 1000): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: u.hostname, port: Number(u.port) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Whether tests of `name` run: yes when its server answers; no, with the reason printed, when it does
 * not and CI is unset; under CI=true a missing server is an error (CI starts them).
 */
export async function serviceAvailable(name: string, url: string): Promise<boolean> {
  if (await reachable(url)) return true;
  const reason = `${name} is not reachable at ${url}: run \`pnpm services start ${name}\``;
  if (process.env.CI === 'true') throw new Error(reason);
  console.warn(`skipped: ${reason}`);
  return false;
}
