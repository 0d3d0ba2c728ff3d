import type { PipelineVersion, PipelineVersionList, StoredPipeline } from '@eventide/shared';
import type { FastifyInstance } from 'fastify';
import { sendError } from '../http/api-error.js';
import { errors, storedPipelineSchema, versionInfoSchema, versionSchema } from '../http/schemas.js';
import type { PipelineStore } from '../storage/pipeline-store.js';
import { PIPELINE_ID_PATTERN } from '../storage/slug.js';
import { idParams } from './pipeline-routes.js';

const versionParams = {
  type: 'object',
  required: ['id', 'number'],
  properties: {
    id: { type: 'string', pattern: PIPELINE_ID_PATTERN },
    number: { type: 'integer', minimum: 1 },
  },
} as const;

/** The saved versions of a pipeline: list, open one, restore one (which saves it as a new version). */
export function versionRoutes(app: FastifyInstance, store: PipelineStore): void {
  app.get<{ Params: { id: string } }>(
    '/api/pipelines/:id/versions',
    {
      schema: {
        tags: ['pipelines'],
        summary: 'The saved versions of a pipeline, newest first',
        params: idParams,
        response: {
          200: { type: 'object', properties: { versions: { type: 'array', items: versionInfoSchema } } },
          ...errors(400, 404, 414),
        },
      },
    },
    async (req, reply) => {
      if (!(await store.get(req.params.id)))
        return sendError(reply, 'not-found', `no pipeline "${req.params.id}"`);
      const body: PipelineVersionList = { versions: await store.versions(req.params.id).list() };
      return body;
    },
  );

  app.get<{ Params: { id: string; number: number } }>(
    '/api/pipelines/:id/versions/:number',
    {
      schema: {
        tags: ['pipelines'],
        summary: 'One saved version of a pipeline, with its document',
        params: versionParams,
        response: { 200: versionSchema, ...errors(400, 404, 414) },
      },
    },
    async (req, reply) => {
      const v: PipelineVersion | undefined = await store.versions(req.params.id).get(req.params.number);
      return (
        v ?? sendError(reply, 'not-found', `pipeline "${req.params.id}" has no version ${req.params.number}`)
      );
    },
  );

  app.post<{ Params: { id: string; number: number } }>(
    '/api/pipelines/:id/versions/:number/restore',
    {
      schema: {
        tags: ['pipelines'],
        summary: 'Make a saved version the current document again (recorded as a new version)',
        params: versionParams,
        response: { 200: storedPipelineSchema, ...errors(400, 404, 414) },
      },
    },
    async (req, reply) => {
      const v = await store.versions(req.params.id).get(req.params.number);
      if (!v)
        return sendError(
          reply,
          'not-found',
          `pipeline "${req.params.id}" has no version ${req.params.number}`,
        );
      const saved: StoredPipeline = await store.put(
        req.params.id,
        v.document,
        `restored version ${v.number}`,
      );
      return saved;
    },
  );
}
