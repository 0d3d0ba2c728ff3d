/** Splits one CSV record (RFC 4180 quoting within the line). Throws on an unterminated quote. */
export function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let cell = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) throw new Error('unterminated quoted field (fields spanning lines are not supported)');
        cell += line.slice(i, q);
        if (line[q + 1] === '"') {
          cell += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      cells.push(cell);
      if (i >= line.length) return cells;
      if (line[i] !== ',') throw new Error(`unexpected character after a quoted field at column ${i + 1}`);
      i++;
    } else {
      const comma = line.indexOf(',', i);
      if (comma < 0) {
        cells.push(line.slice(i));
        return cells;
      }
      cells.push(line.slice(i, comma));
      i = comma + 1;
    }
  }
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** A CSV cell as JSON: numbers and booleans typed, empty cells null, the rest strings. */
export function csvValue(cell: string): unknown {
  if (cell === '') return null;
  if (NUMBER.test(cell)) return Number(cell);
  if (cell === 'true') return true;
  if (cell === 'false') return false;
  return cell;
}

/** One CSV record as an event, keyed by the header. */
export function csvRecord(header: string[], line: string): Record<string, unknown> {
  const cells = splitCsvLine(line);
  if (cells.length !== header.length)
    throw new Error(`expected ${header.length} fields (as the header), got ${cells.length}`);
  const event: Record<string, unknown> = {};
  header.forEach((name, i) => {
    // an own property even for "__proto__" (an assignment would set the prototype), so that
    // checkEvent sees and refuses it instead of the field silently vanishing
    Object.defineProperty(event, name, {
      value: csvValue(cells[i] ?? ''),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  });
  return event;
}
