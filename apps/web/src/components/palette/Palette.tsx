import { CATEGORIES } from '@eventide/shared';
import { useState } from 'react';
import { paletteGroups } from '../../logic/catalog';
import { useEditorStore } from '../../stores/editor-store';
import { PaletteItem } from './PaletteItem';

/** Every catalog kind, grouped by category and searchable; items are dragged onto the canvas. */
export function Palette() {
  const [query, setQuery] = useState('');
  const open = useEditorStore((s) => s.paletteOpen);
  const groups = paletteGroups(query);
  if (!open)
    return (
      <aside className="palette folded" aria-label="Node palette (folded)">
        <FoldToggle open={false} />
        {CATEGORIES.map((c) => (
          <span key={c.id} className={`palette-dot cat-${c.id}`} title={c.label} />
        ))}
      </aside>
    );
  return (
    <aside className="palette" aria-label="Node palette">
      <div className="pane-header">
        <span className="pane-title">Nodes</span>
        <FoldToggle open />
      </div>
      <div className="palette-search">
        <input
          type="search"
          placeholder="Search nodes…"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          data-testid="palette-search"
          aria-label="Search nodes"
        />
      </div>
      <div className="palette-groups">
        {groups.length === 0 && (
          <p className="empty-hint">No node matches “{query}”. Try “window”, “join” or “chart”.</p>
        )}
        {groups.map((g) => (
          <section key={g.category} className="palette-group">
            <h3 className={`palette-group-title cat-text-${g.category}`}>{g.label}</h3>
            {g.kinds.map((k) => (
              <PaletteItem key={k.kind} entry={k} />
            ))}
          </section>
        ))}
      </div>
      <p className="palette-footer">Drag onto the canvas · double-click to add</p>
    </aside>
  );
}

/** Folds an open palette, or unfolds a folded one. */
function FoldToggle({ open }: { open: boolean }) {
  return (
    <button
      type="button"
      className={open ? 'icon-btn push-right' : 'icon-btn'}
      title={open ? 'Fold the palette to give the canvas room' : 'Show the node palette'}
      data-testid="palette-toggle"
      onClick={() => useEditorStore.getState().setPaletteOpen(!open)}
    >
      {open ? '‹' : '›'}
    </button>
  );
}
