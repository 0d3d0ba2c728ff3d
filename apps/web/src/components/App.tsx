import { ReactFlowProvider } from '@xyflow/react';
import { useEffect } from 'react';
import { liveSocket } from '../live/live-connection';
import { useEditorStore } from '../stores/editor-store';
import { Canvas } from './canvas/Canvas';
import { FileDropOverlay } from './common/FileDropOverlay';
import { ProblemsDialog } from './common/ProblemsDialog';
import { Toasts } from './common/Toasts';
import { Dashboard } from './dashboard/Dashboard';
import { FlinkSqlPanel } from './flink/FlinkSqlPanel';
import { Inspector } from './inspector/Inspector';
import { Palette } from './palette/Palette';
import { TopBar } from './topbar/TopBar';

export function App() {
  const view = useEditorStore((s) => s.view);
  const paletteOpen = useEditorStore((s) => s.paletteOpen);
  const flinkOpen = useEditorStore((s) => s.flinkOpen);
  useEffect(() => {
    liveSocket();
  }, []);
  return (
    <div className="app">
      <TopBar />
      {view === 'editor' ? (
        <main className={`workspace${paletteOpen ? '' : ' palette-folded'}${flinkOpen ? ' flink-open' : ''}`}>
          <Palette />
          <ReactFlowProvider>
            <Canvas />
          </ReactFlowProvider>
          <Inspector />
          {flinkOpen && <FlinkSqlPanel />}
        </main>
      ) : (
        <Dashboard />
      )}
      <ProblemsDialog />
      <Toasts />
      <FileDropOverlay />
    </div>
  );
}
