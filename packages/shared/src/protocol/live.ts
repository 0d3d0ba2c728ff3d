import { z } from 'zod';
import type { RunMetrics, RunState } from './metrics.js';

/**
 * The /api/live websocket protocol. Every message is a JSON object with `type`; a client first
 * receives `welcome` with the protocol version and must speak that version (`v`).
 */
export const LIVE_PROTOCOL_VERSION = 1 as const;

const subId = z.string().min(1).max(64);

/** A tap filter is a short CEL condition typed by hand. */
export const TAP_FILTER_MAX_CHARS = 500;

export const LiveTopicSchema = z.discriminatedUnion('kind', [
  /** Results of one sink node of a run (dashboard panels, console, file...). */
  z.object({ kind: z.literal('sink'), run: z.string(), node: z.string() }),
  /** The run's node metrics, pushed about once a second. */
  z.object({ kind: z.literal('metrics'), run: z.string() }),
  /** Sampled events flowing on one edge; with `filter`, only those for which the CEL condition holds. */
  z.object({
    kind: z.literal('tap'),
    run: z.string(),
    edge: z.string(),
    filter: z.string().max(TAP_FILTER_MAX_CHARS).optional(),
  }),
  /** A websocket-out node's public channel. */
  z.object({ kind: z.literal('channel'), channel: z.string() }),
]);
export type LiveTopic = z.infer<typeof LiveTopicSchema>;

export const ClientMessageSchema = z.discriminatedUnion('type', [
  z.object({
    v: z.literal(LIVE_PROTOCOL_VERSION),
    type: z.literal('subscribe'),
    sub: subId,
    topic: LiveTopicSchema,
  }),
  z.object({ v: z.literal(LIVE_PROTOCOL_VERSION), type: z.literal('unsubscribe'), sub: subId }),
  z.object({ v: z.literal(LIVE_PROTOCOL_VERSION), type: z.literal('ping') }),
]);
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

export type ServerMessage =
  | { type: 'welcome'; v: typeof LIVE_PROTOCOL_VERSION }
  /** Sink results; `replay` marks the latest results sent on subscribe. */
  | { type: 'result'; sub: string; run: string; node: string; events: unknown[]; replay?: boolean }
  | { type: 'metrics'; sub: string; metrics: RunMetrics }
  | { type: 'tap'; sub: string; run: string; edge: string; events: unknown[] }
  | { type: 'channel'; sub: string; channel: string; events: unknown[] }
  | {
      type: 'run-state';
      sub: string;
      run: string;
      state: RunState;
      error?: string;
      /** RunInfo.warnings */
      warnings?: string[];
    }
  | { type: 'error'; sub?: string; code: string; message: string }
  /** Something the client should know: e.g. `conflated` when it read too slowly and updates were merged. */
  | { type: 'notice'; sub?: string; code: 'conflated' | 'closing-slow-client' | 'run-ended'; message: string }
  | { type: 'pong' };
