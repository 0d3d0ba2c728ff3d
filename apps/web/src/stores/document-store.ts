import {
  type DashboardPanel,
  getKind,
  newNodeParams,
  type PipelineDocument,
  type PipelineSettings,
  type PipelineTest,
} from '@eventide/shared';
import { create } from 'zustand';
import { type ClipboardFragment, renameFragment } from '../logic/clipboard-fragment';
import { type ConnectionVerdict, checkConnection, type ProposedEdge } from '../logic/connection-check';
import { clampPanel, placePanel } from '../logic/dashboard-placement';
import { emptyDocument } from '../logic/empty-document';
import { emptyHistory, type History, record, redo, undo } from '../logic/history';
import { parsePath, setAt } from '../logic/param-path';
import { idBaseForKind, uniqueId } from '../logic/unique-id';

type Position = { x: number; y: number };

export interface DocumentState {
  doc: PipelineDocument;
  history: History<PipelineDocument>;
  /** Id of the pipeline on the server, once saved or opened from there. */
  pipelineId: string | null;
  /** The document as last saved or loaded from the server; null until the pipeline is saved. */
  savedDoc: PipelineDocument | null;
  /** The document as last loaded (open, template, import, new) or saved: edits are what differs from it. */
  baseDoc: PipelineDocument;
  /** Bumped whenever another document replaces the canvas, so the view can fit it. */
  loads: number;

  /** Replaces the document (open, template, import, new); history starts afresh. */
  load: (doc: PipelineDocument, pipelineId: string | null, saved: boolean) => void;
  markSaved: (pipelineId: string, doc: PipelineDocument) => void;
  setName: (name: string) => void;
  setSettings: (settings: PipelineSettings) => void;
  addNode: (kind: string, position: Position) => string;
  moveNodes: (positions: Record<string, Position>) => void;
  removeElements: (nodeIds: string[], edgeIds: string[]) => void;
  connect: (edge: ProposedEdge) => ConnectionVerdict & { edgeId?: string };
  setParam: (nodeId: string, path: string, value: unknown) => void;
  setLabel: (nodeId: string, label: string) => void;
  paste: (fragment: ClipboardFragment, offset: Position) => string[];
  setPanel: (panel: DashboardPanel) => void;
  /** Adds a test to the document (`eventide test` and CI run it too). */
  addTest: (test: PipelineTest) => void;
  undo: () => void;
  redo: () => void;
}

/** True when the canvas holds edits that neither a save nor the last load has: replacing it loses them. */
export function hasUnsavedEdits(s: Pick<DocumentState, 'doc' | 'baseDoc'>): boolean {
  return s.doc !== s.baseDoc;
}

export const useDocumentStore = create<DocumentState>()((set, get) => {
  /** Every change goes through here: one undo step per call, or merged with the last by `key`. */
  const change = (recipe: (doc: PipelineDocument) => PipelineDocument, key: string | null = null) => {
    const { doc, history } = get();
    const next = recipe(doc);
    if (next === doc) return;
    set({ doc: next, history: record(history, doc, key, Date.now()) });
  };

  const initial = emptyDocument();
  return {
    doc: initial,
    history: emptyHistory(),
    pipelineId: null,
    savedDoc: null,
    baseDoc: initial,
    loads: 0,

    load: (doc, pipelineId, saved) =>
      set({
        doc,
        pipelineId,
        savedDoc: saved ? doc : null,
        baseDoc: doc,
        history: emptyHistory(),
        loads: get().loads + 1,
      }),

    markSaved: (pipelineId, doc) => {
      // The server echoes the document; keep ours when unchanged so undo history stays meaningful.
      const same = JSON.stringify(doc) === JSON.stringify(get().doc);
      set(
        same
          ? { pipelineId, savedDoc: get().doc, baseDoc: get().doc }
          : { pipelineId, savedDoc: doc, baseDoc: doc, doc },
      );
    },

    setName: (name) => change((d) => (d.name === name ? d : { ...d, name }), 'name'),

    setSettings: (settings) => change((d) => ({ ...d, settings }), 'settings'),

    addNode: (kind, position) => {
      const id = uniqueId(
        idBaseForKind(kind),
        get().doc.nodes.map((n) => n.id),
      );
      const isPanel = Boolean(getKind(kind)?.panel);
      change((d) => ({
        ...d,
        nodes: [...d.nodes, { id, kind, params: newNodeParams(kind) }],
        layout: {
          positions: { ...d.layout.positions, [id]: position },
          dashboard: isPanel
            ? { panels: [...d.layout.dashboard.panels, placePanel(id, d.layout.dashboard.panels)] }
            : d.layout.dashboard,
        },
      }));
      return id;
    },

    moveNodes: (positions) =>
      change(
        (d) => {
          const moved = { ...d.layout.positions };
          for (const n of d.nodes) {
            const p = positions[n.id];
            if (p) moved[n.id] = { x: Math.round(p.x), y: Math.round(p.y) };
          }
          return { ...d, layout: { ...d.layout, positions: moved } };
        },
        `move:${Object.keys(positions).sort().join(',')}`,
      ),

    removeElements: (nodeIds, edgeIds) => {
      const nodes = new Set(nodeIds);
      const edges = new Set(edgeIds);
      if (nodes.size === 0 && edges.size === 0) return;
      change((d) => ({
        ...d,
        nodes: d.nodes.filter((n) => !nodes.has(n.id)),
        edges: d.edges.filter((e) => !edges.has(e.id) && !nodes.has(e.source) && !nodes.has(e.target)),
        layout: {
          positions: Object.fromEntries(Object.entries(d.layout.positions).filter(([id]) => !nodes.has(id))),
          dashboard: { panels: d.layout.dashboard.panels.filter((p) => !nodes.has(p.node)) },
        },
      }));
    },

    connect: (edge) => {
      const doc = get().doc;
      const edgeId = uniqueId(
        'e',
        doc.edges.map((e) => e.id),
      );
      const verdict = checkConnection(doc, edge, edgeId);
      if (!verdict.ok) return verdict;
      change((d) => ({ ...d, edges: [...d.edges, { id: edgeId, ...edge }] }));
      return { ok: true, edgeId };
    },

    setParam: (nodeId, path, value) =>
      change(
        (d) => ({
          ...d,
          nodes: d.nodes.map((n) =>
            n.id === nodeId
              ? { ...n, params: setAt(n.params, parsePath(path), value) as Record<string, unknown> }
              : n,
          ),
        }),
        `param:${nodeId}:${path}`,
      ),

    setLabel: (nodeId, label) =>
      change(
        (d) => ({
          ...d,
          nodes: d.nodes.map((n) => {
            if (n.id !== nodeId) return n;
            const { label: _old, ...rest } = n;
            return label.trim() ? { ...rest, label } : rest;
          }),
        }),
        `label:${nodeId}`,
      ),

    paste: (fragment, offset) => {
      const renamed = renameFragment(get().doc, fragment, offset);
      change((d) => {
        let panels = d.layout.dashboard.panels;
        for (const n of renamed.nodes)
          if (getKind(n.kind)?.panel) panels = [...panels, placePanel(n.id, panels)];
        return {
          ...d,
          nodes: [...d.nodes, ...renamed.nodes],
          edges: [...d.edges, ...renamed.edges],
          layout: { positions: { ...d.layout.positions, ...renamed.positions }, dashboard: { panels } },
        };
      });
      return renamed.nodes.map((n) => n.id);
    },

    addTest: (test) => change((d) => ({ ...d, tests: [...(d.tests ?? []), test] })),

    setPanel: (panel) =>
      change((d) => {
        const clamped = clampPanel(panel);
        const current = d.layout.dashboard.panels;
        const exists = current.some((p) => p.node === panel.node);
        const panels = exists
          ? current.map((p) => (p.node === panel.node ? clamped : p))
          : [...current, clamped];
        return { ...d, layout: { ...d.layout, dashboard: { panels } } };
      }, `panel:${panel.node}`),

    undo: () => {
      const r = undo(get().history, get().doc);
      if (r) set({ doc: r.value, history: r.history });
    },

    redo: () => {
      const r = redo(get().history, get().doc);
      if (r) set({ doc: r.value, history: r.history });
    },
  };
});
