import { getKind, type PipelineNode, portsOf } from '@eventide/shared';
import { useEffect, useState } from 'react';
import { subscribeTap } from '../../live/live-connection';
import { useDocumentStore } from '../../stores/document-store';
import { isActive, useLiveStore } from '../../stores/live-store';
import { EventList } from './EventList';

const SAMPLE_SIZE = 20;
const EMPTY: unknown[] = [];

/**
 * What the selected node is emitting right now: a sink's latest results, or sampled events on the
 * node's main output edge.
 */
export function LiveSample({ node }: { node: PipelineNode }) {
  const run = useLiveStore((s) => s.run);
  const active = isActive(run);
  const isSink = getKind(node.kind)?.category === 'sink';
  const sinkResults = useLiveStore((s) => (isSink ? (s.results[node.id] ?? EMPTY) : EMPTY));
  const edges = useDocumentStore((s) => s.doc.edges);
  const mainPorts = portsOf(node.kind, node.params)
    .outputs.filter((p) => p.role === 'main')
    .map((p) => p.id);
  const outEdge = edges.find((e) => e.source === node.id && mainPorts.includes(e.sourcePort));
  const [tapped, setTapped] = useState<unknown[]>([]);

  const runId = run?.id;
  const outEdgeId = outEdge?.id;
  useEffect(() => {
    setTapped([]);
    if (!runId || !active || isSink || !outEdgeId) return;
    return subscribeTap(runId, outEdgeId, (events) =>
      setTapped((prev) => [...events.slice(-SAMPLE_SIZE).reverse(), ...prev].slice(0, SAMPLE_SIZE)),
    );
  }, [runId, active, isSink, outEdgeId]);

  const events = isSink ? sinkResults.slice(-SAMPLE_SIZE).reverse() : tapped;
  return (
    <div className="inspector-section live-sample" data-testid="live-sample">
      <h4 className="section-title">
        Live output {active && <span className="live-dot" role="img" aria-label="live" />}
      </h4>
      {!run ? (
        <p className="empty-hint small">Press Run to see a live sample of what this node emits.</p>
      ) : !isSink && !outEdge ? (
        <p className="empty-hint small">Connect this node's output to see a sample of its events.</p>
      ) : (
        <EventList events={events} emptyText={active ? 'Waiting for events…' : 'The run has ended.'} />
      )}
    </div>
  );
}
