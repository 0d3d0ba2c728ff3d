import { type ChangeStatus, type DocumentDiff, diffDocuments, type PipelineDocument } from '@eventide/shared';
import { create } from 'zustand';
import { useDocumentStore } from './document-store';

/**
 * The canvas compared with another document (a saved version, the last save, an imported file):
 * what the canvas added, removed or changed relative to it. The canvas highlights nodes and edges
 * by status; the diff panel lists removed ones and each param change.
 */
export interface Comparison {
  /** What the canvas is compared with, for people: "version 3 (12:04, faster)". */
  label: string;
  /** Set when the other side is a saved version that can be restored. */
  version?: number;
  other: PipelineDocument;
  diff: DocumentDiff;
  nodeStatus: Map<string, ChangeStatus>;
  edgeStatus: Map<string, ChangeStatus>;
}

interface CompareState {
  comparison: Comparison | null;
  /** Compares the canvas `current` against `other` (the diff reads other -> current). */
  compare(current: PipelineDocument, other: PipelineDocument, label: string, version?: number): void;
  close(): void;
}

export const useCompareStore = create<CompareState>((set) => ({
  comparison: null,
  compare: (current, other, label, version) => {
    const diff = diffDocuments(other, current);
    set({
      comparison: {
        label,
        ...(version === undefined ? {} : { version }),
        other,
        diff,
        nodeStatus: new Map(diff.nodes.map((n) => [n.id, n.status])),
        edgeStatus: new Map(diff.edges.map((e) => [e.id, e.status])),
      },
    });
  },
  close: () => set({ comparison: null }),
}));

// The comparison follows the canvas: an edit re-diffs; opening another pipeline ends it.
useDocumentStore.subscribe((s, prev) => {
  const c = useCompareStore.getState().comparison;
  if (!c) return;
  if (s.loads !== prev.loads && s.pipelineId !== prev.pipelineId) useCompareStore.getState().close();
  else if (s.doc !== prev.doc) useCompareStore.getState().compare(s.doc, c.other, c.label, c.version);
});
