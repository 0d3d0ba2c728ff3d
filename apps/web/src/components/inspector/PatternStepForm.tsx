import type { PatternStep } from '@eventide/shared';
import {
  FOLLOWS,
  type Follows,
  followsOf,
  followsParams,
  HOW_MANY,
  type HowMany,
  howManyOf,
  IN_A_ROW,
  type InARow,
  inARowOf,
  isLooping,
  quantifierFor,
} from '../../logic/pattern-sentence';
import { ExpressionInput } from './ExpressionInput';
import { joinParamPath, useFormContext } from './form-context';
import { NumberInput } from './NumberInput';

type Step = Partial<PatternStep> & { name?: string; condition?: string };

/** Params only a repeating step may carry (the schema refuses them on a single event). */
const LOOP_ONLY = ['consecutive', 'allowCombinations', 'greedy', 'until'] as const;

/**
 * One choice of the sentence: a select of options in words. The option a select reports is looked
 * up (no cast: an unknown value picks nothing).
 */
function Choice<V extends string>(props: {
  testId: string;
  label: string;
  options: { value: V; words: string }[];
  value: V;
  onChange: (v: V) => void;
}) {
  return (
    <select
      className="step-select"
      data-testid={props.testId}
      aria-label={props.label}
      value={props.value}
      onChange={(e) => {
        const option = props.options.find((o) => o.value === e.target.value);
        if (option) props.onChange(option.value);
      }}
    >
      {props.options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.words}
        </option>
      ))}
    </select>
  );
}

/** The Flink term a control stands for, as a quiet secondary label. */
const Term = ({ children }: { children: string }) => <span className="flink-term">{children}</span>;

/**
 * One CEP step written as a sentence: how it follows the previous step, how many events, how they
 * follow each other, what each must match; Flink's terms stay beside each choice. Every change
 * writes the whole step at once (one undo step, never an invalid mix such as "consecutive" on a
 * single event).
 */
export function PatternStepForm({ step, index, path }: { step: Step; index: number; path: string }) {
  const { set, issuesAt } = useFormContext();
  const id = (what: string) => `step-${index}-${what}`;
  const write = (next: Step) => set(path, next);
  const follows = followsOf(step);
  const howMany = howManyOf(step);
  const looping = isLooping(step);
  const negated = step.negated === true;
  const q = step.quantifier;

  const setFollows = (f: Follows) => {
    const next: Step = { ...step, ...followsParams(f) };
    // a negated step is a single, required event
    if (next.negated) {
      next.quantifier = { kind: 'once' };
      next.optional = false;
      for (const k of LOOP_ONLY) delete next[k];
    }
    write(next);
  };
  const setHowMany = (h: HowMany) => {
    const next: Step = { ...step, quantifier: quantifierFor(h, step) };
    if (h === 'once') for (const k of LOOP_ONLY) delete next[k];
    else if (!looping) next.consecutive = true; // "3 failures" most often means 3 in a row
    write(next);
  };
  const setInARow = (r: InARow) =>
    write({ ...step, consecutive: r === 'consecutive', allowCombinations: r === 'allowCombinations' });
  const setCount = (key: 'min' | 'max', v: number | undefined) =>
    write({ ...step, quantifier: { ...(q ?? { kind: 'times' }), [key]: v } });

  const problems = ['', 'name', 'condition', 'quantifier', 'quantifier.min', 'quantifier.max', 'negated']
    .concat(['allowCombinations', 'until', 'contiguity'])
    .flatMap((p) => issuesAt(p ? joinParamPath(path, p) : path))
    // the expression fields underline their own problems
    .filter((i) => !i.path.endsWith('.condition') && !i.path.endsWith('.until'));

  return (
    <div className="step-form" data-testid={`step-form-${index}`}>
      <div className="step-line">
        {index === 0 ? (
          <span className="step-words">First,</span>
        ) : (
          <Choice
            testId={id('follows')}
            label="How this step follows the previous one"
            options={FOLLOWS}
            value={follows}
            onChange={setFollows}
          />
        )}
        {index > 0 && <Term>{FOLLOWS.find((f) => f.value === follows)?.flink ?? ''}</Term>}
      </div>
      {!negated && (
        <div className="step-line">
          <Choice
            testId={id('how-many')}
            label="How many events"
            options={HOW_MANY}
            value={howMany}
            onChange={setHowMany}
          />
          {(howMany === 'exactly' || howMany === 'between' || howMany === 'atLeast') && (
            <span className="step-count">
              <NumberInput
                id={id('count')}
                testId={id('count')}
                value={q?.min}
                integer
                min={1}
                optional={false}
                onChange={(v) => setCount('min', v)}
              />
              {howMany === 'between' && (
                <>
                  <span className="step-words">and</span>
                  <NumberInput
                    id={id('count-max')}
                    testId={id('count-max')}
                    value={q?.max}
                    integer
                    min={1}
                    optional={false}
                    onChange={(v) => setCount('max', v)}
                  />
                </>
              )}
              <span className="step-words">times</span>
            </span>
          )}
          <Term>{HOW_MANY.find((h) => h.value === howMany)?.flink ?? ''}</Term>
        </div>
      )}
      {looping && (
        <div className="step-line">
          <Choice
            testId={id('in-a-row')}
            label="How the step's own events follow each other"
            options={IN_A_ROW}
            value={inARowOf(step)}
            onChange={setInARow}
          />
          <Term>{IN_A_ROW.find((r) => r.value === inARowOf(step))?.flink ?? ''}</Term>
        </div>
      )}
      <div className="step-line step-expr">
        <label className="step-words" htmlFor={id('condition')}>
          {negated ? 'matching' : looping ? 'each matching' : 'an event matching'}
        </label>
        <ExpressionInput
          id={id('condition')}
          path={joinParamPath(path, 'condition')}
          value={step.condition ?? 'true'}
          placeholder='e.g. type == "fail"'
          onChange={(v) => write({ ...step, condition: v })}
        />
        <Term>where()</Term>
      </div>
      {looping && (
        <>
          <div className="step-line step-expr">
            <label className="step-words" htmlFor={id('until')}>
              stop repeating at an event matching
            </label>
            <ExpressionInput
              id={id('until')}
              path={joinParamPath(path, 'until')}
              value={step.until ?? ''}
              placeholder="(optional) e.g. type == &quot;ok&quot;"
              onChange={(v) => {
                const next: Step = { ...step, until: v };
                if (v === '') delete next.until;
                write(next);
              }}
            />
            <Term>until()</Term>
          </div>
          <label className="step-check">
            <input
              type="checkbox"
              data-testid={id('greedy')}
              checked={step.greedy === true}
              onChange={(e) => write({ ...step, greedy: e.target.checked })}
            />
            <span>
              take as many as possible before the next step <Term>greedy()</Term>
            </span>
          </label>
        </>
      )}
      {!negated && (
        <label className="step-check">
          <input
            type="checkbox"
            data-testid={id('optional')}
            checked={step.optional === true}
            onChange={(e) => write({ ...step, optional: e.target.checked })}
          />
          <span>
            may be missing: the pattern also matches without this step <Term>optional()</Term>
          </span>
        </label>
      )}
      <div className="step-line">
        <label className="step-words" htmlFor={id('name')}>
          named
        </label>
        <input
          id={id('name')}
          data-testid={id('name')}
          className="step-name"
          value={step.name ?? ''}
          onChange={(e) => write({ ...step, name: e.target.value })}
        />
        <span className="muted small">
          for output fields and later conditions: {step.name ?? '?'}[0].field
        </span>
      </div>
      {problems.map((i) => (
        <p key={`${i.path}:${i.message}`} className="param-error" data-testid="param-error">
          {i.message}
        </p>
      ))}
    </div>
  );
}
