import type { PipelineDocument } from '@eventide/shared';
import { usePreviewStore } from '../stores/preview-store';
import type { PreviewReply, PreviewRequest } from './preview-protocol';

/**
 * Sends the open document to the preview worker. One run at a time: a request made while one runs
 * waits, and only the newest waiting one is sent (an edit burst costs one extra run, not one per
 * keystroke). Replies land in the preview store with the time from request to result.
 */
export class PreviewRunner {
  private worker: Worker | undefined;
  private seq = 0;
  private running: { seq: number; requestedAt: number; document: PipelineDocument } | undefined;
  private waiting: { document: PipelineDocument; requestedAt: number } | undefined;

  request(document: PipelineDocument): void {
    this.waiting = { document, requestedAt: performance.now() };
    if (!this.running) this.sendWaiting();
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.running = undefined;
    this.waiting = undefined;
  }

  private sendWaiting(): void {
    const next = this.waiting;
    if (!next) return;
    this.waiting = undefined;
    const seq = ++this.seq;
    this.running = { seq, requestedAt: next.requestedAt, document: next.document };
    usePreviewStore.getState().started();
    const request: PreviewRequest = {
      seq,
      document: next.document,
      samples: usePreviewStore.getState().samples,
    };
    this.ensureWorker().postMessage(request);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./preview.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = ({ data }: MessageEvent<PreviewReply>) => {
      const running = this.running;
      if (!running || data.seq !== running.seq) return;
      this.running = undefined;
      usePreviewStore
        .getState()
        .finished(data.result, running.document, performance.now() - running.requestedAt);
      this.sendWaiting();
    };
    worker.onerror = (e) => {
      const running = this.running;
      this.running = undefined;
      if (running)
        usePreviewStore
          .getState()
          .finished({ ok: false, failure: e.message || 'the preview worker failed' }, running.document, 0);
      this.worker?.terminate();
      this.worker = undefined;
      this.sendWaiting();
    };
    this.worker = worker;
    return worker;
  }
}
