import type { PipelineSettings } from '@eventide/shared';
import { rate } from '../../logic/format';
import { useDocumentStore } from '../../stores/document-store';
import { useLiveStore } from '../../stores/live-store';
import { Menu } from '../common/Menu';
import { NumberInput } from '../inspector/NumberInput';

/** Micro-batching, checkpointing and parallelism, with the live latency and throughput they trade between. */
export function SettingsMenu() {
  const settings = useDocumentStore((s) => s.doc.settings);
  const metrics = useLiveStore((s) => s.metrics);
  const update = (patch: (s: PipelineSettings) => PipelineSettings) =>
    useDocumentStore.getState().setSettings(patch(structuredClone(settings)));
  const nodes = Object.values(metrics?.nodes ?? {});
  const p50 = nodes.reduce((m, n) => Math.max(m, n.latencyP50Ms), 0);
  const p99 = nodes.reduce((m, n) => Math.max(m, n.latencyP99Ms), 0);
  const throughput = nodes.reduce((m, n) => Math.max(m, n.inPerSec), 0);
  return (
    <Menu
      label="Settings"
      testId="settings-menu"
      title="Micro-batching, checkpoints and parallelism"
      align="right"
    >
      {() => (
        <div className="settings-panel" data-testid="settings-panel">
          <h4 className="section-title">Micro-batches</h4>
          <SettingRow
            id="set-max-events"
            testId="settings-max-events"
            label="Max events per batch"
            help="Bigger batches raise throughput; smaller ones cut latency."
            value={settings.microBatch.maxEvents}
            min={1}
            max={100_000}
            onChange={(v) => update((s) => ({ ...s, microBatch: { ...s.microBatch, maxEvents: v } }))}
          />
          <SettingRow
            id="set-max-delay"
            testId="settings-max-delay"
            label="Max batch delay (ms)"
            help="A batch leaves when full or this old, whichever comes first."
            value={settings.microBatch.maxDelayMs}
            min={0}
            max={60_000}
            onChange={(v) => update((s) => ({ ...s, microBatch: { ...s.microBatch, maxDelayMs: v } }))}
          />
          <h4 className="section-title">Checkpoints</h4>
          <SettingRow
            id="set-checkpoint"
            testId="settings-checkpoint"
            label="Checkpoint interval (ms)"
            help="0 turns checkpoints off. Takes effect on the next Run."
            value={settings.checkpointIntervalMs}
            min={0}
            max={3_600_000}
            onChange={(v) => update((s) => ({ ...s, checkpointIntervalMs: v }))}
          />
          <h4 className="section-title">Parallelism</h4>
          <div className="param-row">
            <label className="param-label" htmlFor="set-parallelism">
              Instances of keyed nodes
            </label>
            <select
              id="set-parallelism"
              data-testid="settings-parallelism"
              value={String(settings.parallelism ?? 1)}
              onChange={(e) =>
                update((s) => {
                  const { parallelism: _old, ...rest } = s;
                  const v = e.target.value;
                  // 1 is the default: left out, so the document stays as it was before the setting existed.
                  return v === '1' ? rest : { ...rest, parallelism: v === 'auto' ? 'auto' : Number(v) };
                })
              }
            >
              {parallelismChoices(settings.parallelism).map((p) => (
                <option key={p} value={String(p)}>
                  {p === 'auto' ? "auto (the server's cores)" : p === 1 ? '1 (one thread)' : `${p} threads`}
                </option>
              ))}
            </select>
            <span className="param-help">
              Windows, joins, patterns and dedupe with a key run as this many instances, each on its own
              thread; sources, sinks and unkeyed nodes run once. Takes effect on the next Run.
            </span>
          </div>
          <h4 className="section-title">Live effect</h4>
          {metrics ? (
            <dl className="settings-live" data-testid="settings-live">
              <dt>Throughput</dt>
              <dd>{rate(throughput)}</dd>
              <dt>Latency p50</dt>
              <dd>{p50.toFixed(1)} ms</dd>
              <dt>Latency p99</dt>
              <dd>{p99.toFixed(1)} ms</dd>
            </dl>
          ) : (
            <p className="empty-hint small">Run the pipeline to see throughput and latency here.</p>
          )}
        </div>
      )}
    </Menu>
  );
}

/** The parallelism choices offered: common ones, "auto", and the document's own if it is another. */
export function parallelismChoices(current: PipelineSettings['parallelism']): (number | 'auto')[] {
  const counts = [1, 2, 4, 8, 16];
  if (typeof current === 'number' && !counts.includes(current)) counts.push(current);
  return [...counts.sort((a, b) => a - b), 'auto'];
}

/** One integer setting: label, input, and what it trades. */
function SettingRow(props: {
  id: string;
  testId: string;
  label: string;
  help: string;
  value: number;
  min: number;
  max: number;
  onChange: (value: number) => void;
}) {
  return (
    <div className="param-row">
      <label className="param-label" htmlFor={props.id}>
        {props.label}
      </label>
      <NumberInput
        id={props.id}
        testId={props.testId}
        value={props.value}
        integer
        min={props.min}
        max={props.max}
        optional={false}
        onChange={(v) => v !== undefined && props.onChange(v)}
      />
      <span className="param-help">{props.help}</span>
    </div>
  );
}
