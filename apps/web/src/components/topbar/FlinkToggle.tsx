import { useEditorStore } from '../../stores/editor-store';

/** Shows or hides the Flink SQL panel; while shown, nodes that do not translate are badged on the canvas. */
export function FlinkToggle() {
  const open = useEditorStore((s) => s.flinkOpen);
  return (
    <button
      type="button"
      className={`btn ghost${open ? ' active' : ''}`}
      aria-pressed={open}
      onClick={() => useEditorStore.getState().setFlinkOpen(!open)}
      data-testid="flink-toggle"
      title="The pipeline as Flink SQL, for scaling out on Apache Flink"
    >
      Flink SQL
    </button>
  );
}
