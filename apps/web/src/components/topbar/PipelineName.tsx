import { useEffect } from 'react';
import { useDocumentStore } from '../../stores/document-store';

export function PipelineName() {
  const name = useDocumentStore((s) => s.doc.name);
  useEffect(() => {
    document.title = `${name} · Eventide`;
  }, [name]);
  return (
    <input
      className="pipeline-name"
      aria-label="Pipeline name"
      data-testid="pipeline-name"
      value={name}
      size={Math.min(40, Math.max(12, name.length + 1))}
      onChange={(e) => useDocumentStore.getState().setName(e.target.value)}
      onBlur={(e) => {
        // The schema needs a name: an emptied field goes back to a placeholder name.
        if (!e.target.value.trim()) useDocumentStore.getState().setName('Untitled pipeline');
      }}
    />
  );
}
