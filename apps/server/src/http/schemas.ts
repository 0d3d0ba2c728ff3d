/**
 * JSON schemas of the routes: Fastify validates with them and /docs documents them. The bodies are
 * the types of the REST contract in @eventide/shared (protocol/api.ts); the error codes come from it.
 */
import { API_ERROR_CODES } from '@eventide/shared';

export const errorSchema = {
  type: 'object',
  required: ['error', 'message'],
  properties: {
    error: { type: 'string', enum: API_ERROR_CODES },
    message: { type: 'string' },
    issues: { type: 'array', items: { $ref: 'ValidationIssue#' } },
    run: { $ref: 'RunInfo#' },
    retryAfterSec: { type: 'number' },
    path: { type: 'string', description: 'A refused event: the field path ("v", "0.v" in an array body)' },
    line: { type: 'integer', description: 'A refused NDJSON event: its 1-based line' },
  },
  // Fastify's own errors (a malformed body, say) also carry statusCode and code.
  additionalProperties: true,
} as const;

export const validationIssueSchema = {
  $id: 'ValidationIssue',
  type: 'object',
  required: ['severity', 'path', 'message'],
  properties: {
    severity: { type: 'string', enum: ['error', 'warning'] },
    node: { type: 'string' },
    edge: { type: 'string' },
    path: { type: 'string' },
    message: { type: 'string' },
    start: { type: 'integer' },
    end: { type: 'integer' },
  },
} as const;

/** The document is validated by @eventide/shared (precise issues); the route only needs an object. */
export const documentBodySchema = {
  type: 'object',
  description: 'A pipeline document (see GET /api/catalog and the document JSON Schema).',
  additionalProperties: true,
} as const;

export const runInfoSchema = {
  $id: 'RunInfo',
  type: 'object',
  required: ['id', 'pipeline', 'state', 'startedAt'],
  properties: {
    id: { type: 'string' },
    pipeline: { type: 'string' },
    state: { type: 'string', enum: ['starting', 'running', 'stopping', 'stopped', 'finished', 'failed'] },
    startedAt: { type: 'number' },
    endedAt: { type: 'number' },
    error: { type: 'string' },
    warnings: { type: 'array', items: { type: 'string' } },
  },
} as const;

export const storedPipelineSchema = {
  type: 'object',
  required: ['id', 'document', 'updatedAt'],
  properties: {
    id: { type: 'string' },
    document: { type: 'object', additionalProperties: true },
    updatedAt: { type: 'number' },
    version: { type: 'integer' },
  },
} as const;

/** `?message=` of a save: recorded with the version it makes. */
export const saveQuerySchema = {
  type: 'object',
  properties: { message: { type: 'string', maxLength: 500 } },
} as const;

export const versionInfoSchema = {
  type: 'object',
  required: ['number', 'savedAt'],
  properties: {
    number: { type: 'integer' },
    savedAt: { type: 'number' },
    message: { type: 'string' },
  },
} as const;

export const versionSchema = {
  type: 'object',
  required: ['number', 'savedAt', 'document'],
  properties: { ...versionInfoSchema.properties, document: { type: 'object', additionalProperties: true } },
} as const;

export const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, errorSchema]));
