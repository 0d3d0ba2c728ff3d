import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadDocument, type PipelineDocument } from '@eventide/shared';
import { callerCwd } from './caller-cwd.js';

/** A document file read and migrated to the current version, or the reasons it cannot be. */
export async function readDocumentFile(
  file: string,
): Promise<{ ok: true; document: PipelineDocument; path: string } | { ok: false; errors: string[] }> {
  const full = path.resolve(callerCwd(), file);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(full, 'utf8'));
  } catch (e) {
    return { ok: false, errors: [`${file}: cannot read: ${e instanceof Error ? e.message : String(e)}`] };
  }
  const r = loadDocument(json);
  if (!r.ok)
    return { ok: false, errors: r.errors.map((e) => `${file}: ${e.path ? `${e.path}: ` : ''}${e.message}`) };
  return { ok: true, document: r.document, path: full };
}
