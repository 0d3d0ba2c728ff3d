import { useState } from 'react';
import { api } from '../../api/client';
import type { PipelineSummary } from '../../api/types';
import { openPipeline } from '../../live/pipeline-actions';
import { Menu, MenuItem } from '../common/Menu';

/** Pipelines saved on the server, newest first. */
export function PipelinesMenu() {
  const [list, setList] = useState<PipelineSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => {
    setError(null);
    api
      .listPipelines()
      .then((r) =>
        setList([...r.pipelines].sort((a, b) => String(b.updatedAt).localeCompare(String(a.updatedAt)))),
      )
      .catch((e: Error) => setError(e.message));
  };
  return (
    <Menu label="Open" testId="open-menu" title="Open a pipeline saved on the server" onOpen={load}>
      {(close) => (
        <>
          {error && <p className="menu-note error">{error}</p>}
          {!error && list === null && <p className="menu-note">Loading…</p>}
          {list?.length === 0 && (
            <p className="menu-note">No saved pipelines yet. Save this one with Save.</p>
          )}
          {list?.map((p) => (
            <MenuItem
              key={p.id}
              testId={`open-${p.id}`}
              title={p.name}
              detail={`${p.id} · ${new Date(p.updatedAt).toLocaleString()}`}
              onChoose={() => openPipeline(p.id)}
              close={close}
            />
          ))}
        </>
      )}
    </Menu>
  );
}
