import { type FieldControl, formFields, type JsonSchema, sampleValue } from '../../logic/schema-form';
import { joinParamPath, useFormContext } from './form-context';
import { ListItemCard } from './ListItemCard';
import { ParamControl } from './ParamControl';
import { PatternStepsEditor } from './PatternStepsEditor';

/** An array param: a card per object item (or a control per scalar), with add, remove and reorder. */
export function ListControl(props: {
  schema: JsonSchema;
  itemControl: FieldControl;
  value: unknown;
  path: string;
}) {
  const { set, issuesAt } = useFormContext();
  const items = Array.isArray(props.value) ? props.value : [];
  const itemSchema = props.schema.items ?? {};
  const listKey = props.path.split('.').pop() ?? 'item';
  const canAdd = props.schema.maxItems === undefined || items.length < props.schema.maxItems;
  const canRemove = items.length > (props.schema.minItems ?? 0);
  const add = () => set(props.path, [...items, sampleValue(itemSchema, { listKey, index: items.length })]);
  const remove = (i: number) =>
    set(
      props.path,
      items.filter((_, j) => j !== i),
    );
  const move = (i: number, by: number) => {
    const next = [...items];
    const [item] = next.splice(i, 1);
    next.splice(i + by, 0, item);
    set(props.path, next);
  };

  const isPatternSteps = Boolean(itemSchema.properties?.quantifier && itemSchema.properties?.contiguity);
  if (isPatternSteps)
    return (
      <PatternStepsEditor
        steps={items}
        path={props.path}
        itemSchema={itemSchema}
        onAdd={canAdd ? add : undefined}
        onRemove={canRemove ? remove : undefined}
        onMove={move}
      />
    );

  const objectItems = props.itemControl.kind === 'object';
  const fields = objectItems ? formFields(itemSchema) : [];
  return (
    <div className="list" data-testid={`param-${props.path}`}>
      {items.length === 0 && <p className="empty-hint small">None yet.</p>}
      {items.map((item, i) => {
        const itemPath = joinParamPath(props.path, i);
        return objectItems ? (
          <ListItemCard
            // biome-ignore lint/suspicious/noArrayIndexKey: items are positional in the document
            key={i}
            index={i}
            count={items.length}
            fields={fields}
            value={item}
            path={itemPath}
            onRemove={canRemove ? () => remove(i) : undefined}
            onMove={(by) => move(i, by)}
            hasError={issuesAt(itemPath).length > 0}
          />
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: items are positional in the document
          <div key={i} className="list-scalar">
            <ParamControl
              control={props.itemControl}
              schema={itemSchema}
              value={item}
              path={itemPath}
              inputId={`param-${itemPath.replace(/\./g, '-')}`}
              optional={false}
            />
            {canRemove && (
              <button type="button" className="icon-btn" aria-label="remove" onClick={() => remove(i)}>
                ×
              </button>
            )}
          </div>
        );
      })}
      {canAdd && (
        <button
          type="button"
          className="btn ghost small add-item"
          onClick={add}
          data-testid={`add-${props.path}`}
        >
          + Add {listKey.replace(/s$/, '')}
        </button>
      )}
    </div>
  );
}
