import type { ApiErrorBody } from '@eventide/shared';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { WebSocket } from 'ws';
import { parseIngestBody } from '../connectors/parse-ingest-body.js';
import { type IngestTarget, offerDurably } from '../host/ingest-source.js';
import { sendError } from '../http/api-error.js';
import { errors } from '../http/schemas.js';
import type { RunManager } from '../runs/run-manager.js';
import { MessageRate, type MessageRateLimits, POLICY_VIOLATION } from '../security/message-rate.js';

const params = {
  type: 'object',
  required: ['pipelineId', 'nodeId'],
  properties: { pipelineId: { type: 'string', maxLength: 64 }, nodeId: { type: 'string', maxLength: 64 } },
} as const;

type IngestParams = { Params: { pipelineId: string; nodeId: string } };

/** HTTP and websocket ingest into the http-ingest / websocket-ingest sources of running pipelines. */
export function ingestRoutes(
  app: FastifyInstance,
  runs: RunManager,
  bodyLimit: number,
  messageRate: MessageRateLimits,
): void {
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
          ...errors(400, 404, 413, 414, 415, 429, 503),
        },
      },
    },
    async (req, reply) => {
      const queue = runs.ingestQueue(req.params.pipelineId, req.params.nodeId, 'source.http-ingest');
      if (!queue) return notIngesting(reply, req.params.pipelineId, req.params.nodeId);
      const answer = await answerIngest(queue, req.body, req.headers['content-type']);
      if (answer.retryAfterSec !== undefined) reply.header('retry-after', String(answer.retryAfterSec));
      return reply.code(answer.status).send(answer.body);
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
      const rate = new MessageRate(messageRate);
      // One message at a time (an offer crosses to the run's worker), so replies keep the messages' order.
      let previous = Promise.resolve();
      socket.on('message', (data, isBinary) => {
        const verdict = rate.take();
        if (!verdict.ok && verdict.close) {
          socket.close(POLICY_VIOLATION, verdict.reason);
          return;
        }
        // every ingest message gets its one reply, so the client knows which batches to send again
        previous = previous.then(() =>
          verdict.ok
            ? onIngestMessage(socket, queue, String(data), isBinary)
            : socket.send(
                JSON.stringify({ error: 'rate-limited', message: verdict.reason, retryAfterSec: 1 }),
              ),
        );
      });
    },
  );
}

export interface IngestAnswer {
  status: 202 | 400 | 429 | 503;
  body: { accepted: number } | ApiErrorBody;
  retryAfterSec?: number;
}

/**
 * What POST /api/ingest answers for a body Fastify has parsed (JSON, or NDJSON text), once the
 * node is found: the route is this plus the lookup. Tests call it directly to fuzz at volume.
 */
export async function answerIngest(
  queue: IngestTarget,
  body: unknown,
  contentType: string | undefined,
): Promise<IngestAnswer> {
  const ndjson = (contentType ?? '').startsWith('application/x-ndjson');
  const parsed = parseIngestBody(body, ndjson, queue.limits);
  if (!parsed.ok)
    return { status: 400, body: { error: 'bad-event', message: parsed.message, ...refusal(parsed) } };
  const result = await offerDurably(queue, parsed.events);
  if ('unavailable' in result)
    return { status: 503, body: { error: 'unavailable', message: result.unavailable }, retryAfterSec: 5 };
  if ('full' in result)
    return {
      status: 429,
      body: {
        error: 'queue-full',
        message: `the source's queue is full (${queue.capacity} events, ${result.free} free): retry after ${result.retryAfterSec} s`,
      },
      retryAfterSec: result.retryAfterSec,
    };
  return { status: 202, body: { accepted: result.accepted } };
}

async function onIngestMessage(
  socket: WebSocket,
  queue: IngestTarget,
  text: string,
  isBinary: boolean,
): Promise<void> {
  socket.send(JSON.stringify(await ingestReply(queue, text, isBinary)));
}

/** One websocket ingest message: accepted whole, or an error the client can act on. */
async function ingestReply(queue: IngestTarget, text: string, isBinary: boolean): Promise<object> {
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
  const parsed = parseIngestBody(body, ndjson, queue.limits);
  if (!parsed.ok) return { error: 'bad-event', message: parsed.message, ...refusal(parsed) };
  const result = await offerDurably(queue, parsed.events);
  if ('unavailable' in result) return { error: 'unavailable', message: result.unavailable, retryAfterSec: 5 };
  if ('full' in result)
    return {
      error: 'queue-full',
      message: "the source's queue is full",
      retryAfterSec: result.retryAfterSec,
    };
  return { accepted: result.accepted };
}

/** The path and line of a refused event, for clients that point at the bad field. */
function refusal(parsed: { path?: string; line?: number }): { path?: string; line?: number } {
  return {
    ...(parsed.path !== undefined ? { path: parsed.path } : {}),
    ...(parsed.line !== undefined ? { line: parsed.line } : {}),
  };
}

function notIngesting(reply: FastifyReply, pipeline: string, node: string): FastifyReply {
  return sendError(
    reply,
    'not-ingesting',
    `pipeline "${pipeline}" is not running or has no http-ingest node "${node}"`,
  );
}
