import type { FastifyInstance } from 'fastify';
import type { LiveHub } from '../live/live-hub.js';

/** The one live websocket: subscribe to sink results, metrics, edge taps and channels. */
export function liveRoute(app: FastifyInstance, hub: LiveHub): void {
  app.get(
    '/api/live',
    {
      websocket: true,
      schema: {
        tags: ['live'],
        summary: 'Websocket: the live protocol of @eventide/shared (protocol/live.ts)',
      },
    },
    (socket) => {
      hub.attach(socket);
    },
  );
}
