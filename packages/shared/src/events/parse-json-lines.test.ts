import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonLineBlock, parseJsonLines } from './parse-json-lines.js';

/** What a call per line gives: the values, or undefined when some line is not one JSON value. */
function perLine(lines: string[]): unknown[] | undefined {
  try {
    return lines.map((l) => JSON.parse(l));
  } catch {
    return undefined;
  }
}

/**
 * Lines made of JSON fragments (and `extra` ones), most starting as an object does: the case the
 * single call is tried on.
 */
function fragmentLine(...extra: string[]) {
  const fragment = fc.constantFrom(
    '{',
    '}',
    '"a":',
    '"b"',
    '1',
    ',',
    '{"v":',
    '"',
    '\\"',
    ' ',
    '[',
    ']',
    'null',
    ...extra,
  );
  return fc
    .tuple(fc.constantFrom('{', '{', '{', ''), fc.array(fragment, { minLength: 1, maxLength: 8 }))
    .map(([head, parts]) => head + parts.join(''));
}

describe('parseJsonLines', () => {
  it('parses lines of objects in one call, as a call per line would', () => {
    const lines = ['{"a":1,"s":"x,y}{"}', '{ "b" : {"c": null} }\r', '{"u":"\\u005b\\n"}'];
    expect(parseJsonLines(lines)).toEqual(perLine(lines));
  });

  it('gives nothing for lines that only parse when joined, or hold two values, or are not objects', () => {
    for (const lines of [
      ['{"a":{"b":1', '{"c":2}}}'],
      // A line left inside an array or a string swallows the next, and one holding two values makes up the count.
      ['{"a":[1', '{"c":2}]}', '{"d":1},{"e":2}'],
      ['{"a":"x', '{"}', '{"d":1},{"e":2}'],
      ['{"a":[1', '2]}'],
      ['{"a":1},{"b":2}', '{"c":3'],
      ['{"a":"', '"}'],
      ['{"a":1}', ''],
      ['{"a":1}', ' {"b":2}'],
      ['1', '{"a":1}'],
      ['{"a":1}, {"b":2}'],
      ['{"a":1} {"b":2}'],
    ])
      expect(parseJsonLines(lines), JSON.stringify(lines)).toBeUndefined();
  });

  it('never gives values a call per line would not (lines made of JSON fragments)', () => {
    const line = fragmentLine();
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 6 }), (lines) => {
        const batch = parseJsonLines(lines);
        if (batch !== undefined) expect(batch).toEqual(perLine(lines));
      }),
      { numRuns: 20_000 },
    );
  });
});

describe('parseJsonLineBlock', () => {
  it('parses lines held as one string, CRLF included, as a call per line would', () => {
    const lines = ['{"a":1,"s":"x,y}{"}', '{ "b" : {"c": null} }\r', '{"u":"\\u005b\\n"}\r'];
    expect(parseJsonLineBlock(lines.join('\n'), 3)).toEqual(perLine(lines.map((l) => l.replace(/\r$/, ''))));
    expect(parseJsonLineBlock('', 0)).toEqual([]);
  });

  it('gives nothing when a line count is wrong, a line is blank or is not an object, or a string spans lines', () => {
    for (const [block, count] of [
      ['{"a":1}\n{"b":2}', 1],
      ['{"a":1},{"b":2}', 2],
      ['{"a":1}\n', 2],
      ['{"a":1}\n\n{"b":2}', 3],
      ['{"a":1}\n\r', 2],
      ['{"a":"x\r\n"}', 2],
      ['{"a":[1]}', 1],
      ['\uFEFF{"a":1}', 1],
    ] as const)
      expect(parseJsonLineBlock(block, count), JSON.stringify(block)).toBeUndefined();
  });

  it('never gives values a call per line would not, and gives them whenever parseJsonLines does', () => {
    const line = fragmentLine('\r');
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 6 }), (lines) => {
        const block = parseJsonLineBlock(lines.join('\n'), lines.length);
        // What the line reader hands to a per-line parse: the line without a "\r" before its newline.
        const cut = lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
        if (block !== undefined) expect(block).toEqual(perLine(cut));
        if (lines.every((l) => !l.includes('\r')) && parseJsonLines(lines) !== undefined)
          expect(block).toEqual(parseJsonLines(lines));
      }),
      { numRuns: 20_000 },
    );
  });
});
