package dev.eventide.flink;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;

/**
 * Runs compiled Eventide SQL scripts on a local MiniCluster, one after the other in one JVM, so a
 * test suite pays the JVM start once. Script paths come as arguments, or one per line on stdin
 * (with --stdin). For each script it prints one line on stdout: "OK <path> <ms>" or
 * "ERR <path> <message on one line>". Streaming mode, parallelism 1, for deterministic output.
 */
public final class ScriptRunner {
  private static final Pattern SET =
      Pattern.compile("(?is)SET\\s+'([^']+)'\\s*=\\s*'([^']*)'");

  public static void main(String[] args) throws Exception {
    boolean stdin = args.length > 0 && args[0].equals("--stdin");
    if (stdin) {
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null) {
        if (!line.isBlank()) report(line.trim());
      }
    } else {
      int failed = 0;
      for (String a : args) failed += report(a) ? 0 : 1;
      System.exit(failed == 0 ? 0 : 1);
    }
  }

  private static boolean report(String path) {
    long t0 = System.nanoTime();
    try {
      run(Files.readString(Path.of(path)));
      System.out.println("OK " + path + " " + (System.nanoTime() - t0) / 1_000_000);
      System.out.flush();
      return true;
    } catch (Throwable e) {
      System.out.println("ERR " + path + " " + oneLine(e));
      System.out.flush();
      return false;
    }
  }

  /** The deepest cause's message names what Flink refused; the top one gives the context. */
  private static String oneLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    String msg = e.getMessage() == null ? e.toString() : e.getMessage();
    if (root != e && root.getMessage() != null) msg = msg + " | caused by: " + root.getMessage();
    return msg.replaceAll("\\s+", " ");
  }

  static void run(String script) throws Exception {
    Configuration conf = new Configuration();
    conf.setString("parallelism.default", "1");
    conf.setString("execution.checkpointing.interval", "500 ms");
    conf.setString("table.local-time-zone", "UTC");
    TableEnvironment env =
        TableEnvironment.create(
            EnvironmentSettings.newInstance().inStreamingMode().withConfiguration(conf).build());
    TableResult last = null;
    for (String stmt : ScriptSplitter.split(script)) {
      Matcher m = SET.matcher(stmt);
      if (m.matches()) {
        env.getConfig().getConfiguration().setString(m.group(1), m.group(2));
        continue;
      }
      TableResult r = env.executeSql(stmt);
      if (r.getJobClient().isPresent()) last = r;
    }
    if (last != null) last.await();
  }
}
