import type { DashboardPanel } from '@eventide/shared';

export const GRID_COLUMNS = 12;

function overlaps(a: DashboardPanel, b: DashboardPanel): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** The first free spot, scanning rows top to bottom, for a new panel of the given size. */
export function placePanel(node: string, panels: DashboardPanel[], w = 6, h = 4): DashboardPanel {
  for (let y = 0; ; y++) {
    for (let x = 0; x + w <= GRID_COLUMNS; x++) {
      const candidate = { node, x, y, w, h };
      if (!panels.some((p) => overlaps(p, candidate))) return candidate;
    }
  }
}

/** Keeps a panel inside the 12-column grid and within the schema's size bounds. */
export function clampPanel(p: DashboardPanel): DashboardPanel {
  const w = Math.max(1, Math.min(GRID_COLUMNS, Math.round(p.w)));
  const h = Math.max(1, Math.min(24, Math.round(p.h)));
  const x = Math.max(0, Math.min(GRID_COLUMNS - w, Math.round(p.x)));
  const y = Math.max(0, Math.round(p.y));
  return { node: p.node, x, y, w, h };
}

/**
 * Panels floated up as far as they go, top rows first (react-grid-layout's vertical compaction):
 * no empty band above the first panel or between rows, whatever rows the saved layout names (a
 * panel dragged a little too low, the place of a deleted one). Input order is kept.
 */
export function compactPanels(panels: readonly DashboardPanel[]): DashboardPanel[] {
  const order = [...panels.keys()].sort((a, b) => panels[a]!.y - panels[b]!.y || panels[a]!.x - panels[b]!.x);
  const placed: DashboardPanel[] = [];
  const out = [...panels];
  for (const i of order) {
    const p = { ...panels[i]! };
    while (p.y > 0 && !placed.some((q) => overlaps(q, { ...p, y: p.y - 1 }))) p.y--;
    placed.push(p);
    out[i] = p;
  }
  return out;
}
