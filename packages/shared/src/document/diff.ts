import type { PipelineDocument, PipelineEdge, PipelineNode } from './schema.js';

/** One field that differs: its dotted path (`params.sizeMs`, `params.aggregations.0.fn`), before and after. */
export interface FieldChange {
  path: string;
  /** undefined: the field was added. */
  before: unknown;
  /** undefined: the field was removed. */
  after: unknown;
}

export type ChangeStatus = 'added' | 'removed' | 'changed';

export interface NodeDiff {
  id: string;
  status: ChangeStatus;
  kind: string;
  /** For a changed node: kind, label and each param that differs, field by field. */
  changes: FieldChange[];
}

export interface EdgeDiff {
  id: string;
  status: ChangeStatus;
  /** `source.port -> target.port` of the edge (after, or before when removed). */
  route: string;
  changes: FieldChange[];
}

/** What differs between two documents; layout (positions, dashboard) apart from the logic. */
export interface DocumentDiff {
  nodes: NodeDiff[];
  edges: EdgeDiff[];
  /** name, description, settings, tests, kindVersions. */
  document: FieldChange[];
  /** Ids of nodes drawn elsewhere; panels added, removed or resized. */
  layout: { moved: string[]; panels: FieldChange[] };
}

/** Deep equality of JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  const ka = Object.keys(a).filter((k) => get(a, k) !== undefined);
  const kb = Object.keys(b).filter((k) => get(b, k) !== undefined);
  return ka.length === kb.length && ka.every((k) => jsonEqual(get(a, k), get(b, k)));
}

function get(obj: object, key: string): unknown {
  return Object.getOwnPropertyDescriptor(obj, key)?.value;
}

function isPlainObject(v: unknown): v is object {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The fields that differ between two JSON values, deepest first: objects key by key, arrays of
 * objects element by element; a primitive or an array of primitives changes as a whole.
 */
export function fieldChanges(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (jsonEqual(before, after)) return [];
  const at = (k: string | number) => (path ? `${path}.${k}` : String(k));
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => fieldChanges(get(before, k), get(after, k), at(k)));
  }
  if (
    Array.isArray(before) &&
    Array.isArray(after) &&
    [...before, ...after].some((v) => typeof v === 'object' && v !== null)
  ) {
    const n = Math.max(before.length, after.length);
    const out: FieldChange[] = [];
    for (let i = 0; i < n; i++) out.push(...fieldChanges(before[i], after[i], at(i)));
    return out;
  }
  return [{ path, before, after }];
}

const byId = <T extends { id: string }>(list: T[]) => new Map(list.map((x) => [x.id, x]));
const sortedIds = (a: Map<string, unknown>, b: Map<string, unknown>) =>
  [...new Set([...a.keys(), ...b.keys()])].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));

function nodeFields(n: PipelineNode): Record<string, unknown> {
  return { kind: n.kind, label: n.label, params: n.params };
}

const route = (e: PipelineEdge) => `${e.source}.${e.sourcePort} -> ${e.target}.${e.targetPort}`;

/** What changed from `a` to `b`. */
export function diffDocuments(a: PipelineDocument, b: PipelineDocument): DocumentDiff {
  const an = byId(a.nodes);
  const bn = byId(b.nodes);
  const nodes: NodeDiff[] = [];
  for (const id of sortedIds(an, bn)) {
    const x = an.get(id);
    const y = bn.get(id);
    if (!x && y) nodes.push({ id, status: 'added', kind: y.kind, changes: [] });
    else if (x && !y) nodes.push({ id, status: 'removed', kind: x.kind, changes: [] });
    else if (x && y) {
      const changes = fieldChanges(nodeFields(x), nodeFields(y));
      if (changes.length > 0) nodes.push({ id, status: 'changed', kind: y.kind, changes });
    }
  }
  const ae = byId(a.edges);
  const be = byId(b.edges);
  const edges: EdgeDiff[] = [];
  for (const id of sortedIds(ae, be)) {
    const x = ae.get(id);
    const y = be.get(id);
    if (!x && y) edges.push({ id, status: 'added', route: route(y), changes: [] });
    else if (x && !y) edges.push({ id, status: 'removed', route: route(x), changes: [] });
    else if (x && y) {
      const changes = fieldChanges(x, y);
      if (changes.length > 0) edges.push({ id, status: 'changed', route: route(y), changes });
    }
  }
  const docFields = (d: PipelineDocument) => ({
    name: d.name,
    description: d.description,
    settings: d.settings,
    tests: d.tests,
    kindVersions: d.kindVersions,
  });
  const moved = sortedIds(
    new Map(Object.entries(a.layout.positions)),
    new Map(Object.entries(b.layout.positions)),
  )
    .filter((id) => an.has(id) && bn.has(id))
    .filter((id) => !jsonEqual(a.layout.positions[id], b.layout.positions[id]));
  const panels = (d: PipelineDocument) =>
    Object.fromEntries(d.layout.dashboard.panels.map((p) => [p.node, p]));
  return {
    nodes,
    edges,
    document: fieldChanges(docFields(a), docFields(b)),
    layout: { moved, panels: fieldChanges(panels(a), panels(b), 'panels') },
  };
}

export function isEmptyDiff(d: DocumentDiff, withLayout = false): boolean {
  const logic = d.nodes.length === 0 && d.edges.length === 0 && d.document.length === 0;
  return logic && (!withLayout || (d.layout.moved.length === 0 && d.layout.panels.length === 0));
}

const show = (v: unknown) => (v === undefined ? '(none)' : JSON.stringify(v));

function changeLine(c: FieldChange): string {
  if (c.before === undefined) return `${c.path}: + ${show(c.after)}`;
  if (c.after === undefined) return `${c.path}: - ${show(c.before)}`;
  return `${c.path}: ${show(c.before)} -> ${show(c.after)}`;
}

const MARK: Record<ChangeStatus, string> = { added: '+', removed: '-', changed: '~' };

/** The diff as text, one line per node, edge or field: what `eventide diff` prints. */
export function formatDiff(d: DocumentDiff): string[] {
  const lines: string[] = [];
  for (const c of d.document) lines.push(`~ document ${changeLine(c)}`);
  for (const n of d.nodes) {
    lines.push(`${MARK[n.status]} node ${n.id} (${n.kind})${n.status === 'changed' ? '' : ` ${n.status}`}`);
    for (const c of n.changes) lines.push(`    ${changeLine(c)}`);
  }
  for (const e of d.edges) {
    lines.push(`${MARK[e.status]} edge ${e.id} ${e.route}${e.status === 'changed' ? '' : ` ${e.status}`}`);
    for (const c of e.changes) lines.push(`    ${changeLine(c)}`);
  }
  if (d.layout.moved.length > 0) lines.push(`~ layout: moved ${d.layout.moved.join(', ')}`);
  for (const c of d.layout.panels) lines.push(`~ layout ${changeLine(c)}`);
  return lines;
}
