import { cancelCommand, deployCommand, jobsCommand } from './cli/deploy-command.js';
import { diffCommand } from './cli/diff-command.js';
import { formatCommand } from './cli/format-command.js';
import { mergeCommand } from './cli/merge-command.js';
import { runCommand } from './cli/run-command.js';
import { serveCommand } from './cli/serve-command.js';
import { testCommand } from './cli/test-command.js';
import { validateCommand } from './cli/validate-command.js';

const USAGE = `usage: eventide <command>

commands:
  serve                    the server and web app on HOST:PORT (default 127.0.0.1:4800)
  validate PIPELINE.json   check a pipeline document; one line per error
  run PIPELINE.json [--input NODE=FILE.jsonl]... [--output NODE=FILE.jsonl]... [--speed max|realtime|N]
                           run a pipeline headless until its bounded inputs end
  test PIPELINE.json [--test NAME]
                           run the tests the document carries; a diff for each failing one
  diff A.json B.json [--logic]
                           what changed from A to B: nodes, edges and params field by field, then layout
  merge BASE.json OURS.json THEIRS.json [--output FILE | --stdout]
                           three-way merge (a git merge driver: eventide merge %O %A %B); conflicts per node and param
  format PIPELINE.json...  rewrite documents in canonical form (as the server saves them)
  deploy PIPELINE.json [--flink URL] [--gateway URL] [--kafka HOST:PORT] [--id ID] [--no-wait]
                           compile to Flink SQL and submit it to a Flink session cluster (SQL Gateway)
  jobs [--flink URL]       the Flink cluster's jobs and their states
  cancel JOB_ID [--flink URL]
                           cancel a Flink job and wait until it is cancelled`;

const commands: Record<string, (args: string[], out: (line: string) => void) => Promise<number>> = {
  serve: serveCommand,
  validate: validateCommand,
  run: runCommand,
  test: testCommand,
  diff: diffCommand,
  merge: mergeCommand,
  format: formatCommand,
  deploy: deployCommand,
  jobs: jobsCommand,
  cancel: cancelCommand,
};

const [name, ...args] = process.argv.slice(2);
const command = name ? commands[name] : undefined;
if (!command) {
  console.error(USAGE);
  process.exit(2);
}
process.exitCode = await command(args, (line) => console.log(line));
