import { cepStateView, type PreviewResult } from '@eventide/engine';
import type { CepStateView, PatternStep, PipelineNode } from '@eventide/shared';
import { useMemo, useState } from 'react';
import { clockTime, compactNumber } from '../../logic/format';
import { PatternDiagram } from './PatternDiagram';

type Ok = Extract<PreviewResult, { ok: true }>;
type Step = Partial<PatternStep> & { name?: string; condition?: string };

/** Items with their position: partial matches and their events have no identity of their own. */
const numbered = <T,>(items: T[]) => items.map((item, n) => ({ item, n }));

/** Keys listed at most, oldest partial match first. */
const KEYS_SHOWN = 50;

/** One figure of the counts line: a number and what it counts. */
export interface CepFigure {
  value: string;
  label: string;
}

/**
 * A CEP inspector for a pattern node: the pattern as a state diagram with the partial matches
 * waiting in each step, the figures given (matches, timeouts...), the keys with the oldest partial
 * matches, and a selected key's partial matches with their events. The same in the preview and
 * in a live run; only where the state comes from differs.
 */
export function CepStateBody(props: {
  node: PipelineNode;
  view: CepStateView;
  figures: CepFigure[];
  /** "open at the end of the sample", "open now". */
  openWhen: string;
  emptyText: string;
}) {
  const { node, view } = props;
  const steps: Step[] = Array.isArray(node.params?.steps) ? node.params.steps : [];
  const withinMs = typeof node.params?.withinMs === 'number' ? node.params.withinMs : undefined;
  const [picked, setPicked] = useState<string | null>(null);
  const keys = view.oldest;
  const selected = keys.find((k) => k.key === picked) ?? keys[0];
  const stepName = (i: number) => steps[i]?.name ?? `step ${i + 1}`;
  return (
    <div className="cep-inspector" data-testid="cep-inspector">
      <PatternDiagram steps={steps} withinMs={withinMs} open={view.perStep} />
      <div className="cep-counts" data-testid="cep-counts">
        {props.figures.map((f) => (
          <span key={f.label}>
            <b>{f.value}</b> {f.label}
          </span>
        ))}
        <span data-testid="cep-open-count">
          <b>{compactNumber(view.partials)}</b> partial matches {props.openWhen}, over{' '}
          <b>{compactNumber(view.keys)}</b> keys
        </span>
      </div>
      {keys.length === 0 ? (
        <p className="empty-hint small">{props.emptyText}</p>
      ) : (
        <div className="cep-keys">
          <table className="preview-table" data-testid="cep-keys">
            <thead>
              <tr>
                <th>key</th>
                <th>open</th>
                <th>oldest started</th>
              </tr>
            </thead>
            <tbody>
              {keys.slice(0, KEYS_SHOWN).map((k) => (
                <tr
                  key={k.key}
                  className={`cep-key-row${selected === k ? ' active' : ''}`}
                  onClick={() => setPicked(k.key)}
                  data-testid="cep-key"
                >
                  <td className="preview-cell">{k.key}</td>
                  <td className="preview-cell">{k.partials.length}</td>
                  <td className="preview-cell">{clockTime(k.partials[0]?.startTime ?? null)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {selected && (
            <div className="cep-partials" data-testid="cep-partials">
              <h5>
                Partial matches of <code>{selected.key}</code>
              </h5>
              {numbered(selected.partials).map(({ item: p, n }) => (
                <div key={n} className="cep-partial" data-testid="cep-partial">
                  <div className="cep-partial-head">
                    started {clockTime(p.startTime)} · {p.events.length}{' '}
                    {p.events.length === 1 ? 'event' : 'events'} · waits after{' '}
                    <b>{stepName(p.events[p.events.length - 1]?.step ?? 0)}</b>
                  </div>
                  <ol>
                    {numbered(p.events).map(({ item: e, n: j }) => (
                      <li key={j}>
                        <span className="cep-step-tag">{stepName(e.step)}</span> {clockTime(e.time)}{' '}
                        <code>{JSON.stringify(e.event)}</code>
                      </li>
                    ))}
                  </ol>
                </div>
              ))}
            </div>
          )}
          {view.truncated && (
            <p className="empty-hint small" data-testid="cep-truncated">
              The oldest keys, partial matches and latest events only: the totals above count them all.
            </p>
          )}
        </div>
      )}
    </div>
  );
}

/** The preview's CEP inspector: the partial matches still open when the sample ended. */
export function CepInspector({ node, result }: { node: PipelineNode; result: Ok }) {
  const stepCount = Array.isArray(node.params?.steps) ? node.params.steps.length : 0;
  const view = useMemo(() => cepStateView(result.states[node.id], stepCount), [result, node.id, stepCount]);
  const ports = result.ports[node.id] ?? {};
  return (
    <CepStateBody
      node={node}
      view={view}
      figures={[
        { value: compactNumber(ports.out?.count ?? 0), label: 'matches' },
        { value: compactNumber(ports.timeout?.count ?? 0), label: 'timeouts' },
        { value: compactNumber(ports.late?.count ?? 0), label: 'late' },
      ]}
      openWhen="open at the end of the sample"
      emptyText="No partial match was open when the sample ended."
    />
  );
}
