import type { PreviewResult } from '@eventide/engine';
import type { PipelineDocument } from '@eventide/shared';
import { create } from 'zustand';

type Event = Record<string, unknown>;

/** Sample events of a source, and where they came from ("pasted", "sensors.jsonl"). */
export interface SourceSample {
  events: Event[];
  origin: string;
}

export interface PreviewState {
  /** The preview runs on every edit while open. */
  open: boolean;
  running: boolean;
  result: PreviewResult | null;
  /** The document the latest result is for. */
  resultFor: PipelineDocument | null;
  /** The nodes whose input rows and state the latest result holds (those selected when it ran). */
  inspected: string[];
  /** From the request to the result on screen's data, in ms (the edit-to-update latency). */
  lastLatencyMs: number | null;
  samples: Record<string, Event[]>;
  sampleOrigins: Record<string, string>;
  setOpen: (open: boolean) => void;
  setSample: (nodeId: string, sample: SourceSample | null) => void;
  started: () => void;
  finished: (result: PreviewResult, doc: PipelineDocument, latencyMs: number, inspected: string[]) => void;
}

export const usePreviewStore = create<PreviewState>()((set, get) => ({
  open: false,
  running: false,
  result: null,
  resultFor: null,
  inspected: [],
  lastLatencyMs: null,
  samples: {},
  sampleOrigins: {},
  setOpen: (open) => set({ open }),
  setSample: (nodeId, sample) => {
    const samples = { ...get().samples };
    const sampleOrigins = { ...get().sampleOrigins };
    if (sample) {
      samples[nodeId] = sample.events;
      sampleOrigins[nodeId] = sample.origin;
    } else {
      delete samples[nodeId];
      delete sampleOrigins[nodeId];
    }
    set({ samples, sampleOrigins });
  },
  started: () => set({ running: true }),
  finished: (result, resultFor, lastLatencyMs, inspected) =>
    set({ running: false, result, resultFor, lastLatencyMs, inspected }),
}));
