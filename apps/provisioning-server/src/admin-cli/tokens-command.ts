import { parseArgs } from "node:util";
import { type CredentialSummary, issueToken, summarizeCredential } from "@scimkit/server/auth";
import { type AdminCommand, type CommandOutput, subcommandGroup, UsageError } from "./command.js";
import { openAdminDatabase } from "./open-database.js";

const USAGE = `usage: scimkit-admin tokens create --tenant <tenant> [--name <label>] [--scope read|write] [--expires-in <seconds>]
       scimkit-admin tokens list [--tenant <tenant>]
       scimkit-admin tokens revoke <id>

create prints one JSON object with the secret token (shown only then); list prints one JSON line per
token without secrets; revoke stops a token within seconds on every server process.`;

/** Tenant names: 1–128 characters without control characters or surrounding spaces. */
const TENANT = /^(?=\S)[^\p{Cc}]{1,128}(?<=\S)$/u;

function tenantOf(value: string | undefined, required: boolean): string | undefined {
  if (value === undefined) {
    if (required) throw new UsageError("--tenant is required");
    return undefined;
  }
  if (!TENANT.test(value))
    throw new UsageError(
      "--tenant must be 1 to 128 characters without control characters or surrounding spaces",
    );
  return value;
}

function listed(credential: CredentialSummary, now: number) {
  const expired = credential.expiresAt !== undefined && Date.parse(credential.expiresAt) <= now;
  return {
    id: credential.id,
    tenant: credential.tenantId,
    name: credential.name ?? null,
    scope: credential.scope,
    createdAt: credential.createdAt,
    expiresAt: credential.expiresAt ?? null,
    revokedAt: credential.revokedAt ?? null,
    lastUsedAt: credential.lastUsedAt ?? null,
    active: credential.revokedAt === undefined && !expired,
  };
}

async function create(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  output: CommandOutput,
): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      tenant: { type: "string" },
      name: { type: "string" },
      scope: { type: "string", default: "write" },
      "expires-in": { type: "string" },
    },
    strict: true,
  });
  const tenantId = tenantOf(values.tenant, true) as string;
  const scope = values.scope;
  if (scope !== "read" && scope !== "write")
    throw new UsageError(`--scope must be read or write, got "${scope}"`);
  let expiresInSeconds: number | undefined;
  if (values["expires-in"] !== undefined) {
    expiresInSeconds = Number(values["expires-in"]);
    if (
      !/^\d+$/.test(values["expires-in"]) ||
      !Number.isSafeInteger(expiresInSeconds) ||
      expiresInSeconds <= 0
    )
      throw new UsageError(
        `--expires-in must be a positive whole number of seconds, got "${values["expires-in"]}"`,
      );
  }
  const database = await openAdminDatabase(env);
  try {
    const { token, credential } = await issueToken(database.credentials, {
      tenantId,
      scope,
      ...(values.name !== undefined ? { name: values.name } : {}),
      ...(expiresInSeconds !== undefined ? { expiresInSeconds } : {}),
    });
    output.out(
      JSON.stringify({
        id: credential.id,
        tenant: credential.tenantId,
        token,
        scope: credential.scope,
        expiresAt: credential.expiresAt ?? null,
      }),
    );
    return 0;
  } finally {
    await database.close();
  }
}

async function list(args: readonly string[], env: NodeJS.ProcessEnv, output: CommandOutput): Promise<number> {
  const { values } = parseArgs({ args: [...args], options: { tenant: { type: "string" } }, strict: true });
  const tenantId = tenantOf(values.tenant, false);
  const database = await openAdminDatabase(env);
  try {
    const credentials = await database.credentials.list(tenantId !== undefined ? { tenantId } : {});
    const now = Date.now();
    for (const credential of credentials)
      output.out(JSON.stringify(listed(summarizeCredential(credential), now)));
    return 0;
  } finally {
    await database.close();
  }
}

async function revoke(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  output: CommandOutput,
): Promise<number> {
  const { positionals } = parseArgs({ args: [...args], options: {}, allowPositionals: true, strict: true });
  const [id, ...rest] = positionals;
  if (id === undefined || rest.length > 0) throw new UsageError("tokens revoke takes exactly one token id");
  const database = await openAdminDatabase(env);
  try {
    if (!(await database.credentials.revoke(id, new Date().toISOString()))) {
      output.err(`no token with id "${id}"`);
      return 1;
    }
    const revoked = await database.credentials.findById(id);
    output.out(JSON.stringify({ id, revoked: true, revokedAt: revoked?.revokedAt ?? null }));
    return 0;
  } finally {
    await database.close();
  }
}

/** `scimkit-admin tokens …`: issue, list and revoke the bearer tokens of tenants. */
export const tokensCommand: AdminCommand = subcommandGroup("issue, list and revoke bearer tokens", USAGE, {
  create,
  list,
  revoke,
});
