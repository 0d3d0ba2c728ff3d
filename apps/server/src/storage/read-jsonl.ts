import { readFile } from 'node:fs/promises';

/** A whole JSONL file of events (test samples: small by design); a bad line names its number. */
export async function readJsonlEvents(file: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(file, 'utf8');
  const events: Record<string, unknown>[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      throw new Error(`${file}:${i + 1}: ${(e as Error).message}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new Error(`${file}:${i + 1}: an event is a JSON object`);
    events.push(value as Record<string, unknown>);
  });
  return events;
}
