package dev.eventide.flink;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a Flink SQL script into statements at semicolons outside string literals, quoted
 * identifiers and comments. An EXECUTE STATEMENT SET BEGIN ... END block stays one statement.
 */
final class ScriptSplitter {
  private ScriptSplitter() {}

  static List<String> split(String script) {
    List<String> pieces = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    int n = script.length();
    for (int i = 0; i < n; i++) {
      char c = script.charAt(i);
      if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
        while (i < n && script.charAt(i) != '\n') i++;
        cur.append('\n');
        continue;
      }
      if (c == '\'' || c == '`') {
        cur.append(c);
        for (i++; i < n; i++) {
          char d = script.charAt(i);
          cur.append(d);
          if (d == c) {
            if (i + 1 < n && script.charAt(i + 1) == c) {
              cur.append(c);
              i++;
            } else break;
          }
        }
        continue;
      }
      if (c == ';') {
        add(pieces, cur);
        continue;
      }
      cur.append(c);
    }
    add(pieces, cur);
    // Re-join statement-set blocks: BEGIN opens, a piece that is just END closes.
    List<String> out = new ArrayList<>();
    StringBuilder block = null;
    for (String p : pieces) {
      if (block == null && p.toUpperCase().matches("(?s)EXECUTE\\s+STATEMENT\\s+SET\\s+BEGIN\\b.*")) {
        block = new StringBuilder(p).append(";\n");
      } else if (block != null) {
        if (p.equalsIgnoreCase("END")) {
          out.add(block.append("END").toString());
          block = null;
        } else block.append(p).append(";\n");
      } else out.add(p);
    }
    if (block != null) throw new IllegalArgumentException("EXECUTE STATEMENT SET without END");
    return out;
  }

  private static void add(List<String> pieces, StringBuilder cur) {
    String s = cur.toString().trim();
    if (!s.isEmpty()) pieces.add(s);
    cur.setLength(0);
  }
}
