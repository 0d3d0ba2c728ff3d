import { useFormContext } from './form-context';

/** A field name of the input stream: free text with the inferred fields offered. */
export function FieldInput(props: {
  id: string;
  testId: string;
  value: string;
  onChange: (v: string) => void;
}) {
  const { fieldNames } = useFormContext();
  const listId = `${props.id}-fields`;
  return (
    <>
      <input
        id={props.id}
        type="text"
        list={listId}
        spellCheck={false}
        data-testid={props.testId}
        value={props.value}
        placeholder={fieldNames.length ? fieldNames.slice(0, 3).join(', ') : 'field name'}
        onChange={(e) => props.onChange(e.target.value)}
      />
      <datalist id={listId}>
        {fieldNames.map((f) => (
          <option key={f} value={f} />
        ))}
      </datalist>
    </>
  );
}
