import { ingestKind } from './ingest.js';

export const httpIngest = ingestKind(
  'source.http-ingest',
  'HTTP ingest',
  'Events POSTed to /api/ingest/<pipeline>/<node> as a JSON object, a JSON array or NDJSON. A full queue answers 429 with Retry-After; accepted events are never dropped.',
);
