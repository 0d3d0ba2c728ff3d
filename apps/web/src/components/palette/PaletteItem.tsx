import type { CatalogEntry } from '@eventide/shared';
import { positionOf } from '../../logic/clipboard-fragment';
import { useDocumentStore } from '../../stores/document-store';
import { useEditorStore } from '../../stores/editor-store';
import { PALETTE_MIME } from './palette-mime';

export function PaletteItem({ entry }: { entry: CatalogEntry }) {
  const addAtFreeSpot = () => {
    const doc = useDocumentStore.getState().doc;
    const maxX = doc.nodes.reduce((m, n) => Math.max(m, positionOf(doc, n.id).x), -280);
    const id = useDocumentStore.getState().addNode(entry.kind, { x: maxX + 280, y: 80 });
    useEditorStore.getState().select([id], []);
  };
  return (
    <button
      type="button"
      className={`palette-item cat-${entry.category}`}
      draggable
      onKeyDown={(e) => e.key === 'Enter' && addAtFreeSpot()}
      onDragStart={(e) => {
        e.dataTransfer.setData(PALETTE_MIME, entry.kind);
        e.dataTransfer.effectAllowed = 'copy';
      }}
      onDoubleClick={addAtFreeSpot}
      // The kind id (what the JSON document says) stays findable: in the tooltip and in search.
      title={`${entry.kind}: ${entry.description}`}
      data-testid={`palette-item-${entry.kind}`}
    >
      <span className="palette-dot" />
      <span className="palette-label">{entry.label}</span>
    </button>
  );
}
