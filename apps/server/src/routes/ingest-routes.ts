import type { ApiErrorBody } from '@eventide/shared';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { WebSocket } from 'ws';
import { parseIngestBody } from '../connectors/parse-ingest-body.js';
import type { IngestSource } from '../host/ingest-source.js';
import { sendError } from '../http/api-error.js';
import { errors } from '../http/schemas.js';
import type { RunManager } from '../runs/run-manager.js';

const params = {
  type: 'object',
  required: ['pipelineId', 'nodeId'],
  properties: { pipelineId: { type: 'string', maxLength: 64 }, nodeId: { type: 'string', maxLength: 64 } },
} as const;

type IngestParams = { Params: { pipelineId: string; nodeId: string } };

/** HTTP and websocket ingest into the http-ingest / websocket-ingest sources of running pipelines. */
export function ingestRoutes(app: FastifyInstance, runs: RunManager, bodyLimit: number): void {
  app.post<IngestParams>(
    '/api/ingest/:pipelineId/:nodeId',
    {
      bodyLimit,
      schema: {
        tags: ['ingest'],
        summary: 'Send events: a JSON object, a JSON array of objects, or NDJSON (application/x-ndjson)',
        params,
        response: {
          202: { type: 'object', properties: { accepted: { type: 'integer' } } },
          ...errors(400, 404, 413, 429, 503),
        },
      },
    },
    async (req, reply) => {
      const queue = runs.ingestQueue(req.params.pipelineId, req.params.nodeId, 'source.http-ingest');
      if (!queue) return notIngesting(reply, req.params.pipelineId, req.params.nodeId);
      const ndjson = (req.headers['content-type'] ?? '').startsWith('application/x-ndjson');
      const parsed = parseIngestBody(req.body, ndjson);
      if (!parsed.ok) return sendError(reply, 'bad-event', parsed.message);
      const result = queue.offer(parsed.events);
      if ('unavailable' in result) {
        reply.header('retry-after', '5');
        return sendError(reply, 'unavailable', result.unavailable);
      }
      if ('full' in result) {
        reply.header('retry-after', String(result.retryAfterSec));
        return sendError(
          reply,
          'queue-full',
          `the source's queue is full (${queue.capacity} events, ${result.free} free): retry after ${result.retryAfterSec} s`,
        );
      }
      return reply.code(202).send({ accepted: result.accepted });
    },
  );

  app.get<IngestParams>(
    '/api/ingest/:pipelineId/:nodeId/ws',
    {
      websocket: true,
      schema: {
        tags: ['ingest'],
        summary: 'Websocket ingest: one JSON object, array or NDJSON text per message',
        params,
      },
    },
    (socket, req) => {
      const queue = runs.ingestQueue(req.params.pipelineId, req.params.nodeId, 'source.websocket-ingest');
      if (!queue) {
        socket.close(4404, 'not a websocket-ingest node of a running pipeline');
        return;
      }
      socket.on('message', (data, isBinary) => onIngestMessage(socket, queue, String(data), isBinary));
    },
  );
}

function onIngestMessage(socket: WebSocket, queue: IngestSource, text: string, isBinary: boolean): void {
  socket.send(JSON.stringify(ingestReply(queue, text, isBinary)));
}

/** One websocket ingest message: accepted whole, or an error the client can act on. */
function ingestReply(
  queue: IngestSource,
  text: string,
  isBinary: boolean,
): ApiErrorBody | { accepted: number } {
  if (isBinary) return { error: 'bad-event', message: 'send JSON text messages' };
  let body: unknown = text;
  let ndjson = true;
  const trimmed = text.trim();
  if (trimmed.startsWith('[') || (trimmed.startsWith('{') && !trimmed.includes('\n'))) {
    try {
      body = JSON.parse(text);
      ndjson = false;
    } catch (e) {
      return { error: 'bad-event', message: e instanceof Error ? e.message : String(e) };
    }
  }
  const parsed = parseIngestBody(body, ndjson);
  if (!parsed.ok) return { error: 'bad-event', message: parsed.message };
  const result = queue.offer(parsed.events);
  if ('unavailable' in result) return { error: 'unavailable', message: result.unavailable, retryAfterSec: 5 };
  if ('full' in result)
    return {
      error: 'queue-full',
      message: "the source's queue is full",
      retryAfterSec: result.retryAfterSec,
    };
  return { accepted: result.accepted };
}

function notIngesting(reply: FastifyReply, pipeline: string, node: string): FastifyReply {
  return sendError(
    reply,
    'not-ingesting',
    `pipeline "${pipeline}" is not running or has no http-ingest node "${node}"`,
  );
}
