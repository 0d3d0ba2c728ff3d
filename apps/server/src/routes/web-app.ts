import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { sendError } from '../http/api-error.js';

const PLACEHOLDER = `<!doctype html><meta charset="utf-8"><title>Eventide</title>
<body style="font-family:system-ui;margin:3rem"><h1>Eventide server</h1>
<p>The web app is not built: run <code>pnpm start</code> (it builds apps/web first).</p>
<p>The API is documented at <a href="/docs">/docs</a>.</p></body>`;

/** The built web app at `/`, with every unknown non-API GET answered by index.html (client-side routes). */
export async function webApp(app: FastifyInstance, webDist: string): Promise<void> {
  const index = path.join(webDist, 'index.html');
  const built = existsSync(index);
  if (built) await app.register(fastifyStatic, { root: webDist, wildcard: false, index: ['index.html'] });
  else app.get('/', { schema: { hide: true } }, (_req, reply) => reply.type('text/html').send(PLACEHOLDER));

  app.setNotFoundHandler((req, reply) => {
    const url = req.url.split('?')[0] ?? '';
    const wantsPage = req.method === 'GET' && !url.startsWith('/api/') && !url.startsWith('/docs');
    if (!wantsPage) return sendError(reply, 'not-found', `no route ${req.method} ${url}`);
    if (built) return reply.sendFile('index.html');
    return reply.type('text/html').send(PLACEHOLDER);
  });
}
