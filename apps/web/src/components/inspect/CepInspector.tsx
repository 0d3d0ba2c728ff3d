import { type KeyPartialMatches, openPartialMatches, type PreviewResult } from '@eventide/engine';
import type { PatternStep, PipelineNode } from '@eventide/shared';
import { useMemo, useState } from 'react';
import { clockTime, compactNumber } from '../../logic/format';
import { PatternDiagram } from './PatternDiagram';

type Ok = Extract<PreviewResult, { ok: true }>;
type Step = Partial<PatternStep> & { name?: string; condition?: string };

/** Items with their position: partial matches and their events have no identity of their own. */
const numbered = <T,>(items: T[]) => items.map((item, n) => ({ item, n }));

/** Keys listed at most, oldest partial match first. */
const KEYS_SHOWN = 50;

/**
 * The preview's CEP inspector for a pattern node: the pattern as a state diagram with the partial
 * matches waiting in each step, matches and timeouts of the sample, the keys with the oldest
 * partial matches still open when the sample ended, and a selected key's partial matches with
 * their events.
 */
export function CepInspector({ node, result }: { node: PipelineNode; result: Ok }) {
  const steps: Step[] = Array.isArray(node.params?.steps) ? node.params.steps : [];
  const withinMs = typeof node.params?.withinMs === 'number' ? node.params.withinMs : undefined;
  const keys = useMemo(() => openPartialMatches(result.states[node.id]), [result, node.id]);
  const [picked, setPicked] = useState<string | null>(null);
  const open = new Array<number>(steps.length).fill(0);
  let partials = 0;
  for (const k of keys)
    for (const p of k.partials) {
      partials++;
      const last = p.events[p.events.length - 1];
      if (last) open[last.step] = (open[last.step] ?? 0) + 1;
    }
  const ports = result.ports[node.id] ?? {};
  const selected: KeyPartialMatches | undefined = keys.find((k) => k.key === picked) ?? keys[0];
  const stepName = (i: number) => steps[i]?.name ?? `step ${i + 1}`;
  return (
    <div className="cep-inspector" data-testid="cep-inspector">
      <PatternDiagram steps={steps} withinMs={withinMs} open={open} />
      <div className="cep-counts" data-testid="cep-counts">
        <span>
          <b>{compactNumber(ports.out?.count ?? 0)}</b> matches
        </span>
        <span>
          <b>{compactNumber(ports.timeout?.count ?? 0)}</b> timeouts
        </span>
        <span>
          <b>{compactNumber(ports.late?.count ?? 0)}</b> late
        </span>
        <span data-testid="cep-open-count">
          <b>{compactNumber(partials)}</b> partial matches open at the end of the sample, over{' '}
          <b>{compactNumber(keys.length)}</b> keys
        </span>
      </div>
      {keys.length === 0 ? (
        <p className="empty-hint small">No partial match was open when the sample ended.</p>
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
        </div>
      )}
    </div>
  );
}
