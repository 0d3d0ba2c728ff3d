import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { EventideServer } from '../src/app.js';
import { StartupRefused } from '../src/security/bind-policy.js';
import { RequestGuard } from '../src/security/request-guard.js';
import { chainPipeline, stored, tempDir, testServer, until } from './helpers.js';

const TOKEN = 'a-long-enough-secret-token';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function listening(
  overrides: Parameters<typeof testServer>[1] = {},
): Promise<{ server: EventideServer; port: number }> {
  const data = tempDir();
  const server = await testServer(data.dir, { port: 0, ...overrides });
  await server.listen();
  cleanups.push(data.cleanup, () => server.close());
  return { server, port: (server.app.server.address() as AddressInfo).port };
}

/** A raw request, so that Host and Origin can be anything (fetch would not let us forge Host). */
function request(
  port: number,
  urlPath: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: urlPath, headers }, (res) => {
      let body = '';
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens a websocket; resolves with the first message, or the HTTP status that refused the upgrade. */
function wsOutcome(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status?: number; first?: unknown }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode });
      ws.terminate();
    });
    ws.on('message', (data) => {
      resolve({ first: JSON.parse(String(data)) });
      ws.close();
    });
    ws.on('error', () => undefined);
  });
}

describe('bind policy', () => {
  it('refuses a non-loopback bind without a token', async () => {
    const data = tempDir();
    cleanups.push(data.cleanup);
    await expect(testServer(data.dir, { host: '0.0.0.0' })).rejects.toBeInstanceOf(StartupRefused);
    await expect(testServer(data.dir, { host: '0.0.0.0', token: 'short' })).rejects.toThrow(/EVENTIDE_TOKEN/);
  });

  it('`eventide serve` exits non-zero with the reason', () => {
    const data = tempDir();
    cleanups.push(data.cleanup);
    const cli = path.resolve(import.meta.dirname, '../src/cli.ts');
    const res = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', cli, 'serve'], {
      env: { ...process.env, HOST: '0.0.0.0', PORT: '0', EVENTIDE_DATA: data.dir, EVENTIDE_TOKEN: '' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/refusing to bind 0\.0\.0\.0: a non-loopback address needs EVENTIDE_TOKEN/);
  });
});

describe('token', () => {
  it('is required on every HTTP request and websocket when configured', async () => {
    const { port } = await listening({ host: '0.0.0.0', token: TOKEN });
    const host = `127.0.0.1:${port}`;
    expect((await request(port, '/api/health', { host })).status).toBe(401);
    expect(
      (await request(port, '/api/health', { host, authorization: 'Bearer wrong-token-of-some-length' }))
        .status,
    ).toBe(401);
    expect((await request(port, '/api/health', { host, authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    expect((await request(port, '/', { host })).status).toBe(401);

    expect(await wsOutcome(`ws://${host}/api/live`)).toEqual({ status: 401 });
    expect(await wsOutcome(`ws://${host}/api/live?token=nope`)).toEqual({ status: 401 });
    expect(await wsOutcome(`ws://${host}/api/live?token=${TOKEN}`)).toEqual({
      first: { type: 'welcome', v: 1 },
    });
  });

  it('opening the web app with ?token= sets a cookie that authorizes its later requests', async () => {
    const { port } = await listening({ token: TOKEN });
    const host = `127.0.0.1:${port}`;
    const page = await new Promise<http.IncomingMessage>((resolve) =>
      http.get({ host: '127.0.0.1', port, path: `/?token=${TOKEN}`, headers: { host } }, (res) => {
        res.resume();
        resolve(res);
      }),
    );
    expect(page.statusCode).toBe(200);
    const cookie = String(page.headers['set-cookie']).split(';')[0]!;
    expect(cookie).toBe(`eventide_token=${TOKEN}`);
    expect((await request(port, '/api/pipelines', { host, cookie })).status).toBe(200);
  });
});

describe('Host and Origin (DNS rebinding)', () => {
  it('refuses a foreign Host or Origin on HTTP and websocket', async () => {
    const { port } = await listening();
    const host = `127.0.0.1:${port}`;
    expect((await request(port, '/api/health', { host })).status).toBe(200);
    expect((await request(port, '/api/health', { host: `localhost:${port}` })).status).toBe(200);
    const evil = await request(port, '/api/health', { host: 'evil.com' });
    expect(evil.status).toBe(403);
    expect(JSON.parse(evil.body).error).toBe('bad-host');
    expect((await request(port, '/api/health', { host: `evil.com:${port}` })).status).toBe(403);
    // Bound to loopback, another local port is this machine (the web app's dev proxy): allowed.
    expect(
      (await request(port, '/api/health', { host: '127.0.0.1:5173', origin: 'http://localhost:5173' }))
        .status,
    ).toBe(200);

    const foreign = await request(port, '/api/health', { host, origin: 'http://evil.com' });
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.body).error).toBe('bad-origin');
    expect((await request(port, '/api/health', { host, origin: 'null' })).status).toBe(403);
    expect((await request(port, '/api/health', { host, origin: `http://${host}` })).status).toBe(200);

    expect(await wsOutcome(`ws://${host}/api/live`, { origin: 'http://evil.com' })).toEqual({ status: 403 });
    expect(await wsOutcome(`ws://${host}/api/live`, { host: 'evil.com' })).toEqual({ status: 403 });
    expect(await wsOutcome(`ws://${host}/api/live`, { origin: `http://${host}` })).toEqual({
      first: { type: 'welcome', v: 1 },
    });
  });
});

describe('webhooks', () => {
  it('a pipeline webhook to 127.0.0.1 is refused by default: counted as errors, nothing sent', async () => {
    let hits = 0;
    const target = http.createServer((_req, res) => {
      hits++;
      res.end();
    });
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => target.close(() => r())));
    const hookUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}/hook`;
    const { server } = await listening();
    const settings = { microBatch: { maxEvents: 10, maxDelayMs: 5 }, checkpointIntervalMs: 0 };
    const gen = { preset: 'trades', ratePerSec: 100, limit: 5, pacing: 'max', seed: 1 };
    await server.store.put(
      'hook',
      stored(
        chainPipeline(
          'Hook',
          [
            { id: 'gen', kind: 'source.generator', params: gen },
            { id: 'hook', kind: 'sink.webhook', params: { url: hookUrl, maxRetries: 3 } },
          ],
          settings,
        ),
      ),
    );
    const run = await server.runs.start('hook', (await server.store.get('hook'))!.document);
    const ended = await until(() => {
      const r = server.runs.get(run.id)!;
      return r.run.state === 'finished' ? r : undefined;
    }, 'the run to finish');
    expect(ended.metrics.nodes.hook).toMatchObject({ in: 5, dropped: 5 });
    expect(ended.metrics.nodes.hook!.errors).toBeGreaterThan(0);
    expect(hits).toBe(0);
  });
});

describe('RequestGuard on a non-loopback bind', () => {
  it('accepts only this port and the bound names, with the token', () => {
    const guard = new RequestGuard({
      host: '0.0.0.0',
      port: () => 4800,
      token: TOKEN,
      allowedHosts: ['eventide.example'],
    });
    const auth = { authorization: `Bearer ${TOKEN}` };
    expect(guard.check({ host: '127.0.0.1:4800', ...auth }, '/').ok).toBe(true);
    expect(
      guard.check({ host: 'eventide.example:4800', origin: 'http://eventide.example:4800', ...auth }, '/').ok,
    ).toBe(true);
    expect(guard.check({ host: '127.0.0.1:4801', ...auth }, '/')).toMatchObject({ ok: false, status: 403 });
    expect(guard.check({ host: 'evil.com:4800', ...auth }, '/')).toMatchObject({ ok: false, status: 403 });
    expect(
      guard.check({ host: '127.0.0.1:4800', origin: 'http://127.0.0.1:9999', ...auth }, '/'),
    ).toMatchObject({ ok: false, status: 403 });
    expect(guard.check({ host: '127.0.0.1:4800' }, '/')).toMatchObject({ ok: false, status: 401 });
    expect(guard.check({ host: '127.0.0.1:4800' }, `/api/live?token=${TOKEN}`).ok).toBe(true);
  });
});

describe('file paths', () => {
  const withReplayPath = (p: string) => ({
    version: 1,
    name: 'Replay',
    nodes: [
      { id: 'replay', kind: 'source.file-replay', params: { path: p } },
      { id: 'out', kind: 'sink.file', params: { path: 'out/ok.jsonl' } },
    ],
    edges: [{ id: 'e1', source: 'replay', target: 'out' }],
  });

  it('refuses paths outside the data directory, naming the node and the param', async () => {
    const data = tempDir();
    const server = await testServer(data.dir);
    cleanups.push(data.cleanup, () => server.close());
    mkdirSync(path.join(data.dir, 'input'), { recursive: true });
    symlinkSync('/etc', path.join(data.dir, 'input', 'escape'));
    const call = (doc: unknown) =>
      server.app.inject({
        method: 'POST',
        url: '/api/pipelines',
        payload: doc as object,
        headers: { host: '127.0.0.1:4800' },
      });

    for (const bad of ['../secret.jsonl', '/etc/passwd', 'input/../../x.jsonl', 'input/escape/passwd']) {
      const res = await call(withReplayPath(bad));
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().issues).toEqual([
        expect.objectContaining({
          node: 'replay',
          path: 'params.path',
          message: expect.stringContaining('outside the data directory'),
        }),
      ]);
    }
    expect((await call(withReplayPath('input/events.jsonl'))).statusCode).toBe(201);
    expect((await call(withReplayPath(path.join(data.dir, 'input/abs.jsonl')))).statusCode).toBe(201);
  });

  it('refuses the secrets file (${secret:NAME}) as a file param, directly or through a symlink', async () => {
    const data = tempDir();
    const server = await testServer(data.dir);
    cleanups.push(data.cleanup, () => server.close());
    writeFileSync(path.join(data.dir, 'secrets.json'), '{"PW":"x"}', { mode: 0o600 });
    mkdirSync(path.join(data.dir, 'input'), { recursive: true });
    symlinkSync(path.join(data.dir, 'secrets.json'), path.join(data.dir, 'input', 'innocent.jsonl'));
    for (const bad of ['secrets.json', './input/../secrets.json', 'input/innocent.jsonl']) {
      const res = await server.app.inject({
        method: 'POST',
        url: '/api/pipelines',
        payload: withReplayPath(bad),
        headers: { host: '127.0.0.1:4800' },
      });
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().issues).toEqual([
        expect.objectContaining({
          node: 'replay',
          path: 'params.path',
          message: `"${bad}" is the server's secrets.json, which no pipeline may read or write`,
        }),
      ]);
    }
  });
});
