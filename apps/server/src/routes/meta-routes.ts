import { catalogJson } from '@eventide/shared';
import type { FastifyInstance } from 'fastify';
import { checkDocument } from '../http/check-document.js';
import { documentBodySchema, errors } from '../http/schemas.js';
import { SERVER_VERSION } from '../version.js';

/** Health, catalog and validation: routes that touch no pipeline or run. */
export function metaRoutes(app: FastifyInstance, dataDir: string): void {
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['meta'],
        summary: 'Liveness and version',
        response: {
          200: { type: 'object', properties: { ok: { type: 'boolean' }, version: { type: 'string' } } },
        },
      },
    },
    async () => ({ ok: true, version: SERVER_VERSION }),
  );

  const catalog = { kinds: catalogJson() };
  app.get(
    '/api/catalog',
    {
      schema: {
        tags: ['meta'],
        summary: 'Every node kind: ports, defaults and parameter JSON Schema',
        response: {
          200: {
            type: 'object',
            properties: { kinds: { type: 'array', items: { type: 'object', additionalProperties: true } } },
          },
        },
      },
    },
    async () => catalog,
  );

  app.post(
    '/api/validate',
    {
      schema: {
        tags: ['pipelines'],
        summary: 'Validate a pipeline document without storing it',
        body: documentBodySchema,
        response: {
          200: {
            type: 'object',
            properties: {
              ok: { type: 'boolean' },
              errors: { type: 'array', items: { $ref: 'ValidationIssue#' } },
              warnings: { type: 'array', items: { $ref: 'ValidationIssue#' } },
            },
          },
          ...errors(400, 413),
        },
      },
    },
    async (req) => {
      const check = checkDocument(req.body, dataDir);
      return { ok: check.ok, errors: check.ok ? [] : check.errors, warnings: check.warnings };
    },
  );
}
