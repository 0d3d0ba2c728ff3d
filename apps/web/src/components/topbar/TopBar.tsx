import { exportPipeline, newPipeline, savePipeline } from '../../live/pipeline-actions';
import { useDocumentStore } from '../../stores/document-store';
import { ConnectionStatus } from './ConnectionStatus';
import { FlinkToggle } from './FlinkToggle';
import { HistoryMenu } from './HistoryMenu';
import { ImportButton } from './ImportButton';
import { PipelineName } from './PipelineName';
import { PipelinesMenu } from './PipelinesMenu';
import { RunControls } from './RunControls';
import { SettingsMenu } from './SettingsMenu';
import { TemplatesMenu } from './TemplatesMenu';
import { ViewTabs } from './ViewTabs';

export function TopBar() {
  const saveState = useDocumentStore((s) =>
    s.pipelineId === null ? 'not saved yet' : s.doc !== s.savedDoc ? 'unsaved changes' : 'saved',
  );
  return (
    <header className="topbar">
      <div className="topbar-left">
        <span className="logo">
          <span className="logo-mark">◆</span> Eventide
        </span>
        <PipelineName />
        <span className={`save-state${saveState === 'saved' ? '' : ' dirty'}`} data-testid="save-state">
          {saveState}
        </span>
      </div>
      <ViewTabs />
      <div className="topbar-right">
        <button
          type="button"
          className="btn ghost"
          onClick={newPipeline}
          data-testid="new-pipeline"
          title="Start an empty pipeline"
        >
          New
        </button>
        <PipelinesMenu />
        <TemplatesMenu />
        <ImportButton />
        <button
          type="button"
          className="btn ghost"
          onClick={exportPipeline}
          data-testid="export-button"
          title="Download the pipeline as JSON (runs with `eventide run`)"
        >
          Export
        </button>
        <SettingsMenu />
        <FlinkToggle />
        <HistoryMenu />
        <span className="toolbar-sep" />
        <button
          type="button"
          className="btn"
          onClick={() => void savePipeline()}
          data-testid="save-button"
          title="Save to the server (Ctrl+S)"
        >
          Save
        </button>
        <RunControls />
        <ConnectionStatus />
      </div>
    </header>
  );
}
