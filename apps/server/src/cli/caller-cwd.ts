/**
 * The directory the user typed the command in. `pnpm eventide` runs scripts from the workspace
 * root and passes the caller's directory as INIT_CWD; relative paths must resolve against it.
 */
export function callerCwd(env: NodeJS.ProcessEnv = process.env): string {
  return env.INIT_CWD || process.cwd();
}
