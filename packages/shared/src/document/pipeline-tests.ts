import { z } from 'zod';

/**
 * Tests a document carries with it: input events per source node and the output expected per sink
 * (or per "node.port" for late, error and timeout ports). `eventide test`, the editor and CI run
 * them on the engine, so a pipeline's behaviour is pinned next to the pipeline itself.
 */

const EventSchema = z.record(z.string(), z.unknown());

/** Events inline, or a JSONL file (relative to the data directory on the server, to the document for the CLI). */
export const TestEventsSchema = z.union([
  z.object({ events: z.array(EventSchema).max(100_000) }).strict(),
  z.object({ file: z.string().min(1).max(500) }).strict(),
]);

export const TestExpectationSchema = z
  .object({
    /** exact: same rows in the same order; unordered: same rows in any order (a multiset). */
    match: z.enum(['exact', 'unordered']).default('exact'),
    /** Numbers equal when |a - b| <= tolerance * max(|a|, |b|); 0 compares exactly. */
    tolerance: z.number().min(0).max(1).default(0),
  })
  .and(TestEventsSchema);

export const PipelineTestSchema = z.object({
  name: z.string().min(1).max(200),
  /** Source node id -> its input. A source without one runs as declared (a bounded generator). */
  inputs: z.record(z.string(), TestEventsSchema).default({}),
  /** Sink node id, or "node.port" of a late/error/timeout port -> what it must receive. */
  expect: z.record(z.string(), TestExpectationSchema),
});

export type TestEvents = z.infer<typeof TestEventsSchema>;
export type TestExpectation = z.infer<typeof TestExpectationSchema>;
export type PipelineTest = z.infer<typeof PipelineTestSchema>;
export type PipelineTestInput = z.input<typeof PipelineTestSchema>;
