import { z } from 'zod';
import type { FieldType } from '../../expr/field-schema.js';
import { durationMs } from '../params.js';
import { out } from '../ports.js';
import { closedSchema } from '../stream.js';
import { defineKind } from '../types.js';

export const GENERATOR_PRESETS = ['sensors', 'logins', 'clicks', 'trades', 'nexmark'] as const;
export type GeneratorPreset = (typeof GENERATOR_PRESETS)[number];

/**
 * Nexmark's three event types (nexmark/nexmark): one stream, told apart by `type`; `dateTime` is the
 * event time in epoch milliseconds, prices are in cents.
 */
export const NEXMARK_FIELDS = {
  person: {
    type: 'string',
    id: 'number',
    name: 'string',
    emailAddress: 'string',
    creditCard: 'string',
    city: 'string',
    state: 'string',
    dateTime: 'number',
    extra: 'string',
  },
  auction: {
    type: 'string',
    id: 'number',
    itemName: 'string',
    description: 'string',
    initialBid: 'number',
    reserve: 'number',
    dateTime: 'number',
    expires: 'number',
    seller: 'number',
    category: 'number',
    extra: 'string',
  },
  bid: {
    type: 'string',
    auction: 'number',
    bidder: 'number',
    price: 'number',
    channel: 'string',
    url: 'string',
    dateTime: 'number',
    extra: 'string',
  },
} as const satisfies Record<'person' | 'auction' | 'bid', Record<string, FieldType>>;

/** The fields each preset emits; `ts` (nexmark: `dateTime`) is the event time in epoch milliseconds. */
export const GENERATOR_FIELDS: Record<GeneratorPreset, Record<string, FieldType>> = {
  sensors: { sensor: 'string', temperature: 'number', humidity: 'number', ts: 'number' },
  logins: { user: 'string', type: 'string', ip: 'string', ts: 'number' },
  clicks: { user: 'string', page: 'string', referrer: 'string', ts: 'number' },
  trades: { symbol: 'string', price: 'number', volume: 'number', side: 'string', ts: 'number' },
  // Every field of the three types; an event has those of its `type`.
  nexmark: { ...NEXMARK_FIELDS.person, ...NEXMARK_FIELDS.auction, ...NEXMARK_FIELDS.bid },
};

export const generator = defineKind({
  kind: 'source.generator',
  category: 'source',
  label: 'Generator',
  description:
    'Synthetic events from a preset (sensors, logins, clicks, trades, or nexmark: persons, auctions and bids 1 : 3 : 46 in one stream, told apart by `type`, as the nexmark/nexmark generator makes them). Deterministic for a seed: the same parameters give the same events, times and disorder.',
  params: z.object({
    preset: z.enum(GENERATOR_PRESETS).default('sensors'),
    ratePerSec: z
      .number()
      .min(0.1)
      .max(10_000_000)
      .default(100)
      .meta({ description: 'Events per second of event time.' }),
    keyCardinality: z
      .number()
      .int()
      .min(1)
      .max(10_000_000)
      .default(10)
      .meta({ description: 'Distinct keys (sensors, users, symbols); nexmark has its own id scheme.' }),
    maxOutOfOrdernessMs: durationMs({
      description: 'Events arrive up to this much later than their event time order.',
    }).default(0),
    seed: z.number().int().default(1),
    limit: z
      .number()
      .int()
      .min(0)
      .default(0)
      .meta({ description: 'Stop after this many events; 0 = unbounded.' }),
    startTime: z
      .number()
      .int()
      .min(0)
      .default(1_700_000_000_000)
      .meta({ description: 'Event time of the first event (epoch ms).' }),
    failureRate: z
      .number()
      .min(0)
      .max(1)
      .default(0.3)
      .meta({ description: 'logins: share of failed attempts.' }),
    pacing: z
      .enum(['realtime', 'max'])
      .default('realtime')
      .meta({ description: 'realtime: emit at ratePerSec of wall-clock time; max: as fast as possible.' }),
  }),
  inputs: () => [],
  outputs: () => [out()],
  inferOutputs: (p) => ({
    out: { schema: closedSchema(GENERATOR_FIELDS[p.preset]), key: null, eventTime: false },
  }),
});

/** The params of generator as the catalog parses them (defaults filled). */
export type GeneratorParams = z.output<typeof generator.params>;
