import type { PipelineTestResult, PreviewResult } from '@eventide/engine';
import type { PipelineDocument } from '@eventide/shared';
import { usePreviewStore } from '../stores/preview-store';
import { PREVIEW_ROWS_PER_PORT, type WorkerReply, type WorkerRequest } from './preview-protocol';

type Events = Record<string, Record<string, unknown>[]>;
/** A request before its sequence number is assigned. */
type Ask = WorkerRequest extends infer R ? (R extends { seq: number } ? Omit<R, 'seq'> : never) : never;

/**
 * The editor's engine worker. The live preview is latest-wins: a request made while one runs
 * waits, and only the newest waiting one is sent (an edit burst costs one extra run, not one per
 * keystroke); its replies land in the preview store with the time from request to result. Other
 * requests (a preview kept whole for a new test, the document's tests) are answered as promises.
 */
export class PreviewRunner {
  private worker: Worker | undefined;
  private seq = 0;
  private readonly pending = new Map<
    number,
    { type: WorkerRequest['type']; resolve: (reply: WorkerReply) => void }
  >();
  private live: { seq: number; requestedAt: number } | undefined;
  private waiting: { document: PipelineDocument; inspect: string[]; requestedAt: number } | undefined;

  /** The live preview of the open document (latest wins); `inspect`: the nodes inspectors show. */
  request(document: PipelineDocument, inspect: string[]): void {
    this.waiting = { document, inspect, requestedAt: performance.now() };
    if (!this.live) this.sendWaiting();
  }

  /** A preview of `document` on `samples` with up to `rowsPerPort` rows of every port. */
  async preview(document: PipelineDocument, samples: Events, rowsPerPort: number): Promise<PreviewResult> {
    const reply = await this.ask({ type: 'preview', document, samples, rowsPerPort });
    if (reply.type !== 'preview') throw new Error('the engine worker answered another question');
    return reply.result;
  }

  async tests(document: PipelineDocument): Promise<PipelineTestResult[]> {
    const reply = await this.ask({ type: 'tests', document });
    if (reply.type !== 'tests') throw new Error('the engine worker answered another question');
    return reply.results;
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.live = undefined;
    this.waiting = undefined;
    this.pending.clear();
  }

  private ask(request: Ask): Promise<WorkerReply> {
    const seq = ++this.seq;
    const message: WorkerRequest = { ...request, seq };
    return new Promise((resolve) => {
      this.pending.set(seq, { type: request.type, resolve });
      this.ensureWorker().postMessage(message);
    });
  }

  private sendWaiting(): void {
    const next = this.waiting;
    if (!next) return;
    this.waiting = undefined;
    const seq = ++this.seq;
    this.live = { seq, requestedAt: next.requestedAt };
    usePreviewStore.getState().started();
    const { samples } = usePreviewStore.getState();
    this.pending.set(seq, {
      type: 'preview',
      resolve: (reply) => {
        this.live = undefined;
        if (reply.type === 'preview')
          usePreviewStore
            .getState()
            .finished(reply.result, next.document, performance.now() - next.requestedAt, next.inspect);
        this.sendWaiting();
      },
    });
    const request: WorkerRequest = {
      seq,
      type: 'preview',
      document: next.document,
      samples,
      rowsPerPort: PREVIEW_ROWS_PER_PORT,
      inspect: next.inspect,
    };
    this.ensureWorker().postMessage(request);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./preview.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = ({ data }: MessageEvent<WorkerReply>) => {
      const waiter = this.pending.get(data.seq);
      this.pending.delete(data.seq);
      waiter?.resolve(data);
    };
    worker.onerror = (e) => {
      // Every question in flight gets a failed answer, so no promise and no live preview hangs.
      const failure = e.message || 'the engine worker failed';
      for (const [seq, { type, resolve }] of this.pending)
        resolve(
          type === 'tests'
            ? { seq, type, results: [{ name: 'the tests', passed: false, error: failure, outputs: [] }] }
            : { seq, type, result: { ok: false, failure } },
        );
      this.pending.clear();
      this.worker?.terminate();
      this.worker = undefined;
    };
    this.worker = worker;
    return worker;
  }
}

/** The one engine worker of the editor (created on first use). */
export const previewRunner = new PreviewRunner();
