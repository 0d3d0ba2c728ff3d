import type { LiveCepState, PipelineNode } from '@eventide/shared';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { compactNumber, rate } from '../../logic/format';
import { isActive, useLiveStore } from '../../stores/live-store';
import { CepStateBody } from './CepInspector';

/** How often a running pattern's state is read while its inspector is open. */
const POLL_MS = 1000;

/**
 * The CEP inspector of a running pattern node: its partial matches read from the run every
 * second (GET /api/runs/:id/nodes/:node/cep-state), with matches and timeouts per second.
 */
export function LiveCepInspector({ node }: { node: PipelineNode }) {
  const run = useLiveStore((s) => s.run);
  const active = isActive(run);
  const runId = run?.id;
  const late = useLiveStore((s) => s.metrics?.nodes[node.id]?.late ?? 0);
  const [state, setState] = useState<LiveCepState | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    setState(null);
    setProblem(null);
    if (!runId || !active) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = async () => {
      try {
        const s = await api.cepState(runId, node.id);
        if (stopped) return;
        setState(s);
        setProblem(null);
      } catch (e) {
        if (!stopped) setProblem(e instanceof Error ? e.message : String(e));
      }
      if (!stopped) timer = setTimeout(read, POLL_MS);
    };
    void read();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [runId, active, node.id]);

  if (!active) return null;
  return (
    <div className="inspector-section live-cep" data-testid="live-cep">
      <h4 className="section-title">
        Live partial matches <span className="live-dot" role="img" aria-label="live" />
      </h4>
      {problem && <p className="param-error">{problem}</p>}
      {!state ? (
        <p className="empty-hint small">Reading the pattern's state…</p>
      ) : (
        <CepStateBody
          node={node}
          view={state}
          figures={[
            {
              value: state.matchesPerSec === null ? '…' : rate(state.matchesPerSec),
              label: `matches (${compactNumber(state.matches)} since opened)`,
            },
            {
              value:
                state.timeouts === null
                  ? '—'
                  : state.timeoutsPerSec === null
                    ? '…'
                    : rate(state.timeoutsPerSec),
              label:
                state.timeouts === null
                  ? 'timeouts (connect the timeouts port to count them)'
                  : `timeouts (${compactNumber(state.timeouts)} since opened)`,
            },
            { value: compactNumber(late), label: 'late' },
          ]}
          openWhen="open now"
          emptyText="No partial match is open right now."
        />
      )}
    </div>
  );
}
