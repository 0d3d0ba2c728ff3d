import { ingestKind } from './ingest.js';

export const websocketIngest = ingestKind(
  'source.websocket-ingest',
  'WebSocket ingest',
  'Events sent as JSON messages to the websocket /api/ingest/<pipeline>/<node>/ws.',
);
