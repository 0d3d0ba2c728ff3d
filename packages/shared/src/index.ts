export const SHARED = 1;
