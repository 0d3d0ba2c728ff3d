import type { StateFate } from '@eventide/shared';
import { create } from 'zustand';

/** The plan of "Apply to running" waiting for the user's confirmation (ApplyDialog). */
interface ApplyState {
  plan: StateFate[] | null;
  ask(plan: StateFate[]): void;
  close(): void;
}

export const useApplyStore = create<ApplyState>((set) => ({
  plan: null,
  ask: (plan) => set({ plan }),
  close: () => set({ plan: null }),
}));
