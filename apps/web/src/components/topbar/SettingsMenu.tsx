import type { PipelineSettings } from '@eventide/shared';
import { rate } from '../../logic/format';
import { useDocumentStore } from '../../stores/document-store';
import { useLiveStore } from '../../stores/live-store';
import { Menu } from '../common/Menu';
import { NumberInput } from '../inspector/NumberInput';

/** Micro-batching and checkpointing, with the live latency and throughput they trade between. */
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
    <Menu label="Settings" testId="settings-menu" title="Micro-batching and checkpoints" align="right">
      {() => (
        <div className="settings-panel" data-testid="settings-panel">
          <h4 className="section-title">Micro-batches</h4>
          <div className="param-row">
            <label className="param-label" htmlFor="set-max-events">
              Max events per batch
            </label>
            <NumberInput
              id="set-max-events"
              testId="settings-max-events"
              value={settings.microBatch.maxEvents}
              integer
              min={1}
              max={100_000}
              optional={false}
              onChange={(v) =>
                v !== undefined && update((s) => ({ ...s, microBatch: { ...s.microBatch, maxEvents: v } }))
              }
            />
            <span className="param-help">Bigger batches raise throughput; smaller ones cut latency.</span>
          </div>
          <div className="param-row">
            <label className="param-label" htmlFor="set-max-delay">
              Max batch delay (ms)
            </label>
            <NumberInput
              id="set-max-delay"
              testId="settings-max-delay"
              value={settings.microBatch.maxDelayMs}
              integer
              min={0}
              max={60_000}
              optional={false}
              onChange={(v) =>
                v !== undefined && update((s) => ({ ...s, microBatch: { ...s.microBatch, maxDelayMs: v } }))
              }
            />
            <span className="param-help">A batch leaves when full or this old, whichever comes first.</span>
          </div>
          <h4 className="section-title">Checkpoints</h4>
          <div className="param-row">
            <label className="param-label" htmlFor="set-checkpoint">
              Checkpoint interval (ms)
            </label>
            <NumberInput
              id="set-checkpoint"
              testId="settings-checkpoint"
              value={settings.checkpointIntervalMs}
              integer
              min={0}
              max={3_600_000}
              optional={false}
              onChange={(v) => v !== undefined && update((s) => ({ ...s, checkpointIntervalMs: v }))}
            />
            <span className="param-help">0 turns checkpoints off. Takes effect on the next Run.</span>
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
