import { CURRENT_VERSION, type PipelineDocument, PipelineDocumentSchema } from './schema.js';

/**
 * Upgrades a document of version N to N + 1. Each entry is the only place that knows an old shape,
 * so a document of any released version loads. Version 1 is the first: the table is empty.
 */
export type Migration = (doc: Record<string, unknown>) => Record<string, unknown>;
export const MIGRATIONS: Record<number, Migration> = {};

export type LoadResult =
  | { ok: true; document: PipelineDocument; migratedFrom: number | null }
  | { ok: false; errors: { path: string; message: string }[] };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Brings any version up to the current one without validating the nodes' params. */
export function migrate(
  input: unknown,
  migrations: Record<number, Migration> = MIGRATIONS,
  current: number = CURRENT_VERSION,
): { ok: true; doc: Record<string, unknown>; from: number } | { ok: false; message: string } {
  if (!isRecord(input)) return { ok: false, message: 'a pipeline document is a JSON object' };
  const from = input.version;
  if (typeof from !== 'number' || !Number.isInteger(from) || from < 1)
    return { ok: false, message: 'version: must be a positive whole number' };
  if (from > current)
    return { ok: false, message: `version: ${from} is newer than this Eventide (reads up to ${current})` };
  let doc = input;
  for (let v = from; v < current; v++) {
    const step = migrations[v];
    if (!step) return { ok: false, message: `version: no migration from ${v} to ${v + 1}` };
    doc = { ...step(doc), version: v + 1 };
  }
  return { ok: true, doc, from };
}

/** Parses a document of any supported version into the current one (structure only; see validateDocument). */
export function loadDocument(input: unknown, migrations: Record<number, Migration> = MIGRATIONS): LoadResult {
  const migrated = migrate(input, migrations);
  if (!migrated.ok) return { ok: false, errors: [{ path: '', message: migrated.message }] };
  const parsed = PipelineDocumentSchema.safeParse(migrated.doc);
  if (!parsed.success)
    return {
      ok: false,
      errors: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    };
  return {
    ok: true,
    document: parsed.data,
    migratedFrom: migrated.from === CURRENT_VERSION ? null : migrated.from,
  };
}
