import type { FastifyInstance } from 'fastify';
import { inferFields } from '../connectors/checks/infer-fields.js';
import { CONNECTOR_CHECKS } from '../connectors/checks/registry.js';
import type { SecretSources } from '../connectors/secrets.js';
import { sendError } from '../http/api-error.js';
import { errors } from '../http/schemas.js';

const body = {
  type: 'object',
  required: ['kind', 'params'],
  properties: {
    kind: { type: 'string', maxLength: 64 },
    /** The node's params as in the document: secrets as `${env:NAME}`, resolved here. */
    params: { type: 'object', additionalProperties: true },
    node: { type: 'string', maxLength: 64, description: 'The node id, for messages' },
  },
  additionalProperties: false,
} as const;

const peekBody = {
  ...body,
  properties: {
    ...body.properties,
    maxMessages: { type: 'integer', minimum: 1, maximum: 200, default: 20 },
    waitMs: { type: 'integer', minimum: 0, maximum: 10_000, default: 2_000 },
  },
} as const;

const result = {
  type: 'object',
  required: ['ok', 'message'],
  properties: { ok: { type: 'boolean' }, message: { type: 'string' } },
} as const;

const peekResult = {
  type: 'object',
  required: ['ok', 'message', 'messages', 'fields'],
  properties: {
    ...result.properties,
    fields: {
      type: 'array',
      description: "The messages' fields with inferred types, to fill the node's declared fields",
      items: {
        type: 'object',
        properties: { name: { type: 'string' }, type: { type: 'string' } },
      },
    },
    messages: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          source: { type: 'string' },
          event: { type: 'object', additionalProperties: true },
          error: { type: 'string' },
          raw: { type: 'string' },
          retained: { type: 'boolean' },
        },
      },
    },
  },
} as const;

type CheckBody = { Body: { kind: string; params: Record<string, unknown>; node?: string } };
type PeekBody = { Body: CheckBody['Body'] & { maxMessages: number; waitMs: number } };

/**
 * "Test connection" and "Peek" of the inspector, for every kind in CONNECTOR_CHECKS. A broker that
 * does not answer is a 200 with ok: false and the reason in words; params that do not parse or name a
 * secret the server lacks are a 400 naming the param.
 */
export function connectorRoutes(app: FastifyInstance, secrets: SecretSources = { env: process.env }): void {
  const kinds = [...CONNECTOR_CHECKS].map(([kind, check]) => ({
    kind,
    test: true,
    peek: check.peek !== undefined,
  }));
  app.get(
    '/api/connectors',
    {
      schema: {
        tags: ['connectors'],
        summary: 'Connector kinds the server can test (and peek at)',
        response: {
          200: {
            type: 'object',
            properties: {
              kinds: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    kind: { type: 'string' },
                    test: { type: 'boolean' },
                    peek: { type: 'boolean' },
                  },
                },
              },
            },
          },
        },
      },
    },
    async () => ({ kinds }),
  );

  app.post<CheckBody>(
    '/api/connectors/test',
    {
      schema: {
        tags: ['connectors'],
        summary: "Test a connector node's connection: reachability and authentication, in words",
        body,
        response: { 200: result, ...errors(400) },
      },
    },
    async (req, reply) => {
      const check = CONNECTOR_CHECKS.get(req.body.kind);
      if (!check) return sendError(reply, 'no-check', `kind ${req.body.kind} has no connection test`);
      const r = await check.test(req.body.params, secrets);
      if ('refused' in r) return refuse(reply, req.body, r.refused);
      return r;
    },
  );

  app.post<PeekBody>(
    '/api/connectors/peek',
    {
      schema: {
        tags: ['connectors'],
        summary: 'The latest messages of a source (retained, or arriving within waitMs)',
        body: peekBody,
        response: { 200: peekResult, ...errors(400) },
      },
    },
    async (req, reply) => {
      const peek = CONNECTOR_CHECKS.get(req.body.kind)?.peek;
      if (!peek) return sendError(reply, 'no-peek', `kind ${req.body.kind} cannot peek at messages`);
      const r = await peek(req.body.params, secrets, {
        maxMessages: req.body.maxMessages,
        waitMs: req.body.waitMs,
      });
      if ('refused' in r) return refuse(reply, req.body, r.refused);
      const events = r.messages.flatMap((m) => (m.event ? [m.event] : []));
      return { ...r, fields: inferFields(events) };
    },
  );
}

function refuse(
  reply: Parameters<typeof sendError>[0],
  b: { kind: string; node?: string },
  refused: { path: string; message: string }[],
) {
  const node = b.node ?? b.kind;
  return sendError(
    reply,
    'invalid-params',
    refused.map((r) => `node ${node}: params.${r.path}: ${r.message}`).join('; '),
    {
      issues: refused.map((r) => ({
        severity: 'error' as const,
        ...(b.node ? { node: b.node } : {}),
        path: r.path,
        message: r.message,
      })),
    },
  );
}
