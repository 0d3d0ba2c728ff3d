import type { FieldControl, JsonSchema } from '../../logic/schema-form';
import { DurationInput } from './DurationInput';
import { ExpressionInput } from './ExpressionInput';
import { FieldInput } from './FieldInput';
import { FieldsInput } from './FieldsInput';
import { useFormContext } from './form-context';
import { ListControl } from './ListControl';
import { NumberInput } from './NumberInput';
import { SchemaForm } from './SchemaForm';

export interface ParamControlProps {
  control: FieldControl;
  schema: JsonSchema;
  value: unknown;
  path: string;
  inputId: string;
  /** May be left empty: clearing it removes the param. */
  optional: boolean;
}

/** Picks the control for a param from its schema: the one place that maps schema to widgets. */
export function ParamControl({ control, schema, value, path, inputId, optional }: ParamControlProps) {
  const { set } = useFormContext();
  const testId = `param-${path}`;
  switch (control.kind) {
    case 'expression':
      return (
        <ExpressionInput
          id={inputId}
          path={path}
          value={typeof value === 'string' ? value : ''}
          placeholder={control.example ?? (control.role === 'condition' ? 'e.g. temperature > 30' : '')}
          onChange={(v) => set(path, v === '' && optional ? undefined : v)}
        />
      );
    case 'field':
      return (
        <FieldInput
          id={inputId}
          testId={testId}
          value={typeof value === 'string' ? value : ''}
          onChange={(v) => set(path, v === '' && optional ? undefined : v)}
        />
      );
    case 'fields':
      return (
        <FieldsInput
          id={inputId}
          testId={testId}
          value={Array.isArray(value) ? value.map(String) : []}
          onChange={(v) => set(path, v)}
        />
      );
    case 'duration':
      return (
        <DurationInput
          id={inputId}
          testId={testId}
          value={typeof value === 'number' ? value : 0}
          onChange={(v) => set(path, v)}
        />
      );
    case 'enum': {
      const doc = control.docs?.[String(value)];
      return (
        <>
          <select
            id={inputId}
            data-testid={testId}
            value={value === undefined ? '' : String(value)}
            onChange={(e) => set(path, e.target.value === '' ? undefined : e.target.value)}
          >
            {(optional || value === undefined) && <option value="">—</option>}
            {control.options.map((o) => (
              <option key={o} value={o} title={control.docs?.[o]}>
                {o}
              </option>
            ))}
          </select>
          {doc && (
            <p className="option-doc" data-testid={`${testId}-doc`}>
              {doc}
            </p>
          )}
        </>
      );
    }
    case 'boolean':
      return (
        <label className="switch">
          <input
            id={inputId}
            type="checkbox"
            data-testid={testId}
            checked={value === true}
            onChange={(e) => set(path, e.target.checked)}
          />
          <span>{value === true ? 'on' : 'off'}</span>
        </label>
      );
    case 'number':
      return (
        <NumberInput
          id={inputId}
          testId={testId}
          value={typeof value === 'number' ? value : undefined}
          integer={control.integer}
          min={control.min}
          max={control.max}
          onChange={(v) => set(path, v)}
          optional={optional}
        />
      );
    case 'secret':
      // Only a reference lives in the document; the server resolves it when the run starts.
      return (
        <input
          id={inputId}
          type="text"
          data-testid={testId}
          className="secret-input"
          placeholder="${env:NAME} or ${secret:NAME}"
          spellCheck={false}
          autoComplete="off"
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => set(path, e.target.value === '' && optional ? undefined : e.target.value)}
        />
      );
    case 'string':
      return (
        <input
          id={inputId}
          type="text"
          data-testid={testId}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => set(path, e.target.value === '' && optional ? undefined : e.target.value)}
        />
      );
    case 'object':
      return (
        <div className="param-object">
          <SchemaForm fields={control.fields} value={value} path={path} />
        </div>
      );
    case 'list':
      return <ListControl schema={schema} itemControl={control.itemControl} value={value} path={path} />;
    case 'json':
      return <pre className="param-json">{JSON.stringify(value, null, 2)}</pre>;
  }
}
