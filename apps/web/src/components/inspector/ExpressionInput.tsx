import { completionsAt, type ExprCompletions } from '@eventide/shared';
import { type KeyboardEvent, useRef, useState } from 'react';
import { useFormContext } from './form-context';

/**
 * A CEL expression field: errors are underlined at their position (from the same validator the
 * server runs), and field names of the inferred input schema complete as you type.
 */
export function ExpressionInput(props: {
  id: string;
  path: string;
  value: string;
  placeholder: string;
  onChange: (v: string) => void;
}) {
  const { issuesAt, scopeFor } = useFormContext();
  const input = useRef<HTMLInputElement>(null);
  const mirror = useRef<HTMLDivElement>(null);
  const [completions, setCompletions] = useState<ExprCompletions | null>(null);
  const [active, setActive] = useState(0);
  const { value } = props;

  const located = issuesAt(props.path).find((i) => i.start !== undefined && i.end !== undefined);
  const start = Math.min(located?.start ?? 0, value.length);
  // An error at the very end (e.g. "unexpected end") still gets a visible mark.
  const end = Math.max(Math.min(located?.end ?? 0, value.length), start + 1);

  const refresh = (src: string, caret: number, force = false) => {
    const c = completionsAt(src, caret, scopeFor(props.path));
    const afterDot = src.slice(0, c.from).trimEnd().endsWith('.');
    const show = c.options.length > 0 && (force || c.to > c.from || afterDot);
    setCompletions(show ? { ...c, options: c.options.slice(0, 12) } : null);
    setActive(0);
  };

  const accept = (label: string) => {
    if (!completions) return;
    const next = value.slice(0, completions.from) + label + value.slice(completions.to);
    props.onChange(next);
    setCompletions(null);
    const caret = completions.from + label.length;
    requestAnimationFrame(() => input.current?.setSelectionRange(caret, caret));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === ' ' && e.ctrlKey) {
      e.preventDefault();
      refresh(value, e.currentTarget.selectionStart ?? value.length, true);
      return;
    }
    if (!completions) return;
    const n = completions.options.length;
    if (e.key === 'ArrowDown') setActive((a) => (a + 1) % n);
    else if (e.key === 'ArrowUp') setActive((a) => (a - 1 + n) % n);
    else if (e.key === 'Enter' || e.key === 'Tab') {
      const option = completions.options[active];
      if (option) accept(option.label);
    } else if (e.key === 'Escape') setCompletions(null);
    else return;
    e.preventDefault();
  };

  return (
    <div className={`expr${located ? ' invalid' : ''}`}>
      <div className="expr-mirror" ref={mirror} aria-hidden>
        {located ? (
          <>
            {value.slice(0, start)}
            <span className="expr-underline" data-testid="expr-underline" data-start={start} data-end={end}>
              {value.slice(start, end) || ' '}
            </span>
            {value.slice(end)}
          </>
        ) : (
          value
        )}
      </div>
      <input
        ref={input}
        id={props.id}
        type="text"
        spellCheck={false}
        autoComplete="off"
        className="expr-input"
        data-testid={`expr-${props.path}`}
        value={value}
        placeholder={props.placeholder}
        onChange={(e) => {
          props.onChange(e.target.value);
          refresh(e.target.value, e.target.selectionStart ?? e.target.value.length);
        }}
        onKeyDown={onKeyDown}
        onScroll={(e) => {
          if (mirror.current) mirror.current.scrollLeft = e.currentTarget.scrollLeft;
        }}
        onBlur={() => setTimeout(() => setCompletions(null), 150)}
        aria-invalid={Boolean(located)}
      />
      {completions && (
        <div className="completions" role="listbox" data-testid="expr-completions">
          {completions.options.map((o, i) => (
            <div
              key={o.label}
              role="option"
              tabIndex={-1}
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              data-testid={`completion-${o.label}`}
              onMouseDown={(e) => {
                e.preventDefault();
                accept(o.label);
              }}
            >
              <span className={`completion-kind ${o.kind}`}>{o.kind}</span>
              <span className="completion-label">{o.label}</span>
              <span className="completion-detail">{o.detail}</span>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
