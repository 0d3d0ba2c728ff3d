import { useLiveStore } from '../../stores/live-store';

const LABELS = { open: 'connected', connecting: 'connecting…', reconnecting: 'reconnecting…' } as const;

/** The live connection to the server; it reconnects by itself, this just says so. */
export function ConnectionStatus() {
  const connection = useLiveStore((s) => s.connection);
  return (
    <span
      className={`conn conn-${connection}`}
      data-testid="connection-status"
      data-state={connection}
      title={
        connection === 'open'
          ? 'Live connection to the server'
          : 'Waiting for the server; retrying with backoff'
      }
    >
      <span className="conn-dot" />
      {connection !== 'open' && LABELS[connection]}
    </span>
  );
}
