import type { FormField } from '../../logic/schema-form';
import { useFormContext } from './form-context';
import { ParamControl } from './ParamControl';

/** Label, control, help text and the problems of one param. */
export function ParamRow({ field, value, path }: { field: FormField; value: unknown; path: string }) {
  const { issuesAt } = useFormContext();
  const issues = issuesAt(path);
  const composite = field.control.kind === 'list' || field.control.kind === 'object';
  const inputId = `param-${path.replace(/\./g, '-')}`;
  return (
    <div
      className={`param-row${composite ? ' composite' : ''}${issues.length ? ' has-error' : ''}`}
      data-param={path}
    >
      <label className="param-label" htmlFor={composite ? undefined : inputId}>
        {field.label}
        {field.control.kind === 'duration' && <span className="param-unit"> duration</span>}
      </label>
      <ParamControl
        control={field.control}
        schema={field.schema}
        value={value ?? field.default}
        path={path}
        inputId={inputId}
        optional={!field.required && field.default === undefined}
      />
      {field.description && <p className="param-help">{field.description}</p>}
      {issues.map((i) => (
        <p key={i.message} className="param-error" data-testid="param-error">
          {i.message}
        </p>
      ))}
    </div>
  );
}
