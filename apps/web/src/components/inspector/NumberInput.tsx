import { useEffect, useState } from 'react';

/** A number field that lets you type freely and commits only numbers within the schema's bounds. */
export function NumberInput(props: {
  id: string;
  testId: string;
  value: number | undefined;
  integer: boolean;
  min?: number | undefined;
  max?: number | undefined;
  optional: boolean;
  onChange: (v: number | undefined) => void;
}) {
  const [text, setText] = useState(props.value === undefined ? '' : String(props.value));
  // Follow the document when it changes from elsewhere (undo, another control).
  useEffect(() => {
    setText((t) =>
      Number(t) === props.value && t !== '' ? t : props.value === undefined ? '' : String(props.value),
    );
  }, [props.value]);
  return (
    <input
      id={props.id}
      type="number"
      inputMode={props.integer ? 'numeric' : 'decimal'}
      step={props.integer ? 1 : 'any'}
      min={props.min}
      max={props.max}
      data-testid={props.testId}
      value={text}
      onChange={(e) => {
        const t = e.target.value;
        setText(t);
        if (t.trim() === '') {
          if (props.optional) props.onChange(undefined);
          return;
        }
        const n = Number(t);
        if (Number.isFinite(n)) props.onChange(n);
      }}
    />
  );
}
