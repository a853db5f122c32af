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

/**
 * A command of subcommands (`scimkit-admin tokens create …`): dispatches on the first argument and
 * turns `node:util` parseArgs errors (unknown options, missing values, stray arguments) into
 * usage errors.
 */
export function subcommandGroup(
  summary: string,
  usage: string,
  subcommands: Readonly<Record<string, AdminCommand["run"]>>,
): AdminCommand {
  return {
    summary,
    usage,
    async run(args, env, output) {
      const [name, ...rest] = args;
      const subcommand = name === undefined ? undefined : subcommands[name];
      if (!subcommand)
        throw new UsageError(name === undefined ? "missing subcommand" : `unknown subcommand "${name}"`);
      try {
        return await subcommand(rest, env, output);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS"))
          throw new UsageError((error as Error).message);
        throw error;
      }
    },
  };
}
