import type { FlinkDeployment, FlinkTarget } from '@eventide/shared';
import { create } from 'zustand';

/** The "Deploy to Flink" dialog and the deployment whose job the canvas and dashboard follow. */
export interface FlinkState {
  dialogOpen: boolean;
  /** The target fields of the dialog (filled from the server's defaults, then as last used). */
  target: FlinkTarget | null;
  deploying: boolean;
  /** Why the last deploy failed (Flink's message, or the server's reason). */
  error: string | null;
  /** The followed deployment, its state as last polled. */
  deployment: FlinkDeployment | null;
  cancelling: boolean;
  openDialog: () => void;
  closeDialog: () => void;
  setTarget: (target: FlinkTarget) => void;
  set: (patch: Partial<Pick<FlinkState, 'deploying' | 'error' | 'deployment' | 'cancelling'>>) => void;
}

export const useFlinkStore = create<FlinkState>()((set) => ({
  dialogOpen: false,
  target: null,
  deploying: false,
  error: null,
  deployment: null,
  cancelling: false,
  openDialog: () => set({ dialogOpen: true, error: null }),
  closeDialog: () => set({ dialogOpen: false }),
  setTarget: (target) => set({ target }),
  set: (patch) => set(patch),
}));
