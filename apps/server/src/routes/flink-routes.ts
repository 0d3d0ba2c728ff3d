import type { FlinkTarget, ValidationIssue } from '@eventide/shared';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { FlinkDeployments } from '../flink/deployments.js';
import { FlinkHttpError } from '../flink/flink-http.js';
import { resolveTarget } from '../flink/target.js';
import { sendError } from '../http/api-error.js';
import { errors } from '../http/schemas.js';
import type { PipelineStore } from '../storage/pipeline-store.js';
import { idParams } from './pipeline-routes.js';

const targetSchema = {
  type: 'object',
  required: ['flinkUrl', 'gatewayUrl', 'kafka'],
  properties: {
    flinkUrl: { type: 'string', description: "The Flink cluster's REST endpoint (JobManager)" },
    gatewayUrl: { type: 'string', description: "The Flink SQL Gateway's REST endpoint" },
    kafka: { type: 'string', description: 'Kafka bootstrap servers of the dashboard result topics' },
  },
} as const;

/** A deployment: the FlinkDeployment type of @eventide/shared (protocol/flink.ts). */
const deploymentSchema = {
  type: 'object',
  required: ['id', 'pipeline', 'state', 'flinkState', 'target', 'resultTopics', 'dashboards', 'deployedAt'],
  properties: {
    id: { type: 'string' },
    pipeline: { type: 'string' },
    name: { type: 'string' },
    target: targetSchema,
    state: { type: 'string' },
    flinkState: { type: 'string' },
    error: { type: 'string' },
    resultTopics: { type: 'object', additionalProperties: { type: 'string' } },
    dashboards: { type: 'object', additionalProperties: true },
    deployedAt: { type: 'number' },
    endedAt: { type: 'number' },
    unreachable: { type: 'string' },
  },
} as const;

const jobParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: '^[0-9a-f]{32}$' } },
} as const;

/** Deploy a stored pipeline to a Flink session cluster, follow its job, cancel it. */
export function flinkRoutes(app: FastifyInstance, store: PipelineStore, deployments: FlinkDeployments): void {
  app.get(
    '/api/flink',
    {
      schema: {
        tags: ['flink'],
        summary: 'The Flink target a deploy uses when the request names none',
        response: { 200: { type: 'object', required: ['target'], properties: { target: targetSchema } } },
      },
    },
    async () => ({ target: deployments.defaults }),
  );

  app.post<{ Params: { id: string }; Body: Partial<FlinkTarget> | undefined }>(
    '/api/pipelines/:id/deploy',
    {
      schema: {
        tags: ['flink'],
        summary:
          'Compile the stored pipeline to Flink SQL and submit it through the SQL Gateway; 400 cannot-deploy names the nodes that do not translate',
        params: idParams,
        body: {
          type: ['object', 'null'],
          properties: {
            flinkUrl: { type: 'string', maxLength: 2000 },
            gatewayUrl: { type: 'string', maxLength: 2000 },
            kafka: { type: 'string', maxLength: 2000 },
          },
          additionalProperties: false,
        },
        response: {
          201: {
            type: 'object',
            required: ['deployment', 'sql', 'warnings'],
            properties: {
              deployment: deploymentSchema,
              sql: { type: 'string' },
              warnings: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    node: { type: 'string' },
                    path: { type: 'string' },
                    reason: { type: 'string' },
                  },
                },
              },
            },
          },
          ...errors(400, 404, 414, 502),
        },
      },
    },
    async (req, reply) => {
      const stored = await store.get(req.params.id);
      if (!stored) return sendError(reply, 'not-found', `no pipeline "${req.params.id}"`);
      let target: FlinkTarget;
      try {
        target = resolveTarget(req.body ?? {}, deployments.defaults);
      } catch (e) {
        return sendError(reply, 'bad-request', (e as Error).message);
      }
      try {
        const result = await deployments.deploy(stored.id, stored.document, target);
        if (result.ok) return reply.code(201).send(result.response);
        const issues: ValidationIssue[] = result.refusals.map((r) => ({
          severity: 'error',
          ...(r.node ? { node: r.node } : {}),
          path: r.path,
          message: r.reason,
          ...(r.start !== undefined && r.end !== undefined ? { start: r.start, end: r.end } : {}),
        }));
        const nodes = [...new Set(result.refusals.map((r) => r.node).filter(Boolean))];
        return sendError(
          reply,
          'cannot-deploy',
          `${nodes.length} node${nodes.length === 1 ? '' : 's'} do not translate to Flink SQL: ${nodes.join(', ')}`,
          { issues },
        );
      } catch (e) {
        return flinkFailure(reply, e);
      }
    },
  );

  app.get<{ Querystring: { pipeline?: string } }>(
    '/api/deployments',
    {
      schema: {
        tags: ['flink'],
        summary: "Deployments to Flink, newest first, with their jobs' states read from the cluster",
        querystring: { type: 'object', properties: { pipeline: { type: 'string', maxLength: 200 } } },
        response: {
          200: {
            type: 'object',
            required: ['deployments'],
            properties: { deployments: { type: 'array', items: deploymentSchema } },
          },
          ...errors(400),
        },
      },
    },
    async (req) => ({ deployments: await deployments.list(req.query.pipeline) }),
  );

  app.get<{ Params: { id: string } }>(
    '/api/deployments/:id',
    {
      schema: {
        tags: ['flink'],
        summary: "One deployment, its job's state read from the cluster",
        params: jobParams,
        response: {
          200: { type: 'object', required: ['deployment'], properties: { deployment: deploymentSchema } },
          ...errors(400, 404, 414),
        },
      },
    },
    async (req, reply) => {
      const deployment = await deployments.get(req.params.id);
      return deployment ? { deployment } : sendError(reply, 'not-found', `no deployment "${req.params.id}"`);
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/deployments/:id/cancel',
    {
      schema: {
        tags: ['flink'],
        summary: 'Cancel the Flink job of a deployment (answers the state right after asking)',
        params: jobParams,
        response: {
          200: { type: 'object', required: ['deployment'], properties: { deployment: deploymentSchema } },
          ...errors(400, 404, 414, 502),
        },
      },
    },
    async (req, reply) => {
      try {
        const deployment = await deployments.cancel(req.params.id);
        return deployment
          ? { deployment }
          : sendError(reply, 'not-found', `no deployment "${req.params.id}"`);
      } catch (e) {
        return flinkFailure(reply, e);
      }
    },
  );
}

function flinkFailure(reply: FastifyReply, e: unknown): FastifyReply {
  if (e instanceof FlinkHttpError) {
    if (e.status === 400) return sendError(reply, 'bad-request', e.message);
    return sendError(reply, 'flink-error', e.message);
  }
  throw e;
}
