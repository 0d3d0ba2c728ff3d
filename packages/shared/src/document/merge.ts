import { jsonEqual } from './diff.js';
import type { DashboardPanel, PipelineDocument, PipelineEdge, PipelineNode, Position } from './schema.js';

/** Both sides changed the same node field, param, edge or document field differently. */
export interface MergeConflict {
  node?: string;
  edge?: string;
  /** `params.sizeMs`, `kind`, `(node)` for a node removed on one side, `settings.microBatch`, ... */
  path: string;
  base: unknown;
  ours: unknown;
  theirs: unknown;
}

export interface MergeResult {
  /** The merge; where there is a conflict it holds ours (or the side that kept a removed node). */
  document: PipelineDocument;
  conflicts: MergeConflict[];
}

type Pick3<T> = { value: T; conflict: boolean };

/** The three-way rule: a side that did not change takes the other's change; both changed alike, fine. */
function pick3<T>(base: T, ours: T, theirs: T): Pick3<T> {
  if (jsonEqual(ours, theirs)) return { value: ours, conflict: false };
  if (jsonEqual(ours, base)) return { value: theirs, conflict: false };
  if (jsonEqual(theirs, base)) return { value: ours, conflict: false };
  return { value: ours, conflict: true };
}

const keysOf = (...objs: (object | undefined)[]) =>
  [...new Set(objs.flatMap((o) => (o ? Object.keys(o) : [])))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** Three-way merge of records key by key; each key conflicting on its own. */
function mergeRecord<V>(
  base: Record<string, V> | undefined,
  ours: Record<string, V> | undefined,
  theirs: Record<string, V> | undefined,
  onConflict: (key: string, b: V | undefined, o: V | undefined, t: V | undefined) => void,
): Record<string, V> {
  const out: Record<string, V> = {};
  for (const k of keysOf(base, ours, theirs)) {
    const r = pick3(base?.[k], ours?.[k], theirs?.[k]);
    if (r.conflict) onConflict(k, base?.[k], ours?.[k], theirs?.[k]);
    if (r.value !== undefined) out[k] = r.value;
  }
  return out;
}

function mergeNode(
  id: string,
  b: PipelineNode | undefined,
  o: PipelineNode,
  t: PipelineNode,
  conflicts: MergeConflict[],
): PipelineNode {
  const field = <K extends 'kind' | 'label'>(k: K) => {
    const r = pick3(b?.[k], o[k], t[k]);
    if (r.conflict) conflicts.push({ node: id, path: k, base: b?.[k], ours: o[k], theirs: t[k] });
    return r.value;
  };
  const kind = field('kind') ?? o.kind;
  const label = field('label');
  const params = mergeRecord(b?.params, o.params, t.params, (k, base, ours, theirs) =>
    conflicts.push({ node: id, path: `params.${k}`, base, ours, theirs }),
  );
  return { id, kind, ...(label === undefined ? {} : { label }), params };
}

/** Entities by id, three-way: added, removed, changed on either side; both changed: `both`. */
function mergeById<T extends { id: string }>(
  base: T[],
  ours: T[],
  theirs: T[],
  both: (id: string, b: T | undefined, o: T, t: T) => T,
  removedAndChanged: (id: string, b: T, o: T | undefined, t: T | undefined) => void,
): T[] {
  const bm = new Map(base.map((x) => [x.id, x]));
  const om = new Map(ours.map((x) => [x.id, x]));
  const tm = new Map(theirs.map((x) => [x.id, x]));
  const out: T[] = [];
  for (const id of keysOf(Object.fromEntries(bm), Object.fromEntries(om), Object.fromEntries(tm))) {
    const b = bm.get(id);
    const o = om.get(id);
    const t = tm.get(id);
    const r = pick3(b, o, t);
    if (!r.conflict) {
      if (r.value) out.push(r.value);
    } else if (o && t) out.push(both(id, b, o, t));
    else if (b) {
      // Removed on one side, changed on the other: keep the changed one, as git does, and say so.
      removedAndChanged(id, b, o, t);
      const kept = o ?? t;
      if (kept) out.push(kept);
    }
  }
  return out;
}

/**
 * Three-way merge of two edits of a common base: nodes and edges by id, a node's params one by
 * one, settings key by key. Layout merges without conflicts (ours wins a position both moved).
 */
export function mergeDocuments(
  base: PipelineDocument,
  ours: PipelineDocument,
  theirs: PipelineDocument,
): MergeResult {
  const conflicts: MergeConflict[] = [];
  const nodes = mergeById(
    base.nodes,
    ours.nodes,
    theirs.nodes,
    (id, b, o, t) => mergeNode(id, b, o, t, conflicts),
    (id, b, o, t) => conflicts.push({ node: id, path: '(node)', base: b, ours: o, theirs: t }),
  );
  const edges = mergeById<PipelineEdge>(
    base.edges,
    ours.edges,
    theirs.edges,
    (id, b, o, t) => {
      conflicts.push({ edge: id, path: '(edge)', base: b, ours: o, theirs: t });
      return o;
    },
    (id, b, o, t) => conflicts.push({ edge: id, path: '(edge)', base: b, ours: o, theirs: t }),
  );
  const docField = <K extends 'name' | 'description' | 'tests' | 'kindVersions'>(k: K) => {
    const r = pick3(base[k], ours[k], theirs[k]);
    if (r.conflict) conflicts.push({ path: k, base: base[k], ours: ours[k], theirs: theirs[k] });
    return r.value;
  };
  const name = docField('name');
  const description = docField('description');
  const tests = docField('tests');
  const kindVersions = docField('kindVersions');
  const settings = mergeRecord<unknown>(base.settings, ours.settings, theirs.settings, (k, b, o, t) =>
    conflicts.push({ path: `settings.${k}`, base: b, ours: o, theirs: t }),
  );

  const ids = new Set(nodes.map((n) => n.id));
  const positions = mergeRecord<Position>(
    base.layout.positions,
    ours.layout.positions,
    theirs.layout.positions,
    () => {},
  );
  const panelsOf = (d: PipelineDocument) =>
    Object.fromEntries(d.layout.dashboard.panels.map((p) => [p.node, p]));
  const panels = mergeRecord<DashboardPanel>(panelsOf(base), panelsOf(ours), panelsOf(theirs), () => {});

  const document: PipelineDocument = {
    ...ours,
    name,
    settings: { ...ours.settings, ...settings },
    nodes,
    edges,
    layout: {
      positions: Object.fromEntries(Object.entries(positions).filter(([id]) => ids.has(id))),
      dashboard: { panels: Object.values(panels).filter((p) => ids.has(p.node)) },
    },
  };
  if (description === undefined) delete document.description;
  else document.description = description;
  if (tests === undefined) delete document.tests;
  else document.tests = tests;
  if (kindVersions === undefined) delete document.kindVersions;
  else document.kindVersions = kindVersions;
  return { document, conflicts };
}

const show = (v: unknown) => (v === undefined ? '(none)' : JSON.stringify(v));

/** One line per conflict: where, then base, ours and theirs. */
export function formatConflict(c: MergeConflict): string {
  const where =
    c.node !== undefined ? `node ${c.node}` : c.edge !== undefined ? `edge ${c.edge}` : 'document';
  const whole = c.path === '(node)' || c.path === '(edge)';
  const state = (v: unknown) => (whole ? (v === undefined ? 'removed' : 'changed') : show(v));
  return `conflict: ${where}${whole ? '' : `: ${c.path}`}: base ${whole ? (c.base === undefined ? 'absent' : 'present') : show(c.base)}, ours ${state(c.ours)}, theirs ${state(c.theirs)}`;
}
