import type { FormField } from '../../logic/schema-form';
import { SchemaForm } from './SchemaForm';

/** One object in a list param (an aggregation, a projected field, a route) with its own fields. */
export function ListItemCard(props: {
  index: number;
  count: number;
  fields: FormField[];
  value: unknown;
  path: string;
  onRemove: (() => void) | undefined;
  onMove: (by: number) => void;
  hasError: boolean;
}) {
  return (
    <div className={`list-card${props.hasError ? ' has-error' : ''}`} data-testid={`item-${props.path}`}>
      <div className="list-card-head">
        <span className="list-card-index">#{props.index + 1}</span>
        <span className="list-card-actions">
          <button
            type="button"
            className="icon-btn"
            aria-label="move up"
            disabled={props.index === 0}
            onClick={() => props.onMove(-1)}
          >
            ↑
          </button>
          <button
            type="button"
            className="icon-btn"
            aria-label="move down"
            disabled={props.index === props.count - 1}
            onClick={() => props.onMove(1)}
          >
            ↓
          </button>
          {props.onRemove && (
            <button type="button" className="icon-btn" aria-label="remove" onClick={props.onRemove}>
              ×
            </button>
          )}
        </span>
      </div>
      <SchemaForm fields={props.fields} value={props.value} path={props.path} />
    </div>
  );
}
