import type { PatternStep } from '@eventide/shared';
import { useState } from 'react';
import { flinkTerms, stepSentence } from '../../logic/pattern-sentence';
import { formFields, type JsonSchema } from '../../logic/schema-form';
import { joinParamPath, useFormContext } from './form-context';
import { PatternStepForm } from './PatternStepForm';

/**
 * CEP steps read as sentences ("then 3 times in a row, each matching …"), one per step, with
 * Flink's Pattern API calls beside them; expand a step to edit it in the same words.
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
                <span className="step-sentence">
                  <span className="step-sentence-words">{stepSentence(step, i)}</span>
                  <span className="flink-term">{flinkTerms(step, i)}</span>
                </span>
                <span className="caret">{expanded ? '▴' : '▾'}</span>
              </button>
              {expanded && (
                <div className="pattern-step-body">
                  <PatternStepForm step={step} index={i} path={stepPath} />
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
