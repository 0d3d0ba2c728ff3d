import { useEffect } from 'react';
import { savePipeline } from '../../live/pipeline-actions';
import { copyFragment } from '../../logic/clipboard-fragment';
import { useDocumentStore } from '../../stores/document-store';
import { useEditorStore } from '../../stores/editor-store';

const PASTE_OFFSET = 40;

function typingInField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

/**
 * Ctrl+Z / Ctrl+Shift+Z (or Ctrl+Y) undo and redo, Ctrl+C / Ctrl+V copy and paste, Ctrl+A selects
 * all, Ctrl+S saves. Inside text fields the browser's own editing keys win. Delete is React Flow's.
 */
export function useCanvasShortcuts() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey)) return;
      const key = e.key.toLowerCase();
      if (key === 's') {
        e.preventDefault();
        void savePipeline();
        return;
      }
      if (typingInField(e.target)) return;
      const docStore = useDocumentStore.getState();
      const editor = useEditorStore.getState();
      if (key === 'z' && !e.shiftKey) docStore.undo();
      else if ((key === 'z' && e.shiftKey) || key === 'y') docStore.redo();
      else if (key === 'c') {
        // Selected text (an event in a tap, a message) copies as text, as everywhere else.
        if (window.getSelection()?.toString()) return;
        const fragment = copyFragment(docStore.doc, editor.selectedNodes);
        if (!fragment) return;
        editor.setClipboard(fragment);
        editor.toast({
          tone: 'info',
          title: `Copied ${fragment.nodes.length} node${fragment.nodes.length > 1 ? 's' : ''}`,
        });
      } else if (key === 'v') {
        if (!editor.clipboard) return;
        const ids = docStore.paste(editor.clipboard, { x: PASTE_OFFSET, y: PASTE_OFFSET });
        // Pasting again offsets again, like every drawing tool.
        editor.setClipboard({
          ...editor.clipboard,
          positions: Object.fromEntries(
            Object.entries(editor.clipboard.positions).map(([id, p]) => [
              id,
              { x: p.x + PASTE_OFFSET, y: p.y + PASTE_OFFSET },
            ]),
          ),
        });
        editor.select(ids, []);
      } else if (key === 'a')
        editor.select(
          docStore.doc.nodes.map((n) => n.id),
          docStore.doc.edges.map((x) => x.id),
        );
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
