import { useState } from 'react';
import { parseSampleEvents } from '../../logic/sample-events';
import { usePreviewStore } from '../../stores/preview-store';

/**
 * Sample events for a source that needs a server (ingest, files, brokers): pasted, or loaded from a
 * JSON Lines file. The preview replays them through the pipeline in place of the source.
 */
export function SampleEditor({ nodeId, kind }: { nodeId: string; kind: string }) {
  const origin = usePreviewStore((s) => s.sampleOrigins[nodeId]);
  const count = usePreviewStore((s) => s.samples[nodeId]?.length ?? 0);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const use = (raw: string, from: string) => {
    const parsed = parseSampleEvents(raw);
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    setError(null);
    usePreviewStore.getState().setSample(nodeId, { events: parsed.events, origin: from });
  };
  const generator = kind === 'source.generator';
  return (
    <div className="sample-editor" data-testid="sample-editor">
      <p className="sample-status">
        {origin
          ? `The preview replays ${count.toLocaleString('en-US')} sample events (${origin}) in place of ${nodeId}.`
          : generator
            ? 'The generator produces its events in the preview; samples given here replace them.'
            : `${kind} needs a server: the preview uses sample events in its place. Paste some, or load a JSON Lines file.`}
      </p>
      <textarea
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={
          '{"sensor":"s1","temperature":21.5,"ts":1700000000000}\n{"sensor":"s2","temperature":19,"ts":1700000001000}'
        }
        spellCheck={false}
        data-testid="sample-text"
      />
      {error && (
        <p className="field-error" data-testid="sample-error">
          {error}
        </p>
      )}
      <div className="sample-actions">
        <button type="button" className="btn" onClick={() => use(text, 'pasted')} data-testid="sample-use">
          Use these events
        </button>
        <label className="btn ghost">
          Load file…
          <input
            type="file"
            accept=".jsonl,.json,.ndjson,application/json"
            hidden
            data-testid="sample-file"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              if (file) use(await file.text(), file.name);
              e.target.value = '';
            }}
          />
        </label>
        {origin && (
          <button
            type="button"
            className="btn ghost"
            onClick={() => usePreviewStore.getState().setSample(nodeId, null)}
            data-testid="sample-clear"
          >
            Remove sample
          </button>
        )}
      </div>
    </div>
  );
}
