import { useEditorStore } from '../../stores/editor-store';
import { isActive, useLiveStore } from '../../stores/live-store';

export function ViewTabs() {
  const view = useEditorStore((s) => s.view);
  const live = useLiveStore((s) => isActive(s.run));
  return (
    <div className="view-tabs" role="tablist">
      {(['editor', 'dashboard'] as const).map((v) => (
        <button
          key={v}
          type="button"
          role="tab"
          aria-selected={view === v}
          className={view === v ? 'active' : ''}
          data-testid={`tab-${v}`}
          onClick={() => useEditorStore.getState().setView(v)}
        >
          {v === 'editor' ? 'Editor' : 'Dashboard'}
          {v === 'dashboard' && live && <span className="live-dot" role="img" aria-label="live" />}
        </button>
      ))}
    </div>
  );
}
