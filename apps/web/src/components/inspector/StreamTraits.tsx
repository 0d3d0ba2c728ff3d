import type { StreamInfo } from '@eventide/shared';

/** One line on a stream's time, key and openness, under its fields. */
export function StreamTraits({ stream }: { stream: StreamInfo }) {
  return (
    <p className="param-help">
      {stream.eventTime ? 'Event time' : 'Processing time'}
      {stream.key ? ` · keyed by ${stream.key.join(', ')}` : ''}
      {stream.schema.open ? ' · may carry more fields' : ''}
    </p>
  );
}
