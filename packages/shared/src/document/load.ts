import { getKind } from '../catalog/index.js';
import { migrateParams, paramsVersion } from '../catalog/params-migrations.js';
import { CURRENT_VERSION, type PipelineDocument, PipelineDocumentSchema } from './schema.js';

/**
 * Upgrades a document of version N to N + 1. Each entry is the only place that knows an old shape,
 * so a document of any released version loads.
 */
export type Migration = (doc: Record<string, unknown>) => Record<string, unknown>;
export const MIGRATIONS: Record<number, Migration> = {
  /** 1 -> 2: node positions and the dashboard move into `layout`, apart from the logic. */
  1: (doc) => {
    const { dashboard, nodes, ...rest } = doc;
    const positions: Record<string, unknown> = {};
    const moved = Array.isArray(nodes)
      ? nodes.map((n: unknown) => {
          if (!isRecord(n)) return n;
          const { position, ...node } = n;
          if (position !== undefined && typeof node.id === 'string') positions[node.id] = position;
          return node;
        })
      : nodes;
    return {
      ...rest,
      nodes: moved,
      layout: { positions, ...(dashboard === undefined ? {} : { dashboard }) },
    };
  },
};

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
  const kinds = migrateKindParams(parsed.data);
  if (!kinds.ok) return kinds;
  return {
    ok: true,
    document: parsed.data,
    migratedFrom: migrated.from === CURRENT_VERSION ? null : migrated.from,
  };
}

/**
 * Runs each kind's params migrations (beside the kind in catalog/kinds) on the nodes written at an
 * older params version, then records the current version of every kind used above version 1.
 * Unknown kinds are left for the validator to report.
 */
export function migrateKindParams(
  doc: PipelineDocument,
): { ok: true } | { ok: false; errors: { path: string; node: string; message: string }[] } {
  const errors: { path: string; node: string; message: string }[] = [];
  const written = doc.kindVersions ?? {};
  const current: Record<string, number> = {};
  doc.nodes.forEach((node, i) => {
    const spec = getKind(node.kind);
    if (!spec) return;
    const r = migrateParams(spec, node.params, written[node.kind] ?? 1);
    if (!r.ok)
      errors.push({ path: `nodes.${i}.params`, node: node.id, message: `node ${node.id}: ${r.message}` });
    else node.params = r.params;
    const v = paramsVersion(spec);
    if (v > 1) current[node.kind] = v;
  });
  if (errors.length > 0) return { ok: false, errors };
  if (Object.keys(current).length > 0) doc.kindVersions = current;
  else delete doc.kindVersions;
  return { ok: true };
}
