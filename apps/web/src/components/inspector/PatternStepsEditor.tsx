import type { PatternStep } from '@eventide/shared';
import { useState } from 'react';
import { connectorOf, describeStep } from '../../logic/pattern-summary';
import { formFields, type JsonSchema } from '../../logic/schema-form';
import { joinParamPath, useFormContext } from './form-context';
import { SchemaForm } from './SchemaForm';

/**
 * CEP steps read like Flink's Pattern API: one line per step with its connector (begin, next,
 * followedBy, notFollowedBy...), condition, quantifier and contiguity; expand a step to edit it.
 */
export function PatternStepsEditor(props: {
  steps: unknown[];
  path: string;
  itemSchema: JsonSchema;
  onAdd: (() => void) | undefined;
  onRemove: ((i: number) => void) | undefined;
  onMove: (i: number, by: number) => void;
}) {
  const { issuesAt } = useFormContext();
  const [open, setOpen] = useState<number | null>(null);
  const fields = formFields(props.itemSchema);
  const hasIssueUnder = (prefix: string) =>
    fields.some((f) => issuesAt(joinParamPath(prefix, f.key)).length > 0) || issuesAt(prefix).length > 0;
  return (
    <div className="pattern-steps" data-testid="pattern-steps">
      <ol>
        {props.steps.map((raw, i) => {
          const step = (raw ?? {}) as Partial<PatternStep>;
          const stepPath = joinParamPath(props.path, i);
          const invalid = hasIssueUnder(stepPath);
          const expanded = open === i || invalid;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: steps are positional in the pattern
            <li key={i} className={`pattern-step${invalid ? ' has-error' : ''}`}>
              <button
                type="button"
                className="pattern-step-line"
                onClick={() => setOpen(open === i ? null : i)}
                aria-expanded={expanded}
                data-testid={`pattern-step-${i}`}
              >
                <span className={`connector c-${connectorOf(step, i)}`}>{connectorOf(step, i)}</span>
                <code>{describeStep(step)}</code>
                <span className="caret">{expanded ? '▴' : '▾'}</span>
              </button>
              {expanded && (
                <div className="pattern-step-body">
                  <SchemaForm fields={fields} value={raw} path={stepPath} />
                  <div className="pattern-step-actions">
                    <button
                      type="button"
                      className="btn ghost small"
                      disabled={i === 0}
                      onClick={() => props.onMove(i, -1)}
                    >
                      ↑ Earlier
                    </button>
                    <button
                      type="button"
                      className="btn ghost small"
                      disabled={i === props.steps.length - 1}
                      onClick={() => props.onMove(i, 1)}
                    >
                      ↓ Later
                    </button>
                    {props.onRemove && (
                      <button
                        type="button"
                        className="btn ghost small danger"
                        onClick={() => props.onRemove?.(i)}
                      >
                        Remove step
                      </button>
                    )}
                  </div>
                </div>
              )}
            </li>
          );
        })}
      </ol>
      {props.onAdd && (
        <button
          type="button"
          className="btn ghost small add-item"
          data-testid="add-pattern-step"
          onClick={() => {
            props.onAdd?.();
            setOpen(props.steps.length);
          }}
        >
          + Add step
        </button>
      )}
    </div>
  );
}
