import { type ApplyResponse, planStateCarryOver } from '@eventide/shared';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { invalidDocument, sendError } from '../http/api-error.js';
import { checkDocument } from '../http/check-document.js';
import { documentBodySchema, errors } from '../http/schemas.js';
import { AlreadyRunning, CannotStart, NotResumable, type RunManager } from '../runs/run-manager.js';
import type { PipelineStore } from '../storage/pipeline-store.js';
import { idParams } from './pipeline-routes.js';

const runReply = {
  type: 'object',
  properties: { run: { $ref: 'RunInfo#' } },
} as const;

/** Start and stop pipelines; list runs and read their metrics. */
export function runRoutes(
  app: FastifyInstance,
  store: PipelineStore,
  runs: RunManager,
  dataDir: string,
): void {
  app.post<{ Params: { id: string } }>(
    '/api/pipelines/:id/start',
    {
      schema: {
        tags: ['runs'],
        summary: 'Start a run of the stored pipeline',
        params: idParams,
        response: { 201: runReply, ...errors(400, 404, 409, 414) },
      },
    },
    async (req, reply) => {
      const stored = await store.get(req.params.id);
      if (!stored) return sendError(reply, 'not-found', `no pipeline "${req.params.id}"`);
      const check = checkDocument(stored.document, dataDir);
      if (!check.ok) return invalidDocument(reply, check.errors);
      try {
        return reply.code(201).send({ run: await runs.start(stored.id, check.document) });
      } catch (e) {
        return refusal(reply, e);
      }
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/pipelines/:id/stop',
    {
      schema: {
        tags: ['runs'],
        summary: 'Stop the running pipeline',
        params: idParams,
        response: { 200: runReply, ...errors(400, 404, 414) },
      },
    },
    async (req, reply) => {
      const run = await runs.stop(req.params.id);
      return run ? { run } : sendError(reply, 'not-running', `pipeline "${req.params.id}" is not running`);
    },
  );

  app.post<{ Params: { id: string }; Querystring: { dryRun?: boolean } }>(
    '/api/pipelines/:id/apply',
    {
      schema: {
        tags: ['runs'],
        summary:
          'Switch the running pipeline to a new version, keeping the state of unchanged stateful nodes (dryRun: the plan only)',
        params: idParams,
        querystring: { type: 'object', properties: { dryRun: { type: 'boolean' } } },
        body: documentBodySchema,
        response: {
          200: {
            type: 'object',
            required: ['plan'],
            properties: {
              plan: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    node: { type: 'string' },
                    kind: { type: 'string' },
                    fate: { type: 'string', enum: ['kept', 'dropped', 'new'] },
                    reason: { type: 'string' },
                  },
                },
              },
              run: { $ref: 'RunInfo#' },
              version: { type: 'integer' },
            },
          },
          ...errors(400, 404, 413, 414),
        },
      },
    },
    async (req, reply) => {
      const check = checkDocument(req.body, dataDir);
      if (!check.ok) return invalidDocument(reply, check.errors);
      const running = runs.runningDocument(req.params.id);
      if (!running) return sendError(reply, 'not-running', `pipeline "${req.params.id}" is not running`);
      const refused = runs.applyIssue(running, check.document);
      if (refused) return sendError(reply, 'cannot-start', refused.message, { issues: [refused] });
      if (req.query.dryRun) {
        const body: ApplyResponse = { plan: planStateCarryOver(running, check.document) };
        return body;
      }
      const saved = await store.put(req.params.id, check.document, 'applied to the running pipeline');
      try {
        const applied = await runs.apply(req.params.id, saved.document);
        if (!applied) return sendError(reply, 'not-running', `pipeline "${req.params.id}" is not running`);
        const body: ApplyResponse = { ...applied, ...(saved.version ? { version: saved.version } : {}) };
        return body;
      } catch (e) {
        if (e instanceof CannotStart)
          return sendError(reply, 'cannot-start', e.message, e.issues.length ? { issues: e.issues } : {});
        throw e;
      }
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/runs/:id/resume',
    {
      schema: {
        tags: ['runs'],
        summary:
          'Restart an ended run (failed, stalled, or stopped by terminating its worker) from its last checkpoint',
        params: { type: 'object', properties: { id: { type: 'string', maxLength: 200 } } },
        response: { 201: runReply, ...errors(400, 404, 409, 414) },
      },
    },
    async (req, reply) => {
      try {
        return reply.code(201).send({ run: await runs.resume(req.params.id) });
      } catch (e) {
        return refusal(reply, e);
      }
    },
  );

  app.get(
    '/api/runs',
    {
      schema: {
        tags: ['runs'],
        summary: 'Running runs and the most recent ended ones, newest first',
        response: {
          200: { type: 'object', properties: { runs: { type: 'array', items: { $ref: 'RunInfo#' } } } },
        },
      },
    },
    async () => ({ runs: runs.list() }),
  );

  app.get<{ Params: { id: string } }>(
    '/api/runs/:id',
    {
      schema: {
        tags: ['runs'],
        summary: 'A run and its per-node metrics',
        params: { type: 'object', properties: { id: { type: 'string', maxLength: 200 } } },
        response: {
          200: {
            type: 'object',
            properties: {
              run: { $ref: 'RunInfo#' },
              metrics: { type: 'object', additionalProperties: true },
            },
          },
          ...errors(400, 404, 414),
        },
      },
    },
    async (req, reply) =>
      (await runs.current(req.params.id)) ?? sendError(reply, 'not-found', `no run "${req.params.id}"`),
  );

  app.get<{ Params: { id: string; node: string } }>(
    '/api/runs/:id/nodes/:node/cep-state',
    {
      schema: {
        tags: ['runs'],
        summary:
          "A pattern node's partial matches in a running run: totals per step, the keys with the oldest ones (bounded), matches and timeouts per second",
        params: runNodeParams,
        response: {
          200: { type: 'object', additionalProperties: true },
          ...errors(400, 404, 414, 503),
        },
      },
    },
    async (req, reply) => {
      const r = await runs.cepState(req.params.id, req.params.node);
      return 'state' in r ? r.state : sendError(reply, r.error, r.message);
    },
  );
}

/** A node of a run, in a route's params. */
const runNodeParams = {
  type: 'object',
  required: ['id', 'node'],
  properties: { id: { type: 'string', maxLength: 200 }, node: { type: 'string', maxLength: 200 } },
} as const;

/** The answer to a start or resume that the RunManager refused; anything else is rethrown (500). */
function refusal(reply: FastifyReply, e: unknown): FastifyReply {
  if (e instanceof AlreadyRunning) return sendError(reply, 'already-running', e.message, { run: e.run });
  if (e instanceof NotResumable)
    return sendError(reply, e.status === 404 ? 'not-found' : 'not-resumable', e.message);
  if (e instanceof CannotStart)
    return sendError(reply, 'cannot-start', e.message, e.issues.length ? { issues: e.issues } : {});
  throw e;
}
