import { realpathSync } from 'node:fs';
import path from 'node:path';
import type { PipelineDocument, ValidationIssue } from '@eventide/shared';
import { SECRETS_FILE } from '../connectors/secrets.js';

/** Params that name a file, by node kind: the server confines them to the data directory. */
export const FILE_PARAMS: Record<string, string[]> = {
  'source.file-replay': ['path'],
  'sink.file': ['path'],
};

/**
 * Resolves a user-given path inside `root`, or undefined when it escapes it (`..`, an absolute path
 * elsewhere, or a symlink pointing out).
 */
export function confinePath(root: string, userPath: string): string | undefined {
  if (userPath.includes('\0')) return undefined;
  const resolved = path.resolve(root, userPath);
  if (!isInside(root, resolved)) return undefined;
  // A symlink inside the data directory must not lead out of it: check the deepest existing ancestor.
  const realRoot = tryRealpath(root) ?? root;
  for (let probe = resolved; ; probe = path.dirname(probe)) {
    const real = tryRealpath(probe);
    if (real !== undefined) return isInside(realRoot, real) ? resolved : undefined;
    if (probe === root || path.dirname(probe) === probe) return resolved;
  }
}

/**
 * True when `resolved` (a confined path) is the data directory's secrets file, directly or through a
 * symlink: a file param must never read it (a replay would hand the secrets to every viewer).
 */
export function isSecretsFile(root: string, resolved: string): boolean {
  const secrets = path.join(tryRealpath(root) ?? root, SECRETS_FILE);
  return (
    (tryRealpath(resolved) ?? resolved) === secrets ||
    path.resolve(resolved) === path.join(root, SECRETS_FILE)
  );
}

/** Issues for every file param of the document that leaves the data directory (or names its secrets). */
export function fileParamIssues(doc: PipelineDocument, root: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const node of doc.nodes) {
    for (const param of FILE_PARAMS[node.kind] ?? []) {
      const value = node.params[param];
      if (typeof value !== 'string') continue;
      const resolved = confinePath(root, value);
      if (resolved === undefined)
        issues.push({
          severity: 'error',
          node: node.id,
          path: `params.${param}`,
          message: `"${value}" is outside the data directory; use a path relative to it`,
        });
      else if (isSecretsFile(root, resolved))
        issues.push({
          severity: 'error',
          node: node.id,
          path: `params.${param}`,
          message: `"${value}" is the server's ${SECRETS_FILE}, which no pipeline may read or write`,
        });
    }
  }
  return issues;
}

function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function tryRealpath(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}
