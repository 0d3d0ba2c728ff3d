import { validateCommand } from './cli/validate-command.js';

const USAGE = `usage: eventide <command>

commands:
  validate PIPELINE.json   check a pipeline document; one line per error`;

const commands: Record<string, (args: string[], out: (line: string) => void) => Promise<number>> = {
  validate: validateCommand,
};

const [name, ...args] = process.argv.slice(2);
const command = name ? commands[name] : undefined;
if (!command) {
  console.error(USAGE);
  process.exit(2);
}
process.exitCode = await command(args, (line) => console.log(line));
