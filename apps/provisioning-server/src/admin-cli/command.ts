/** Where a command writes: stdout carries results (JSON), stderr carries messages for people. */
export interface CommandOutput {
  out(line: string): void;
  err(line: string): void;
}

/** One `scimkit-admin <name> …` command. */
export interface AdminCommand {
  /** One line for the overview. */
  readonly summary: string;
  /** Usage text, printed on `--help` and on usage errors. */
  readonly usage: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(args: readonly string[], env: NodeJS.ProcessEnv, output: CommandOutput): Promise<number>;
}

/** A usage error: the message and the usage go to stderr, exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
