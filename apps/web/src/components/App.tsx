import { ReactFlowProvider } from '@xyflow/react';
import { useEffect } from 'react';
import { liveSocket } from '../live/live-connection';
import { usePreviewLoop } from '../preview/use-preview-loop';
import { useEditorStore } from '../stores/editor-store';
import { Canvas } from './canvas/Canvas';
import { ApplyDialog } from './common/ApplyDialog';
import { ConfirmDialog } from './common/ConfirmDialog';
import { FileDropOverlay } from './common/FileDropOverlay';
import { ProblemsDialog } from './common/ProblemsDialog';
import { RunningVersionNotice } from './common/RunningVersionNotice';
import { Toasts } from './common/Toasts';
import { Dashboard } from './dashboard/Dashboard';
import { DeployDialog } from './flink/DeployDialog';
import { FlinkSqlPanel } from './flink/FlinkSqlPanel';
import { Inspector } from './inspector/Inspector';
import { Palette } from './palette/Palette';
import { PreviewPanel } from './preview/PreviewPanel';
import { SaveTestDialog } from './tests/SaveTestDialog';
import { TestsPanel } from './tests/TestsPanel';
import { TopBar } from './topbar/TopBar';

export function App() {
  const view = useEditorStore((s) => s.view);
  const paletteOpen = useEditorStore((s) => s.paletteOpen);
  const flinkOpen = useEditorStore((s) => s.flinkOpen);
  useEffect(() => {
    liveSocket();
  }, []);
  usePreviewLoop();
  return (
    <div className="app">
      <TopBar />
      <RunningVersionNotice />
      {view === 'editor' ? (
        <main className={`workspace${paletteOpen ? '' : ' palette-folded'}${flinkOpen ? ' flink-open' : ''}`}>
          <Palette />
          <div className="canvas-column">
            <ReactFlowProvider>
              <Canvas />
            </ReactFlowProvider>
            <PreviewPanel />
            <TestsPanel />
          </div>
          <Inspector />
          {flinkOpen && <FlinkSqlPanel />}
        </main>
      ) : (
        <Dashboard />
      )}
      <ProblemsDialog />
      <ConfirmDialog />
      <ApplyDialog />
      <DeployDialog />
      <SaveTestDialog />
      <Toasts />
      <FileDropOverlay />
    </div>
  );
}
