/**
 * Events as compact JSON lines, newest first; early window results are marked. A line opens to the
 * whole event, indented, for events too wide to read on one line.
 */
export function EventList({ events, emptyText }: { events: unknown[]; emptyText: string }) {
  if (events.length === 0) return <p className="empty-hint small">{emptyText}</p>;
  return (
    <ol className="event-list" data-testid="event-list">
      {events.map((e, i) => {
        const early = (e as { window_fire?: unknown } | null)?.window_fire === 'early';
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: a rolling sample; position is identity
          <li key={i} className={early ? 'early' : ''}>
            <details>
              <summary>
                <code>{JSON.stringify(e)}</code>
              </summary>
              <pre className="event-full" data-testid="event-full">
                {JSON.stringify(e, null, 2)}
              </pre>
            </details>
          </li>
        );
      })}
    </ol>
  );
}
