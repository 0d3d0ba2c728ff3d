import { EventList } from '../inspector/EventList';

export function EventLogPanel({ events, maxEvents }: { events: readonly unknown[]; maxEvents: number }) {
  return (
    <div className="event-log" data-testid="event-log">
      <EventList events={events.slice(-maxEvents).reverse()} emptyText="No events yet." />
    </div>
  );
}
