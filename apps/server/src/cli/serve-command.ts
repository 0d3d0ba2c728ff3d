import { buildServer } from '../app.js';
import { configFromEnv } from '../config.js';
import { StartupRefused } from '../security/bind-policy.js';
import { callerCwd } from './caller-cwd.js';

/**
 * `eventide serve`: the server on HOST:PORT (default 127.0.0.1:4800) with data in EVENTIDE_DATA.
 * Runs until SIGINT/SIGTERM, then checkpoints running pipelines so the next start resumes them.
 */
export async function serveCommand(args: string[], out: (line: string) => void): Promise<number> {
  if (args.length > 0) {
    out('usage: eventide serve   (configure with HOST, PORT, EVENTIDE_DATA, EVENTIDE_TOKEN)');
    return 2;
  }
  const config = configFromEnv(process.env, callerCwd());
  if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65_535) {
    console.error(`eventide: PORT must be a port number, got "${process.env.PORT}"`);
    return 1;
  }
  let server: Awaited<ReturnType<typeof buildServer>>;
  try {
    server = await buildServer(config);
  } catch (e) {
    if (e instanceof StartupRefused) {
      console.error(`eventide: ${e.message}`);
      return 1;
    }
    throw e;
  }
  try {
    const url = await server.listen();
    out(`eventide ${url} (data: ${config.dataDir})`);
  } catch (e) {
    console.error(`eventide: cannot listen on ${config.host}:${config.port}: ${(e as Error).message}`);
    await server.close().catch(() => undefined);
    return 1;
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return 0;
}
