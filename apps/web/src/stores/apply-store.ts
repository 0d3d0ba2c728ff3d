import type { StateFate } from '@eventide/shared';
import { create } from 'zustand';

/** The plan of "Apply to running" waiting for the user's confirmation (ApplyDialog). */
interface ApplyState {
  plan: StateFate[] | null;
  /** An apply is on its way: the old run stops before the new one is attached, which is no "stopped". */
  applying: boolean;
  setApplying(applying: boolean): void;
  ask(plan: StateFate[]): void;
  close(): void;
}

export const useApplyStore = create<ApplyState>((set) => ({
  plan: null,
  applying: false,
  setApplying: (applying) => set({ applying }),
  ask: (plan) => set({ plan }),
  close: () => set({ plan: null }),
}));
