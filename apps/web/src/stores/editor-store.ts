import { create } from 'zustand';
import type { ClipboardFragment } from '../logic/clipboard-fragment';

export type View = 'editor' | 'dashboard';

export interface Toast {
  id: number;
  tone: 'info' | 'error' | 'success';
  title: string;
  detail?: string;
}

/** A dialog listing problems: a refused import or a refused run, with how to fix them. */
export interface ProblemDialog {
  title: string;
  hint: string;
  problems: string[];
}

/** A question before a step that loses work (discarding unsaved edits): go on, or keep what is there. */
export interface ConfirmRequest {
  title: string;
  detail: string;
  confirmLabel: string;
  onConfirm: () => void;
}

/** Pan and zoom of the canvas, kept across switches to the dashboard, for the document it was set on. */
export interface SavedViewport {
  x: number;
  y: number;
  zoom: number;
  /** The document load (see document store `loads`) this viewport belongs to. */
  load: number;
}

export interface EditorState {
  view: View;
  viewport: SavedViewport | null;
  /** The palette folds to a rail to give the canvas room on small screens. */
  paletteOpen: boolean;
  selectedNodes: string[];
  selectedEdges: string[];
  clipboard: ClipboardFragment | null;
  toasts: Toast[];
  problems: ProblemDialog | null;
  confirm: ConfirmRequest | null;
  settingsOpen: boolean;
  setView: (v: View) => void;
  setViewport: (v: SavedViewport) => void;
  setPaletteOpen: (open: boolean) => void;
  select: (nodes: string[], edges: string[]) => void;
  setClipboard: (c: ClipboardFragment | null) => void;
  toast: (t: Omit<Toast, 'id'>) => void;
  dismissToast: (id: number) => void;
  showProblems: (p: ProblemDialog | null) => void;
  askConfirm: (c: ConfirmRequest | null) => void;
  setSettingsOpen: (open: boolean) => void;
}

let nextToast = 1;
const TOAST_MS = 6000;

export const useEditorStore = create<EditorState>()((set, get) => ({
  view: 'editor',
  viewport: null,
  paletteOpen: true,
  selectedNodes: [],
  selectedEdges: [],
  clipboard: null,
  toasts: [],
  problems: null,
  confirm: null,
  settingsOpen: false,
  setView: (view) => set({ view }),
  setViewport: (viewport) => set({ viewport }),
  setPaletteOpen: (paletteOpen) => set({ paletteOpen }),
  select: (selectedNodes, selectedEdges) => {
    const s = get();
    if (same(s.selectedNodes, selectedNodes) && same(s.selectedEdges, selectedEdges)) return;
    set({ selectedNodes, selectedEdges });
  },
  setClipboard: (clipboard) => set({ clipboard }),
  toast: (t) => {
    const id = nextToast++;
    set({ toasts: [...get().toasts.slice(-3), { ...t, id }] });
    setTimeout(() => get().dismissToast(id), t.tone === 'error' ? TOAST_MS * 1.5 : TOAST_MS);
  },
  dismissToast: (id) => set({ toasts: get().toasts.filter((t) => t.id !== id) }),
  showProblems: (problems) => set({ problems }),
  askConfirm: (confirm) => set({ confirm }),
  setSettingsOpen: (settingsOpen) => set({ settingsOpen }),
}));

function same(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
