import { useRef, useState } from 'react';
import { api } from '../../api/client';
import type { PipelineVersionInfo } from '../../api/types';
import { compareWithFile, compareWithLastSave, compareWithVersion } from '../../live/version-actions';
import { useDocumentStore } from '../../stores/document-store';
import { Menu, MenuItem } from '../common/Menu';

/** The saved versions of the open pipeline, newest first; choosing one compares it with the canvas. */
export function HistoryMenu() {
  const pipelineId = useDocumentStore((s) => s.pipelineId);
  const [list, setList] = useState<PipelineVersionInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const file = useRef<HTMLInputElement>(null);
  const load = () => {
    setError(null);
    setList(null);
    if (!pipelineId) return;
    api
      .listVersions(pipelineId)
      .then((r) => setList(r.versions))
      .catch((e: Error) => setError(e.message));
  };
  return (
    <>
      <input
        ref={file}
        type="file"
        accept=".json,application/json"
        hidden
        data-testid="compare-file-input"
        onChange={async (e) => {
          const f = e.target.files?.[0];
          if (f) compareWithFile(await f.text(), f.name);
          e.target.value = '';
        }}
      />
      <Menu
        label="History"
        testId="history-menu"
        title="Saved versions of this pipeline"
        align="right"
        onOpen={load}
      >
        {(close) => (
          <>
            {!pipelineId && (
              <p className="menu-note">Save the pipeline first: every save records a version.</p>
            )}
            {error && <p className="menu-note error">{error}</p>}
            {pipelineId && !error && list === null && <p className="menu-note">Loading…</p>}
            {pipelineId && (
              <MenuItem
                testId="compare-last-save"
                title="Canvas vs last save"
                detail="what Save would change"
                onChoose={compareWithLastSave}
                close={close}
              />
            )}
            <MenuItem
              testId="compare-file"
              title="Compare with a file…"
              detail="a pipeline JSON file against the canvas; nothing is replaced"
              onChoose={() => file.current?.click()}
              close={close}
            />
            {list?.map((v) => (
              <MenuItem
                key={v.number}
                testId={`version-${v.number}`}
                title={`Version ${v.number}${v.message ? ` · ${v.message}` : ''}`}
                detail={`${new Date(v.savedAt).toLocaleString()} · compare with the canvas`}
                onChoose={() => pipelineId && void compareWithVersion(pipelineId, v)}
                close={close}
              />
            ))}
          </>
        )}
      </Menu>
    </>
  );
}
