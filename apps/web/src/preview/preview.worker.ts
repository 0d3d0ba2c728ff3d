import { previewRun, runPipelineTests } from '@eventide/engine';
import {
  PREVIEW_GENERATOR_EVENTS,
  PREVIEW_INPUT_ROWS,
  type WorkerReply,
  type WorkerRequest,
} from './preview-protocol';

/** The worker's side of the message port (the app's TypeScript lib is DOM's, not WebWorker's). */
const port = globalThis as unknown as {
  onmessage: (e: MessageEvent<WorkerRequest>) => void;
  postMessage: (reply: WorkerReply) => void;
};

// The engine runs here, off the editor's thread: a long preview or test never freezes the canvas.
port.onmessage = async ({ data }) => {
  switch (data.type) {
    case 'preview': {
      const inspected = (id: string) => !data.inspect || data.inspect.includes(id);
      port.postMessage({
        seq: data.seq,
        type: 'preview',
        result: await previewRun(data.document, {
          samples: data.samples,
          generatorEvents: PREVIEW_GENERATOR_EVENTS,
          rowsPerPort: data.rowsPerPort,
          inputRowsPerNode: Math.max(data.rowsPerPort, PREVIEW_INPUT_ROWS),
          // Rows and state only where an inspector looks: recording and copying the rest is the
          // larger part of an edit's wait.
          ...(data.inspect ? { inputRowsOf: data.inspect } : {}),
          // The CEP inspector lists the partial matches each pattern still holds at the end.
          stateOf: data.document.nodes
            .filter((n) => n.kind === 'cep.pattern' && inspected(n.id))
            .map((n) => n.id),
        }),
      });
      break;
    }
    case 'tests':
      port.postMessage({ seq: data.seq, type: 'tests', results: await runPipelineTests(data.document) });
      break;
  }
};
