import { API_ERRORS, type ApiErrorBody, type ApiErrorCode, type ValidationIssue } from '@eventide/shared';
import type { FastifyReply } from 'fastify';

/**
 * Answers with the error body of the shared REST contract (packages/shared/src/protocol/api.ts);
 * the HTTP status comes from the code, so a code always means the same status.
 */
export function sendError(
  reply: FastifyReply,
  error: ApiErrorCode,
  message: string,
  extra: Omit<ApiErrorBody, 'error' | 'message'> = {},
): FastifyReply {
  const body: ApiErrorBody = { error, message, ...extra };
  return reply.code(API_ERRORS[error].status).send(body);
}

/** A 4xx of Fastify itself (a status with no code of its own, e.g. 405): bad-request, its status kept. */
export function sendClientError(reply: FastifyReply, status: number, message: string): FastifyReply {
  const body: ApiErrorBody = { error: 'bad-request', message };
  return reply.code(status).send(body);
}

export function invalidDocument(reply: FastifyReply, issues: ValidationIssue[]): FastifyReply {
  const first = issues[0];
  const where = first
    ? first.node
      ? `node ${first.node}`
      : first.edge
        ? `edge ${first.edge}`
        : 'document'
    : '';
  return sendError(
    reply,
    'invalid-document',
    `${issues.length} validation error${issues.length === 1 ? '' : 's'}${first ? `, first: ${where}: ${first.path ? `${first.path}: ` : ''}${first.message}` : ''}`,
    { issues },
  );
}
