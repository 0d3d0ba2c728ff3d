import type { FormField } from '../../logic/schema-form';
import { joinParamPath } from './form-context';
import { ParamRow } from './ParamRow';

/** The fields of one object of params, generated from its JSON Schema. */
export function SchemaForm({ fields, value, path }: { fields: FormField[]; value: unknown; path: string }) {
  const obj = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  return (
    <div className="schema-form">
      {fields.map((f) => (
        <ParamRow key={f.key} field={f} value={obj[f.key]} path={joinParamPath(path, f.key)} />
      ))}
    </div>
  );
}
