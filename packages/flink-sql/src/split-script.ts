/**
 * Splits a compiled script into statements at semicolons outside string literals, quoted
 * identifiers and comments (comments are dropped). An EXECUTE STATEMENT SET BEGIN ... END block
 * stays one statement. The SQL Gateway takes one statement per request; the Java runner
 * (ScriptSplitter.java) splits the same way.
 */
export function splitScript(script: string): string[] {
  const pieces: string[] = [];
  let cur = '';
  const flush = () => {
    const s = cur.trim();
    if (s) pieces.push(s);
    cur = '';
  };
  for (let i = 0; i < script.length; i++) {
    const c = script[i];
    if (c === '-' && script[i + 1] === '-') {
      while (i < script.length && script[i] !== '\n') i++;
      cur += '\n';
    } else if (c === "'" || c === '`') {
      // A quote inside is doubled ('it''s', `a``b`).
      let j = i + 1;
      for (; j < script.length; j++) {
        if (script[j] !== c) continue;
        if (script[j + 1] === c) j++;
        else break;
      }
      cur += script.slice(i, j + 1);
      i = j;
    } else if (c === ';') flush();
    else cur += c;
  }
  flush();
  const out: string[] = [];
  let block: string | undefined;
  for (const p of pieces) {
    if (block === undefined && /^EXECUTE\s+STATEMENT\s+SET\s+BEGIN\b/i.test(p)) block = `${p};\n`;
    else if (block !== undefined) {
      if (/^END$/i.test(p)) {
        out.push(`${block}END`);
        block = undefined;
      } else block += `${p};\n`;
    } else out.push(p);
  }
  if (block !== undefined) throw new Error('EXECUTE STATEMENT SET without END');
  return out;
}
