import { z } from 'zod';
import { DEFAULT_EVENT_LIMITS } from '../events/check-event.js';
import { PipelineTestSchema } from './pipeline-tests.js';

/** Node and edge ids: short, URL- and file-name-safe, so they can name ports, channels and files. */
export const IdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'use letters, digits, "-" and "_", starting with a letter or digit');

export const PositionSchema = z.object({ x: z.number(), y: z.number() });

export const MicroBatchSettingsSchema = z.object({
  maxEvents: z.number().int().min(1).max(100_000).default(512),
  maxDelayMs: z.number().int().min(0).max(60_000).default(20),
});

/** What every entrance refuses (see events/check-event.ts); bad events get a 4xx or an error count. */
export const EventLimitsSchema = z.object({
  maxEventBytes: z
    .number()
    .int()
    .min(64)
    .max(64 * 1024 * 1024)
    .default(DEFAULT_EVENT_LIMITS.maxEventBytes)
    .meta({ description: 'Largest event accepted, as its approximate JSON length.' }),
  maxDepth: z
    .number()
    .int()
    .min(1)
    .max(256)
    .default(DEFAULT_EVENT_LIMITS.maxDepth)
    .meta({ description: 'Deepest nesting of objects and lists accepted; the event itself is level 1.' }),
});

/** The most instances settings.parallelism asks for (and "auto" resolves to, on a bigger host). */
export const MAX_PARALLELISM = 64;

export const SettingsSchema = z.object({
  microBatch: MicroBatchSettingsSchema.default({ maxEvents: 512, maxDelayMs: 20 }),
  checkpointIntervalMs: z.number().int().min(0).max(3_600_000).default(5000),
  /** Upper bound on the processing time between two watermarks of a source. */
  watermarkIntervalMs: z.number().int().min(1).max(60_000).default(200),
  limits: EventLimitsSchema.default({ ...DEFAULT_EVENT_LIMITS }),
  /** The server fails a run whose operator holds one batch (or watermark, or tick) longer than this. */
  stallTimeoutMs: z.number().int().min(100).max(3_600_000).default(10_000),
  /**
   * Instances of the keyed parts of the graph, each in its own worker thread; "auto" = the host's
   * cores. Absent = 1 (kept optional so that documents written before it stay canonical).
   */
  parallelism: z
    .union([z.number().int().min(1).max(MAX_PARALLELISM), z.literal('auto')])
    .optional()
    .meta({ description: 'Instances of the keyed parts of the graph (worker threads); "auto" = cores.' }),
});

export const NodeSchema = z.object({
  id: IdSchema,
  kind: z.string().min(1),
  label: z.string().max(120).optional(),
  params: z.record(z.string(), z.unknown()).default({}),
});

export const EdgeSchema = z.object({
  id: IdSchema,
  source: z.string(),
  sourcePort: z.string().default('out'),
  target: z.string(),
  targetPort: z.string().default('in'),
});

export const PanelSchema = z.object({
  node: z.string(),
  x: z.number().int().min(0).default(0),
  y: z.number().int().min(0).default(0),
  w: z.number().int().min(1).max(12).default(6),
  h: z.number().int().min(1).max(24).default(4),
});

export const DashboardSchema = z.object({ panels: z.array(PanelSchema).default([]) });

/**
 * Where things are drawn, apart from what the pipeline computes: moving a node changes one line of
 * `positions` and nothing in `nodes`, so diffs and merges of logic ignore layout.
 */
export const LayoutSchema = z.object({
  /** Canvas position per node id; a node left out is drawn at (0, 0). */
  positions: z.record(z.string(), PositionSchema).default({}),
  dashboard: DashboardSchema.default({ panels: [] }),
});

/** Version 2 moved node positions and the dashboard into `layout` (migration in load.ts). */
export const CURRENT_VERSION = 2 as const;

export const PipelineDocumentSchema = z.object({
  version: z.literal(CURRENT_VERSION),
  name: z.string().min(1).max(200),
  description: z.string().max(4000).optional(),
  settings: SettingsSchema.default(SettingsSchema.parse({})),
  nodes: z.array(NodeSchema),
  edges: z.array(EdgeSchema).default([]),
  layout: LayoutSchema.default({ positions: {}, dashboard: { panels: [] } }),
  /**
   * The params version of each kind the nodes were written at (tldraw-style per-kind versions); a
   * kind left out is at version 1. loadDocument migrates older params and records the current ones.
   */
  kindVersions: z.record(z.string(), z.number().int().min(1)).optional(),
  /** Input samples and expected outputs, run by `eventide test`, the editor and CI. */
  tests: z.array(PipelineTestSchema).max(200).optional(),
});

export type PipelineDocument = z.infer<typeof PipelineDocumentSchema>;
export type PipelineDocumentInput = z.input<typeof PipelineDocumentSchema>;
export type PipelineNode = z.infer<typeof NodeSchema>;
export type PipelineEdge = z.infer<typeof EdgeSchema>;
export type PipelineSettings = z.infer<typeof SettingsSchema>;
export type DashboardPanel = z.infer<typeof PanelSchema>;
export type PipelineLayout = z.infer<typeof LayoutSchema>;
export type Position = z.infer<typeof PositionSchema>;
