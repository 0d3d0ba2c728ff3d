import { useState } from 'react';
import { paletteGroups } from '../../logic/catalog';
import { PaletteItem } from './PaletteItem';

/** Every catalog kind, grouped by category and searchable; items are dragged onto the canvas. */
export function Palette() {
  const [query, setQuery] = useState('');
  const groups = paletteGroups(query);
  return (
    <aside className="palette" aria-label="Node palette">
      <div className="pane-header">
        <span className="pane-title">Nodes</span>
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
