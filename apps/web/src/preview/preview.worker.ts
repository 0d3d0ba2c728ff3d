import { previewRun, runPipelineTests } from '@eventide/engine';
import { PREVIEW_GENERATOR_EVENTS, type WorkerReply, type WorkerRequest } from './preview-protocol';

/** The worker's side of the message port (the app's TypeScript lib is DOM's, not WebWorker's). */
const port = globalThis as unknown as {
  onmessage: (e: MessageEvent<WorkerRequest>) => void;
  postMessage: (reply: WorkerReply) => void;
};

// The engine runs here, off the editor's thread: a long preview or test never freezes the canvas.
port.onmessage = async ({ data }) => {
  switch (data.type) {
    case 'preview':
      port.postMessage({
        seq: data.seq,
        type: 'preview',
        result: await previewRun(data.document, {
          samples: data.samples,
          generatorEvents: PREVIEW_GENERATOR_EVENTS,
          rowsPerPort: data.rowsPerPort,
        }),
      });
      break;
    case 'tests':
      port.postMessage({ seq: data.seq, type: 'tests', results: await runPipelineTests(data.document) });
      break;
  }
};
