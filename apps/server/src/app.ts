import type { AddressInfo } from 'node:net';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyError, type FastifyInstance, LogController } from 'fastify';
import type { ServerConfig } from './config.js';
import { FlinkDeployments } from './flink/deployments.js';
import { flinkTargetFromEnv } from './flink/target.js';
import { sendClientError, sendError } from './http/api-error.js';
import { runInfoSchema, validationIssueSchema } from './http/schemas.js';
import { type BackpressureLimits, DEFAULT_LIMITS } from './live/live-client.js';
import { LiveHub } from './live/live-hub.js';
import { connectorRoutes } from './routes/connector-routes.js';
import { flinkRoutes } from './routes/flink-routes.js';
import { ingestRoutes } from './routes/ingest-routes.js';
import { liveRoute } from './routes/live-route.js';
import { metaRoutes } from './routes/meta-routes.js';
import { pipelineRoutes } from './routes/pipeline-routes.js';
import { runRoutes } from './routes/run-routes.js';
import { versionRoutes } from './routes/version-routes.js';
import { webApp } from './routes/web-app.js';
import { RunManager } from './runs/run-manager.js';
import { RunStore } from './runs/run-store.js';
import { checkBindPolicy } from './security/bind-policy.js';
import { RequestGuard, TOKEN_COOKIE } from './security/request-guard.js';
import { PipelineStore } from './storage/pipeline-store.js';
import { SERVER_VERSION } from './version.js';

export interface BuildServerOptions extends ServerConfig {
  /** Websocket backpressure bounds (tests shrink them). */
  liveLimits?: BackpressureLimits;
  /** Console sinks print here. */
  print?: (line: string) => void;
}

export interface EventideServer {
  app: FastifyInstance;
  runs: RunManager;
  deployments: FlinkDeployments;
  hub: LiveHub;
  store: PipelineStore;
  /** Listens on config.host:config.port, then resumes interrupted runs; returns the URL. */
  listen(): Promise<string>;
  /** Checkpoints and detaches runs (they resume on the next start), closes clients and the socket. */
  close(): Promise<void>;
}

/**
 * The Eventide server: REST API, live websocket, ingest, web app and /docs, with the security
 * defaults of DESIGN "Server". Throws StartupRefused for a non-loopback bind without a token.
 */
export async function buildServer(config: BuildServerOptions): Promise<EventideServer> {
  checkBindPolicy(config.host, config.token);
  const app = Fastify({
    logger: config.logger ? { level: 'info' } : false,
    // Runs, refusals and errors are logged; one line per request would drown them.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.bodyLimit,
    // Ids in URLs stay short; an absurd URL is refused before routing.
    routerOptions: { maxParamLength: 200 },
    // Errors raised while routing (a bad URL, an over-long id: 414) answer in the API's error shape too.
    frameworkErrors: (err, _req, reply) => sendClientError(reply, err.statusCode ?? 400, err.message),
  });
  const store = new PipelineStore(config.dataDir);
  const runs = new RunManager({
    dataDir: config.dataDir,
    store: new RunStore(config.dataDir),
    allowPrivateWebhooks: config.allowPrivateWebhooks,
    metricsIntervalMs: config.metricsIntervalMs,
    log: {
      info: (m) => app.log.info(m),
      warn: (m) => app.log.warn(m),
      error: (m) => app.log.error(m),
    },
    ...(config.print ? { print: config.print } : {}),
  });
  const deployments = new FlinkDeployments(config.dataDir, config.flink ?? flinkTargetFromEnv(), {
    warn: (m) => app.log.warn(m),
  });
  // Live topics of a Flink deployment (its job id) are the deployment's; every other topic is a run's.
  const hub = new LiveHub(
    { onSubscribe: (topic, sub) => deployments.onSubscribe(topic, sub) ?? runs.onSubscribe(topic, sub) },
    config.liveLimits ?? DEFAULT_LIMITS,
    config.liveMessageRate,
  );
  runs.attachHub(hub);
  deployments.attachHub(hub);

  const guard = new RequestGuard({
    host: config.host,
    port: () => (app.server.address() as AddressInfo | null)?.port ?? config.port,
    token: config.token,
    allowedHosts: config.allowedHosts,
  });
  app.addContentTypeParser('application/x-ndjson', { parseAs: 'string' }, (_req, body, done) =>
    done(null, body),
  );
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err.validation) return sendError(reply, 'bad-request', err.message);
    const status = err.statusCode ?? 500;
    if (status === 413) return sendError(reply, 'body-too-large', 'the request body is over the size limit');
    if (status === 415) return sendError(reply, 'unsupported-media-type', err.message);
    if (status >= 400 && status < 500) return sendClientError(reply, status, err.message);
    req.log.error(err);
    return sendError(reply, 'internal', 'internal error');
  });

  app.addSchema(validationIssueSchema);
  app.addSchema(runInfoSchema);
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Eventide',
        version: SERVER_VERSION,
        description: 'Pipelines, runs, ingest and live results.',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      },
      ...(config.token ? { security: [{ bearer: [] }] } : {}),
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  await app.register(fastifyWebsocket, { options: { maxPayload: config.wsMaxPayload } });
  // After the websocket plugin's own hook, so that a refused upgrade's socket is destroyed too.
  app.addHook('onRequest', async (req, reply) => {
    const verdict = guard.check(req.headers, req.url);
    if (!verdict.ok) return sendError(reply, verdict.error, verdict.message);
    // Opening the web app with ?token= leaves a cookie, so its own requests need no token in the URL.
    const fromQuery = config.token ? guard.tokenFromQuery(req.url) : undefined;
    if (fromQuery && !req.url.startsWith('/api/'))
      reply.header(
        'set-cookie',
        `${TOKEN_COOKIE}=${encodeURIComponent(fromQuery)}; HttpOnly; SameSite=Strict; Path=/`,
      );
  });

  metaRoutes(app, config.dataDir);
  pipelineRoutes(app, store, runs, config.dataDir);
  versionRoutes(app, store);
  runRoutes(app, store, runs, config.dataDir);
  ingestRoutes(app, runs, config.ingestBodyLimit, config.ingestMessageRate);
  connectorRoutes(app);
  flinkRoutes(app, store, deployments);
  liveRoute(app, hub);
  await webApp(app, config.webDist);

  let closed = false;
  return {
    app,
    runs,
    deployments,
    hub,
    store,
    async listen() {
      const url = await app.listen({ host: config.host, port: config.port });
      await runs.loadHistory();
      await deployments.load(async (id) => (await store.get(id))?.document);
      if (config.resumeRuns) await runs.resumeInterrupted();
      runs.prewarm();
      return url;
    },
    async close() {
      if (closed) return;
      closed = true;
      await runs.shutdown();
      await deployments.close();
      hub.closeAll();
      await app.close();
    },
  };
}
