export { carryOverSnapshot } from './checkpoint/carry-over.js';
export {
  type CompiledNode,
  type CompiledPipeline,
  compilePipeline,
  type ExecPlan,
  InvalidPipelineError,
} from './compiler/compile.js';
export { typedNode } from './compiler/typed-node.js';
export * from './expr/index.js';
export type {
  BatchListener,
  CompileOptions,
  PipelineRun,
  RunEnd,
  RunOptions,
  RunSnapshot,
  Sink,
  SinkFactory,
  Source,
  SourceFactory,
  SourcePoll,
  SourceSnapshot,
  StepResult,
  TapOptions,
} from './host.js';
export {
  createOperator,
  ENGINE_SOURCES,
  HOST_PROVIDED_KINDS,
  isOperatorKind,
  OPERATORS,
  type OperatorKind,
  STAGES,
} from './operators/registry.js';
export type { EventBatch } from './operators/transform/micro-batch.js';
export type { StatelessStage } from './operators/transform/stage.js';
export { type ChunkClaimer, ChunkClaims } from './parallel/chunk-claims.js';
export { ExchangeIn, type ExchangeMessage, ExchangeOut } from './parallel/exchange.js';
export { keyRouter, murmur3 } from './parallel/key-hash.js';
export { type LocalParallelOptions, LocalParallelRun } from './parallel/local-parallel-run.js';
export {
  CheckpointCollector,
  checkRestorable,
  isParallelSnapshot,
  type ParallelSnapshot,
} from './parallel/parallel-snapshot.js';
export {
  type Exchange,
  type ParallelPlan,
  planParallel,
  resolveParallelism,
  type Stage,
} from './parallel/plan.js';
export { type InstanceHost, StageInstance, type StageRunOptions } from './parallel/stage-instance.js';
export {
  CEP_STATE_LIMITS,
  type CepStateLimits,
  cepStateView,
} from './preview/cep-state-view.js';
export {
  type KeyPartialMatches,
  type OpenPartialMatch,
  openPartialMatches,
} from './preview/open-partial-matches.js';
export {
  type PortPreview,
  type PreviewOptions,
  type PreviewResult,
  previewRun,
  type WatermarkTrace,
} from './preview/preview-run.js';
export {
  defineOperator,
  type Event,
  type KindNode,
  type KindOperatorFactory,
  type Operator,
  type OperatorContext,
  type OperatorFactory,
  type OperatorNode,
} from './runtime/operator.js';
export { createRun } from './runtime/run.js';
export { type BoundedResult, type RunBoundedOptions, runBounded } from './runtime/run-bounded.js';
export { SPLIT, splitOf, tagSplit } from './runtime/split.js';
export { type CollectingSink, createCollectingSink } from './sinks/collecting.js';
export { createGeneratorSource, type GeneratorParams } from './sources/generator.js';
export { createMemorySource } from './sources/memory.js';
export { draw, drawInt } from './sources/prng.js';
export { createQueueSource, type OfferResult, type QueueSource } from './sources/queue.js';
export { describeTestResult } from './testing/describe-test-result.js';
export { type ChangedRow, diffRows, type FieldChange, type RowDiff } from './testing/row-diff.js';
export {
  type OutputResult,
  type PipelineTestOptions,
  type PipelineTestResult,
  runPipelineTest,
  runPipelineTests,
  TEST_CLOCK_MS,
} from './testing/run-pipeline-tests.js';
