import { realpathSync } from 'node:fs';
import path from 'node:path';
import type { PipelineDocument, ValidationIssue } from '@eventide/shared';

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

/** Issues for every file param of the document that leaves the data directory. */
export function fileParamIssues(doc: PipelineDocument, root: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const node of doc.nodes) {
    for (const param of FILE_PARAMS[node.kind] ?? []) {
      const value = node.params[param];
      if (typeof value !== 'string') continue;
      if (confinePath(root, value) === undefined)
        issues.push({
          severity: 'error',
          node: node.id,
          path: `params.${param}`,
          message: `"${value}" is outside the data directory; use a path relative to it`,
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
