// The entry of a parallel run's worker when running from TypeScript sources: Node 20 workers ignore
// `--import tsx` in execArgv, so tsx is registered here before parallel-worker.ts loads.
import { register } from 'tsx/esm/api';

register();
await import('./parallel-worker.ts');
