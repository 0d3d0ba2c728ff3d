/**
 * API fuzzing from the server's own OpenAPI document (/docs/json) with schemathesis (PyPI, pinned in
 * scripts/install-schemathesis.sh, which .ci/run calls): every route, generated valid and invalid
 * requests; no 5xx, no status code the route does not declare, no response that breaks its declared
 * schema or content type. A real server on loopback, stopped at the end.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventideServer } from '../src/app.js';
import { tempDir, testServer } from './helpers.js';

const VERSION = '4.32.5';
const tool =
  process.env.EVENTIDE_SCHEMATHESIS ??
  path.join(
    process.env.EVENTIDE_TOOLS_DIR ?? path.join(homedir(), '.cache/eventide'),
    `schemathesis-${VERSION}`,
    'bin/schemathesis',
  );
const installed = existsSync(tool);
if (!installed && process.env.CI === 'true')
  throw new Error(
    `schemathesis is not installed at ${tool}: .ci/run must call scripts/install-schemathesis.sh`,
  );

let server: EventideServer;
let data: { dir: string; cleanup: () => void };
let url: string;

beforeAll(async () => {
  if (!installed) return;
  data = tempDir();
  server = await testServer(data.dir, { port: 0 });
  url = await server.listen();
});
afterAll(async () => {
  if (!installed) return;
  await server.close();
  data.cleanup();
});

function run(args: string[], timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    // in the data directory: schemathesis keeps a cache of examples in its working directory
    const child = spawn(tool, args, {
      cwd: data.dir,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe.skipIf(!installed)(
  'API fuzzing (schemathesis; skipped: run bash scripts/install-schemathesis.sh)',
  () => {
    it('every route of /docs/json: no server error, no undeclared status, responses match their schemas', async () => {
      const { code, output } = await run(
        [
          'run',
          `${url}/docs/json`,
          '--checks',
          'not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance',
          '--max-examples',
          '20',
          '--seed',
          '20261201',
          '--request-timeout',
          '10',
          '--workers',
          '1',
        ],
        150_000,
      );
      const doc = (await (await fetch(`${url}/docs/json`)).json()) as { paths: Record<string, object> };
      const operations = Object.values(doc.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
      expect(operations).toBeGreaterThan(10);
      expect(output).toContain(`Operations:       ${operations} selected / ${operations} total`);
      expect(output).toMatch(new RegExp(`Tested:\\s+${operations}\\b`));
      if (code !== 0) throw new Error(`schemathesis found problems:\n${output.slice(-6000)}`);
      expect(output).toMatch(/\d+ generated, \d+ passed/);
    }, 180_000);
  },
);
