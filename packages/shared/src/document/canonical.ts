import type { PipelineDocument } from './schema.js';

/**
 * The canonical JSON of a document: what the server stores, export writes and git diffs. Keys in a
 * fixed order (the document's own order for its known keys, alphabetical elsewhere), nodes and
 * edges sorted by id, layout apart from logic, and small flat objects on one line, so that two
 * saves of one pipeline are byte-identical and a moved node is a one-line change of `layout`.
 */
export function serializeDocument(doc: PipelineDocument): string {
  return `${print(canonicalDocument(doc), '')}\n`;
}

const TOP = [
  'version',
  'name',
  'description',
  'settings',
  'kindVersions',
  'nodes',
  'edges',
  'tests',
  'layout',
];
const NODE = ['id', 'kind', 'label', 'params'];
const EDGE = ['id', 'source', 'sourcePort', 'target', 'targetPort'];
const PANEL = ['node', 'x', 'y', 'w', 'h'];

/** The document with its keys and lists in canonical order (a plain JSON value). */
export function canonicalDocument(doc: PipelineDocument): Record<string, unknown> {
  const byId = <T extends { id: string }>(list: T[]) => [...list].sort((a, b) => compare(a.id, b.id));
  const layout = {
    positions: sortKeys(doc.layout.positions),
    dashboard: {
      panels: [...doc.layout.dashboard.panels]
        .sort((a, b) => compare(a.node, b.node))
        .map((p) => ordered(p, PANEL)),
    },
  };
  return ordered(
    {
      ...doc,
      nodes: byId(doc.nodes).map((n) => ordered(n, NODE)),
      edges: byId(doc.edges).map((e) => ordered(e, EDGE)),
      layout,
    },
    TOP,
  );
}

/** Code-unit order, the same in every locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `preferred` keys first in that order, the rest alphabetically; nested values sorted throughout. */
function ordered(obj: object, preferred: readonly string[]): Record<string, unknown> {
  const entries = Object.entries(obj).filter(([, v]) => v !== undefined);
  const rank = (k: string) => {
    const i = preferred.indexOf(k);
    return i < 0 ? preferred.length : i;
  };
  entries.sort(([a], [b]) => rank(a) - rank(b) || compare(a, b));
  const out: Record<string, unknown> = {};
  // Layout is ordered already; tests hold sample events and expected rows, whose field order is the
  // author's and is how a failing test prints them.
  for (const [k, v] of entries) out[k] = k === 'layout' || k === 'tests' ? v : sortKeys(v);
  return out;
}

/** Object keys alphabetical at every depth; arrays keep their order (it means something). */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') return ordered(value, []);
  return value;
}

const INLINE_WIDTH = 100;

/** JSON with 2-space indents; an object or array of primitives only, if short, stays on one line. */
function print(value: unknown, indent: string): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every(isPrimitive)) {
      const flat = `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
      if (flat.length + indent.length <= INLINE_WIDTH) return flat;
    }
    return `[\n${value.map((v) => inner + print(v, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  if (entries.every(([, v]) => isPrimitive(v))) {
    const flat = `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')} }`;
    if (flat.length + indent.length <= INLINE_WIDTH) return flat;
  }
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${print(v, inner)}`).join(',\n')}\n${indent}}`;
}

function isPrimitive(v: unknown): boolean {
  return v === null || typeof v !== 'object';
}
