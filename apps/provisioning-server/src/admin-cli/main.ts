import { auditCommand } from "./audit-command.js";
import type { AdminCommand, CommandOutput } from "./command.js";
import { UsageError } from "./command.js";
import { tokensCommand } from "./tokens-command.js";

/**
 * `scimkit-admin` (the committed `bin/scimkit-admin.js` calls {@link runAdminCli}): administration of the provisioning server's database (the same
 * `DATABASE_FILE` / `DATABASE_URL` as the server, also while it runs). One entry per command.
 */
const COMMANDS: Readonly<Record<string, AdminCommand>> = {
  tokens: tokensCommand,
  audit: auditCommand,
};

function overview(): string {
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(8)} ${command.summary}`);
  return `usage: scimkit-admin <command> …\n\ncommands:\n${lines.join("\n")}\n\nscimkit-admin <command> --help shows a command's usage.`;
}

/** Runs the CLI with the arguments after the program name; resolves to the exit code. */
export async function runAdminCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  output: CommandOutput = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  },
): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === "--help" || name === "help") {
    output.err(overview());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    output.err(`unknown command "${name}"\n\n${overview()}`);
    return 2;
  }
  if (rest.includes("--help")) {
    output.err(command.usage);
    return 0;
  }
  try {
    return await command.run(rest, env, output);
  } catch (error) {
    if (error instanceof UsageError) {
      output.err(`${error.message}\n\n${command.usage}`);
      return 2;
    }
    output.err(`scimkit-admin ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
