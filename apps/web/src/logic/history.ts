/** Undo/redo stacks of immutable snapshots; consecutive changes with the same key merge into one step. */
export interface History<T> {
  past: T[];
  future: T[];
  /** Key and time of the last recorded change, for merging bursts (typing, dragging). */
  lastKey: string | null;
  lastAt: number;
}

export const HISTORY_LIMIT = 200;
/** Changes with the same key closer together than this are one undo step. */
export const MERGE_WINDOW_MS = 1200;

export function emptyHistory<T>(): History<T> {
  return { past: [], future: [], lastKey: null, lastAt: 0 };
}

/** Records `before` as an undo point unless this change continues the previous one. */
export function record<T>(h: History<T>, before: T, key: string | null, now: number): History<T> {
  const merge = key !== null && key === h.lastKey && now - h.lastAt < MERGE_WINDOW_MS;
  if (merge) return { ...h, future: [], lastAt: now };
  const past = [...h.past, before];
  if (past.length > HISTORY_LIMIT) past.shift();
  return { past, future: [], lastKey: key, lastAt: now };
}

export function undo<T>(h: History<T>, current: T): { history: History<T>; value: T } | null {
  const value = h.past[h.past.length - 1];
  if (value === undefined) return null;
  return {
    value,
    history: { past: h.past.slice(0, -1), future: [current, ...h.future], lastKey: null, lastAt: 0 },
  };
}

export function redo<T>(h: History<T>, current: T): { history: History<T>; value: T } | null {
  const value = h.future[0];
  if (value === undefined) return null;
  return {
    value,
    history: { past: [...h.past, current], future: h.future.slice(1), lastKey: null, lastAt: 0 },
  };
}
