import type { PipelineDocument, ValidationIssue } from '@eventide/shared';

/**
 * Secrets in node params are `${env:NAME}` references, resolved on the server when a run starts
 * (or a connection is tested), never written back into the document, so export and the API only
 * ever show the reference. Any string param may hold references (a password, a URL with one inside).
 */

/** `${env:NAME}`: NAME as in a POSIX environment variable. */
const REFERENCE = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g;

export interface MissingSecret {
  /** Param path, e.g. "password" or "auth.0.value". */
  path: string;
  /** The environment variable that is not set. */
  name: string;
}

export type SecretResolution<T> = { ok: true; params: T } | { ok: false; missing: MissingSecret[] };

export type SecretEnv = Readonly<Record<string, string | undefined>>;

/**
 * A copy of `params` with every `${env:NAME}` replaced by its value, or every reference that has none.
 * Only string contents change, so the copy keeps the params' shape (and type).
 */
export function resolveSecrets<T extends Record<string, unknown>>(
  params: T,
  env: SecretEnv = process.env,
): SecretResolution<T> {
  const missing: MissingSecret[] = [];
  const walk = (value: unknown, path: string): unknown => {
    if (typeof value === 'string') {
      return value.replace(REFERENCE, (ref, name: string) => {
        const v = env[name];
        if (v === undefined) {
          missing.push({ path, name });
          return ref;
        }
        return v;
      });
    }
    if (Array.isArray(value)) return value.map((v, i) => walk(v, join(path, String(i))));
    if (isRecord(value))
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, join(path, k))]));
    return value;
  };
  const resolved = walk(params, '');
  if (missing.length > 0 || !isRecord(resolved)) return { ok: false, missing };
  // walk() rebuilt the same structure with strings substituted: T still describes it.
  return { ok: true, params: resolved as T };
}

/** The params of node `nodeId` resolved, or an error naming the node, the param and the variable. */
export function resolveNodeSecrets<T extends Record<string, unknown>>(
  nodeId: string,
  params: T,
  env: SecretEnv = process.env,
): T {
  const r = resolveSecrets(params, env);
  if (r.ok) return r.params;
  throw new Error(r.missing.map((m) => missingMessage(nodeId, m)).join('; '));
}

export function missingMessage(nodeId: string, m: MissingSecret): string {
  return `node ${nodeId}: params.${m.path}: environment variable ${m.name} is not set on the server`;
}

/** Every secret reference of the document that the server cannot resolve, by node and param path. */
export function secretIssues(document: PipelineDocument, env: SecretEnv = process.env): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const node of document.nodes) {
    const r = resolveSecrets(node.params, env);
    if (r.ok) continue;
    for (const m of r.missing)
      issues.push({
        severity: 'error',
        node: node.id,
        path: m.path,
        message: `environment variable ${m.name} is not set on the server`,
      });
  }
  return issues;
}

/** True when `value` mentions a secret reference (so it must not be shown resolved). */
export function hasSecretReference(value: string): boolean {
  return new RegExp(REFERENCE.source).test(value);
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
