import { openTemplate } from '../../live/pipeline-actions';
import { TEMPLATES } from '../../logic/templates';

export function CanvasEmptyState() {
  return (
    <div className="canvas-empty" data-testid="canvas-empty">
      <h2>Start a pipeline</h2>
      <p>
        Drag a <strong>source</strong> (e.g. Generator) from the palette onto the canvas, then connect its{' '}
        <em>out</em> port to a window, pattern or sink. Or start from a template:
      </p>
      <div className="canvas-empty-templates">
        {TEMPLATES.map((t) => (
          <button key={t.file} type="button" className="btn ghost" onClick={() => openTemplate(t.document)}>
            {t.document.name}
          </button>
        ))}
      </div>
    </div>
  );
}
