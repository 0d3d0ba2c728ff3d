import { useState } from 'react';
import { useFormContext } from './form-context';

/** A list of field names as removable chips, with the inferred fields one click away. */
export function FieldsInput(props: {
  id: string;
  testId: string;
  value: string[];
  onChange: (v: string[]) => void;
}) {
  const { fieldNames } = useFormContext();
  const [draft, setDraft] = useState('');
  const add = (name: string) => {
    const n = name.trim();
    if (n && !props.value.includes(n)) props.onChange([...props.value, n]);
    setDraft('');
  };
  const suggestions = fieldNames.filter((f) => !props.value.includes(f));
  return (
    <div className="chips" data-testid={props.testId}>
      {props.value.map((f, i) => (
        <span key={f} className="chip">
          {f}
          <button
            type="button"
            aria-label={`remove ${f}`}
            onClick={() => props.onChange(props.value.filter((_, j) => j !== i))}
          >
            ×
          </button>
        </span>
      ))}
      <input
        id={props.id}
        type="text"
        list={`${props.id}-fields`}
        className="chip-input"
        spellCheck={false}
        placeholder={props.value.length ? 'add…' : 'add a field…'}
        value={draft}
        data-testid={`${props.testId}-add`}
        onChange={(e) => {
          // Choosing from the datalist replaces the value in one go: take it at once.
          const v = e.target.value;
          if (fieldNames.includes(v) && (e.nativeEvent as InputEvent).inputType !== 'insertText') add(v);
          else setDraft(v);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ',') {
            e.preventDefault();
            add(draft);
          } else if (e.key === 'Backspace' && draft === '' && props.value.length > 0)
            props.onChange(props.value.slice(0, -1));
        }}
        onBlur={() => draft && add(draft)}
      />
      <datalist id={`${props.id}-fields`}>
        {suggestions.map((f) => (
          <option key={f} value={f} />
        ))}
      </datalist>
    </div>
  );
}
