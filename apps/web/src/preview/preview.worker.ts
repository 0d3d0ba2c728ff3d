import { previewRun } from '@eventide/engine';
import {
  PREVIEW_GENERATOR_EVENTS,
  PREVIEW_ROWS_PER_PORT,
  type PreviewReply,
  type PreviewRequest,
} from './preview-protocol';

/** The worker's side of the message port (the app's TypeScript lib is DOM's, not WebWorker's). */
const port = globalThis as unknown as {
  onmessage: (e: MessageEvent<PreviewRequest>) => void;
  postMessage: (reply: PreviewReply) => void;
};

// The engine runs here, off the editor's thread: a long preview never freezes the canvas.
port.onmessage = async ({ data }) => {
  const result = await previewRun(data.document, {
    samples: data.samples,
    generatorEvents: PREVIEW_GENERATOR_EVENTS,
    rowsPerPort: PREVIEW_ROWS_PER_PORT,
  });
  port.postMessage({ seq: data.seq, result });
};
