import type { FastifyInstance } from 'fastify';
import { invalidDocument, sendError } from '../http/api-error.js';
import { checkDocument } from '../http/check-document.js';
import { documentBodySchema, errors, saveQuerySchema, storedPipelineSchema } from '../http/schemas.js';
import type { RunManager } from '../runs/run-manager.js';
import type { PipelineStore } from '../storage/pipeline-store.js';
import { PIPELINE_ID_PATTERN } from '../storage/slug.js';

export const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: PIPELINE_ID_PATTERN } },
} as const;

/** Pipelines CRUD: one validated JSON document per pipeline. */
export function pipelineRoutes(
  app: FastifyInstance,
  store: PipelineStore,
  runs: RunManager,
  dataDir: string,
): void {
  app.get(
    '/api/pipelines',
    {
      schema: {
        tags: ['pipelines'],
        summary: 'List stored pipelines',
        response: {
          200: {
            type: 'object',
            properties: {
              pipelines: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    id: { type: 'string' },
                    name: { type: 'string' },
                    updatedAt: { type: 'number' },
                  },
                },
              },
            },
          },
        },
      },
    },
    async () => ({ pipelines: await store.list() }),
  );

  app.get<{ Params: { id: string } }>(
    '/api/pipelines/:id',
    {
      schema: {
        tags: ['pipelines'],
        summary: 'One pipeline',
        params: idParams,
        response: { 200: storedPipelineSchema, ...errors(400, 404, 414) },
      },
    },
    async (req, reply) => {
      const p = await store.get(req.params.id);
      return p ?? sendError(reply, 'not-found', `no pipeline "${req.params.id}"`);
    },
  );

  app.post<{ Querystring: { message?: string } }>(
    '/api/pipelines',
    {
      schema: {
        tags: ['pipelines'],
        summary: 'Store a new pipeline; its id is the slug of its name, made unique',
        querystring: saveQuerySchema,
        body: documentBodySchema,
        response: { 201: storedPipelineSchema, ...errors(400, 413) },
      },
    },
    async (req, reply) => {
      const check = checkDocument(req.body, dataDir);
      if (!check.ok) return invalidDocument(reply, check.errors);
      return reply.code(201).send(await store.create(check.document, req.query.message));
    },
  );

  app.put<{ Params: { id: string }; Querystring: { message?: string } }>(
    '/api/pipelines/:id',
    {
      schema: {
        tags: ['pipelines'],
        summary:
          'Create or replace a pipeline, recording a version (a running one keeps its document until restarted)',
        params: idParams,
        querystring: saveQuerySchema,
        body: documentBodySchema,
        response: { 200: storedPipelineSchema, ...errors(400, 413, 414) },
      },
    },
    async (req, reply) => {
      const check = checkDocument(req.body, dataDir);
      if (!check.ok) return invalidDocument(reply, check.errors);
      return store.put(req.params.id, check.document, req.query.message);
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/pipelines/:id',
    {
      schema: {
        tags: ['pipelines'],
        summary: 'Delete a pipeline, stopping its run first',
        params: idParams,
        response: { 204: { type: 'null', description: 'Deleted' }, ...errors(400, 404, 414) },
      },
    },
    async (req, reply) => {
      await runs.stop(req.params.id);
      if (!(await store.delete(req.params.id)))
        return sendError(reply, 'not-found', `no pipeline "${req.params.id}"`);
      return reply.code(204).send();
    },
  );
}
