import { type PipelineEdge, tapFilterProblem } from '@eventide/shared';
import { useEffect, useState } from 'react';
import { subscribeTap } from '../../live/live-connection';
import { rate } from '../../logic/format';
import { useValidation } from '../../logic/use-validation';
import { useDocumentStore } from '../../stores/document-store';
import { isActive, useLiveStore } from '../../stores/live-store';
import { EventList } from './EventList';
import { StreamTraits } from './StreamTraits';

const TAP_SIZE = 50;
/** A filter is sent once typing pauses: each one is a tap of its own on the server. */
const FILTER_DEBOUNCE_MS = 400;

/** A selected edge: what flows on it (inferred fields) and, while running, a live tap of sampled events. */
export function EdgeInspector({ edge }: { edge: PipelineEdge }) {
  const validation = useValidation();
  const run = useLiveStore((s) => s.run);
  const active = isActive(run);
  const perSec = useLiveStore((s) => s.metrics?.edges[edge.id]);
  const [events, setEvents] = useState<unknown[]>([]);
  const [paused, setPaused] = useState(false);
  const [filterText, setFilterText] = useState('');
  const [filter, setFilter] = useState('');
  const [refused, setRefused] = useState<string | null>(null);
  const stream = validation.inputs.get(edge.target)?.[edge.targetPort];
  const problem = tapFilterProblem(validation, edge.id, filterText);

  // The filter applies once typing pauses, and only when it can run.
  useEffect(() => {
    if (problem) return;
    const timer = setTimeout(() => setFilter(filterText.trim()), FILTER_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [filterText, problem]);

  const runId = run?.id;
  const edgeId = edge.id;
  useEffect(() => {
    setEvents([]);
    setRefused(null);
    if (!runId || !active || paused) return;
    return subscribeTap(
      runId,
      edgeId,
      (batch) => setEvents((prev) => [...batch.slice(-TAP_SIZE).reverse(), ...prev].slice(0, TAP_SIZE)),
      { filter, onError: setRefused },
    );
  }, [runId, active, edgeId, paused, filter]);

  return (
    <div className="inspector-edge" data-testid="edge-inspector">
      <div className="inspector-head cat-edge">
        <div className="inspector-kind" data-testid="edge-title">
          {edge.source} → {edge.target}
        </div>
        <div className="inspector-kind-id">
          {edge.source}.{edge.sourcePort} → {edge.target}.{edge.targetPort} · edge {edge.id}
        </div>
      </div>
      <div className="inspector-section">
        <h4 className="section-title">Fields on this edge</h4>
        {stream ? (
          <table className="schema-table">
            <tbody>
              {Object.entries(stream.schema.fields).map(([f, t]) => (
                <tr key={f}>
                  <td>
                    <code>{f}</code>
                  </td>
                  <td className="muted">{t}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="empty-hint small">Not known until the graph is valid.</p>
        )}
        {stream && <StreamTraits stream={stream} />}
      </div>
      <div className="inspector-section" data-testid="edge-tap">
        <h4 className="section-title">
          Live tap {active && <span className="live-dot" role="img" aria-label="live" />}
          {perSec !== undefined && active && <span className="muted"> · {rate(perSec)}</span>}
          {active && (
            <button
              type="button"
              className="btn ghost small push-right"
              data-testid="tap-pause"
              onClick={() => setPaused(!paused)}
            >
              {paused ? 'Resume' : 'Pause'}
            </button>
          )}
        </h4>
        <div className={`tap-filter${problem || refused ? ' has-error' : ''}`}>
          <input
            type="text"
            data-testid="tap-filter"
            aria-label="Filter the tap with a CEL condition"
            placeholder="Filter: a condition, e.g. temperature > 30"
            spellCheck={false}
            value={filterText}
            onChange={(e) => setFilterText(e.target.value)}
          />
          {(problem ?? refused) && (
            <p className="param-error" data-testid="tap-filter-error">
              {problem ?? refused}
            </p>
          )}
        </div>
        {!active ? (
          <p className="empty-hint small">
            Press Run, then watch sampled events flow through this edge here.
          </p>
        ) : (
          <EventList
            events={events}
            emptyText={
              paused
                ? 'Paused: press Resume to sample again.'
                : filter
                  ? `Waiting for events where ${filter}…`
                  : 'Waiting for sampled events…'
            }
          />
        )}
      </div>
      <div className="inspector-section">
        <button
          type="button"
          className="btn ghost small danger"
          onClick={() => useDocumentStore.getState().removeElements([], [edge.id])}
        >
          Delete edge
        </button>
      </div>
    </div>
  );
}
