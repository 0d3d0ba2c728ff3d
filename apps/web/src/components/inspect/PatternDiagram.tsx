import type { PatternStep } from '@eventide/shared';
import { formatDuration } from '../../logic/duration';
import { connectorOf, flagsOf, quantifierOf } from '../../logic/pattern-summary';

type Step = Partial<PatternStep> & { name?: string; condition?: string };

const BOX_W = 170;
const BOX_H = 54;
const GAP = 96;
const TOP = 30;

/**
 * A pattern as a small state diagram: a start dot, one box per step (its condition, how many
 * times, and a loop when it repeats), arrows labelled with how each step follows the previous
 * (next = strict, followedBy = relaxed), a final match state, and `within` spanning them all.
 * `open` counts the partial matches waiting in each step (from the preview), shown on the box.
 */
export function PatternDiagram({
  steps,
  withinMs,
  open,
}: {
  steps: Step[];
  withinMs?: number;
  open?: number[];
}) {
  const x = (i: number) => 40 + i * (BOX_W + GAP);
  const endX = x(steps.length) - GAP / 2 + 20;
  const width = endX + 40;
  const mid = TOP + BOX_H / 2;
  const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
  return (
    <svg
      className="cep-diagram"
      viewBox={`0 0 ${width} ${TOP + BOX_H + 34}`}
      style={{ maxWidth: width }}
      role="img"
      aria-label="Pattern as a state diagram"
      data-testid="pattern-diagram"
    >
      <defs>
        <marker
          id="cep-arrow"
          viewBox="0 0 8 8"
          refX="7"
          refY="4"
          markerWidth="7"
          markerHeight="7"
          orient="auto"
        >
          <path d="M0,0L8,4L0,8z" className="cep-arrowhead" />
        </marker>
      </defs>
      <circle cx={14} cy={mid} r={6} className="cep-start" />
      <line x1={20} y1={mid} x2={x(0) - 2} y2={mid} className="cep-edge" markerEnd="url(#cep-arrow)" />
      {steps.map((s, i) => {
        const q = quantifierOf(s);
        const loops = q !== '' && q !== '×1';
        const flags = flagsOf(s).filter((f) => !f.startsWith('until'));
        const bx = x(i);
        return (
          <g key={s.name ?? i} data-testid="pattern-state">
            {i > 0 && (
              <>
                <line
                  x1={bx - GAP + 2}
                  y1={mid}
                  x2={bx - 2}
                  y2={mid}
                  className={`cep-edge${s.contiguity === 'strict' ? ' strict' : ''}`}
                  markerEnd="url(#cep-arrow)"
                />
                <text x={bx - GAP / 2} y={mid - 6} textAnchor="middle" className="cep-edge-label">
                  {connectorOf(s, i)}
                </text>
              </>
            )}
            {loops && (
              <path
                d={`M${bx + BOX_W / 2 - 16},${TOP}c0,-22 32,-22 32,0`}
                className="cep-edge"
                markerEnd="url(#cep-arrow)"
              />
            )}
            <rect
              x={bx}
              y={TOP}
              width={BOX_W}
              height={BOX_H}
              rx={8}
              className={`cep-state${s.negated ? ' negated' : ''}`}
            />
            <text x={bx + 10} y={TOP + 18} className="cep-state-name">
              {s.negated ? 'not ' : ''}
              {s.name}
              {q ? ` ${q}` : ''}
              {flags.length > 0 ? ` · ${flags.join(', ')}` : ''}
            </text>
            <text x={bx + 10} y={TOP + 38} className="cep-state-cond">
              {clip(s.condition ?? 'true', 24)}
              <title>{s.condition}</title>
            </text>
            {open && (open[i] ?? 0) > 0 && (
              <g data-testid="pattern-state-open">
                <rect
                  x={bx + BOX_W - 34}
                  y={TOP + BOX_H - 10}
                  width={40}
                  height={18}
                  rx={9}
                  className="cep-open"
                />
                <text x={bx + BOX_W - 14} y={TOP + BOX_H + 3} textAnchor="middle" className="cep-open-text">
                  {open[i]}
                  <title>{open[i]} partial matches wait after this step</title>
                </text>
              </g>
            )}
          </g>
        );
      })}
      <line
        x1={x(steps.length) - GAP + 2}
        y1={mid}
        x2={endX - 9}
        y2={mid}
        className="cep-edge"
        markerEnd="url(#cep-arrow)"
      />
      <circle cx={endX} cy={mid} r={8} className="cep-final" />
      <circle cx={endX} cy={mid} r={4} className="cep-final-inner" />
      <text x={endX} y={mid + 24} textAnchor="middle" className="cep-edge-label">
        match
      </text>
      {withinMs ? (
        <text x={x(0)} y={TOP + BOX_H + 28} className="cep-edge-label">
          within {formatDuration(withinMs)} of the first event
        </text>
      ) : null}
    </svg>
  );
}
