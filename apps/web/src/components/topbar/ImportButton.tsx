import { useRef } from 'react';
import { importText } from '../../live/pipeline-actions';

/** Import from a file picker (dropping a file on the page works too). */
export function ImportButton() {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button
        type="button"
        className="btn ghost"
        onClick={() => input.current?.click()}
        data-testid="import-button"
        title="Import a pipeline .json (or drop the file on the page)"
      >
        Import
      </button>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        hidden
        data-testid="import-input"
        onChange={async (e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) importText(await file.text(), file.name);
        }}
      />
    </>
  );
}
