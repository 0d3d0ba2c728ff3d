import { useRef, useState } from 'react';
import type { FormField } from '../../logic/schema-form';
import { joinParamPath, useFormContext } from './form-context';
import { ParamRow } from './ParamRow';

/**
 * The fields of one object of params, generated from its JSON Schema. Optional params that are
 * unset and have no default (a percentile's quantile, a loop's `until`) wait behind a small
 * "+ name" button, so the form shows what matters first.
 */
export function SchemaForm({ fields, value, path }: { fields: FormField[]; value: unknown; path: string }) {
  const { issuesAt } = useFormContext();
  const [revealed, setRevealed] = useState<ReadonlySet<string>>(new Set());
  // A field once shown stays shown, so clearing it while typing does not whisk it away.
  const shown = useRef(new Set<string>());
  const obj = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const tucked = (f: FormField) =>
    !f.required &&
    f.default === undefined &&
    obj[f.key] === undefined &&
    !revealed.has(f.key) &&
    !shown.current.has(f.key) &&
    issuesAt(joinParamPath(path, f.key)).length === 0;
  const hidden = fields.filter(tucked);
  for (const f of fields) if (!hidden.includes(f)) shown.current.add(f.key);
  return (
    <div className="schema-form">
      {fields
        .filter((f) => !tucked(f))
        .map((f) => (
          <ParamRow key={f.key} field={f} value={obj[f.key]} path={joinParamPath(path, f.key)} />
        ))}
      {hidden.length > 0 && (
        <div className="optional-params">
          {hidden.map((f) => (
            <button
              key={f.key}
              type="button"
              className="btn ghost small"
              title={f.description ?? `Set ${f.label.toLowerCase()}`}
              data-testid={`reveal-${joinParamPath(path, f.key)}`}
              onClick={() => setRevealed(new Set([...revealed, f.key]))}
            >
              + {f.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
