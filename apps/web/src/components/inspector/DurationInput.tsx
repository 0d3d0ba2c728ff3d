import { useEffect, useState } from 'react';
import { bestUnit, DURATION_UNITS, type DurationUnit, unitMs } from '../../logic/duration';

/** A duration stored in milliseconds, edited in the unit that reads best (5 s, not 5000 ms). */
export function DurationInput(props: {
  id: string;
  testId: string;
  value: number;
  onChange: (ms: number) => void;
}) {
  const [unit, setUnit] = useState<DurationUnit>(() => bestUnit(props.value));
  const [text, setText] = useState(() => String(props.value / unitMs(unit)));
  useEffect(() => {
    setText((t) => (Number(t) * unitMs(unit) === props.value ? t : String(props.value / unitMs(unit))));
  }, [props.value, unit]);
  return (
    <div className="duration">
      <input
        id={props.id}
        type="number"
        min={0}
        step="any"
        data-testid={props.testId}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          const n = Number(e.target.value);
          if (e.target.value.trim() !== '' && Number.isFinite(n))
            props.onChange(Math.round(n * unitMs(unit)));
        }}
      />
      <select
        aria-label="unit"
        data-testid={`${props.testId}-unit`}
        value={unit}
        onChange={(e) => {
          const next = e.target.value as DurationUnit;
          setUnit(next);
          setText(String(props.value / unitMs(next)));
        }}
      >
        {DURATION_UNITS.map((u) => (
          <option key={u.id} value={u.id}>
            {u.id}
          </option>
        ))}
      </select>
    </div>
  );
}
