import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { PipelineDocument, ValidationIssue } from '@eventide/shared';

/**
 * Secrets in node params are references, resolved on the server when a run starts (or a connection
 * is tested), never written back into the document, so export and the API only ever show the
 * reference. Any string param may hold references (a password, a URL with one inside):
 * - `${env:NAME}`: the server's environment variable NAME;
 * - `${secret:NAME}`: key NAME of `<dataDir>/secrets.json`, a JSON object of strings that only the
 *   server's user may read (mode 0600 or 0400, as ssh insists for keys): one file to back up with
 *   the data directory, as Node-RED keeps credentials beside its flows, and no variables to set in
 *   every service manager.
 */

/** `${env:NAME}` / `${secret:NAME}`: NAME as in a POSIX environment variable. */
const REFERENCE = /\$\{(env|secret):([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** The name of the secrets file in the data directory. */
export const SECRETS_FILE = 'secrets.json';

export interface MissingSecret {
  /** Param path, e.g. "password" or "auth.0.value". */
  path: string;
  /** The variable or secret name that cannot be resolved. */
  name: string;
  /** Why, in words: "environment variable NAME is not set on the server", ... */
  reason: string;
}

export type SecretResolution<T> = { ok: true; params: T } | { ok: false; missing: MissingSecret[] };

export type SecretEnv = Readonly<Record<string, string | undefined>>;

/** Where references resolve from. */
export interface SecretSources {
  env: SecretEnv;
  /** `<dataDir>/secrets.json`; none where the host has no data directory. */
  file?: string;
}

/** The secrets file of a data directory. */
export function secretSources(dataDir: string | undefined, env: SecretEnv = process.env): SecretSources {
  return dataDir === undefined ? { env } : { env, file: path.join(dataDir, SECRETS_FILE) };
}

type SecretsFile = { values: Readonly<Record<string, string>> } | { problem: string };

/** Reads the secrets file, refusing one that other users can read or that is not an object of strings. */
export function readSecretsFile(file: string | undefined): SecretsFile {
  if (file === undefined) return { problem: `this host has no data directory for ${SECRETS_FILE}` };
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch {
    return { problem: `there is no ${file}` };
  }
  if ((mode & 0o077) !== 0)
    return {
      problem: `${file} can be read by other users (mode ${(mode & 0o777).toString(8)}): run chmod 600 on it`,
    };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return { problem: `${file} is not valid JSON (${(e as Error).message})` };
  }
  if (!isRecord(parsed) || !Object.values(parsed).every((v) => typeof v === 'string'))
    return { problem: `${file} must be a JSON object of names to strings` };
  // Every value was just checked to be a string.
  return { values: Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)])) };
}

/**
 * A copy of `params` with every reference replaced by its value, or every reference that has none.
 * Only string contents change, so the copy keeps the params' shape (and type). The secrets file is
 * read (once) only when a `${secret:NAME}` appears, so edits apply at the next start.
 */
export function resolveSecrets<T extends Record<string, unknown>>(
  params: T,
  sources: SecretSources = { env: process.env },
): SecretResolution<T> {
  const missing: MissingSecret[] = [];
  let file: SecretsFile | undefined;
  const lookup = (kind: string, name: string): string | { reason: string } => {
    if (kind === 'env')
      return sources.env[name] ?? { reason: `environment variable ${name} is not set on the server` };
    file ??= readSecretsFile(sources.file);
    if ('problem' in file) return { reason: `secret ${name}: ${file.problem}` };
    return file.values[name] ?? { reason: `secret ${name} is not in ${sources.file}` };
  };
  const walk = (value: unknown, at: string): unknown => {
    if (typeof value === 'string') {
      return value.replace(REFERENCE, (ref, kind: string, name: string) => {
        const v = lookup(kind, name);
        if (typeof v === 'string') return v;
        missing.push({ path: at, name, reason: v.reason });
        return ref;
      });
    }
    if (Array.isArray(value)) return value.map((v, i) => walk(v, join(at, String(i))));
    if (isRecord(value))
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, join(at, k))]));
    return value;
  };
  const resolved = walk(params, '');
  if (missing.length > 0 || !isRecord(resolved)) return { ok: false, missing };
  // walk() rebuilt the same structure with strings substituted: T still describes it.
  return { ok: true, params: resolved as T };
}

/** The params of node `nodeId` resolved, or an error naming the node, the param and the secret. */
export function resolveNodeSecrets<T extends Record<string, unknown>>(
  nodeId: string,
  params: T,
  sources: SecretSources = { env: process.env },
): T {
  const r = resolveSecrets(params, sources);
  if (r.ok) return r.params;
  throw new Error(r.missing.map((m) => missingMessage(nodeId, m)).join('; '));
}

export function missingMessage(nodeId: string, m: MissingSecret): string {
  return `node ${nodeId}: params.${m.path}: ${m.reason}`;
}

/** Every secret reference of the document that the server cannot resolve, by node and param path. */
export function secretIssues(
  document: PipelineDocument,
  sources: SecretSources = { env: process.env },
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const node of document.nodes) {
    const r = resolveSecrets(node.params, sources);
    if (r.ok) continue;
    for (const m of r.missing)
      issues.push({ severity: 'error', node: node.id, path: m.path, message: m.reason });
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
