import { MAX_PARALLELISM } from '@eventide/shared';
import type { ReplaySpeed } from '../connectors/file-replay-source.js';

export interface RunArgs {
  file: string;
  /** Source node id -> JSONL file replayed instead of it. */
  inputs: Record<string, string>;
  /** Sink node id -> JSONL file its results are written to. */
  outputs: Record<string, string>;
  speed: ReplaySpeed;
  /** eventide: the embedded engine; flink: the compiled Flink SQL on a local MiniCluster. */
  engine: 'eventide' | 'flink';
  /** --parallelism N|auto: instances of the keyed stages on worker threads (default: the document's setting). */
  parallelism?: number | 'auto';
}

export const RUN_USAGE =
  'usage: eventide run PIPELINE.json [--input NODE=FILE.jsonl]... [--output NODE=FILE.jsonl]... [--speed max|realtime|N] [--engine eventide|flink] [--parallelism N|auto]';

/** Parses `run` arguments; an Error's message says what is wrong. Accepts `--flag value` and `--flag=value`. */
export function parseRunArgs(args: string[]): RunArgs {
  const result: RunArgs = { file: '', inputs: {}, outputs: {}, speed: 'max', engine: 'eventide' };
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = eq > 0 ? arg.slice(eq + 1) : args[i + 1];
    if (eq < 0) i++;
    if (value === undefined) throw new Error(`${flag} needs a value`);
    switch (flag) {
      case '--input':
      case '--output': {
        const [node, file] = splitAssignment(flag, value);
        const map = flag === '--input' ? result.inputs : result.outputs;
        if (map[node] !== undefined) throw new Error(`${flag} ${node} given twice`);
        map[node] = file;
        break;
      }
      case '--speed':
        result.speed = parseSpeed(value);
        break;
      case '--engine':
        if (value !== 'eventide' && value !== 'flink')
          throw new Error(`--engine is eventide or flink, got "${value}"`);
        result.engine = value;
        break;
      case '--parallelism': {
        const n = Number(value);
        if (value !== 'auto' && !(Number.isInteger(n) && n >= 1 && n <= MAX_PARALLELISM))
          throw new Error(
            `--parallelism is a whole number from 1 to ${MAX_PARALLELISM} or auto, got "${value}"`,
          );
        result.parallelism = value === 'auto' ? 'auto' : n;
        break;
      }
      default:
        throw new Error(`unknown option ${flag}`);
    }
  }
  if (positional.length !== 1)
    throw new Error(
      positional.length ? `one pipeline file, got ${positional.length}` : 'which pipeline file?',
    );
  result.file = positional[0] as string;
  return result;
}

function splitAssignment(flag: string, value: string): [string, string] {
  const eq = value.indexOf('=');
  if (eq <= 0 || eq === value.length - 1) throw new Error(`${flag} expects NODE=PATH, got "${value}"`);
  return [value.slice(0, eq), value.slice(eq + 1)];
}

function parseSpeed(value: string): ReplaySpeed {
  if (value === 'max' || value === 'realtime') return value;
  const n = Number(value.replace(/x$/i, ''));
  if (!Number.isFinite(n) || n <= 0)
    throw new Error(`--speed is max, realtime or a positive factor N, got "${value}"`);
  return n;
}
