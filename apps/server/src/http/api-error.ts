import type { ValidationIssue } from '@eventide/shared';
import type { FastifyReply } from 'fastify';

/** The error body every route answers with: `{ error, message, issues? }`. */
export interface ApiErrorBody {
  error: string;
  message: string;
  issues?: ValidationIssue[];
  /** A refused event: the field path, and its NDJSON line. */
  path?: string;
  line?: number;
}

export function sendError(
  reply: FastifyReply,
  status: number,
  error: string,
  message: string,
  extra: Partial<ApiErrorBody> & Record<string, unknown> = {},
): FastifyReply {
  return reply.code(status).send({ error, message, ...extra });
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
    400,
    'invalid-document',
    `${issues.length} validation error${issues.length === 1 ? '' : 's'}${first ? `, first: ${where}: ${first.path ? `${first.path}: ` : ''}${first.message}` : ''}`,
    { issues },
  );
}
