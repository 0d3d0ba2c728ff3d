// The entry of a run's worker when the server runs from its TypeScript sources: Node 20 workers
// ignore `--import tsx` in execArgv, so tsx is registered here before run-worker.ts loads.
import { register } from 'tsx/esm/api';

register();
await import('./run-worker.ts');
