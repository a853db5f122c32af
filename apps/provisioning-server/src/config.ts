import { randomBytes } from "node:crypto";

/** Which store backs the endpoint. */
export type StoreKind = "memory" | "sqlite" | "postgres";

/** OAuth 2.0 / OIDC access tokens, enabled by `OIDC_ISSUER`. */
export interface OidcConfig {
  /** `OIDC_ISSUER`: the `iss` of accepted tokens; discovery is read from `<issuer>/.well-known/openid-configuration`. */
  readonly issuer: string;
  /** `OIDC_AUDIENCE`: the `aud` tokens must carry (comma-separated for several). */
  readonly audience: readonly string[];
  /** `OIDC_JWKS_URI`: the JWKS URL, when discovery is not wanted. */
  readonly jwksUri?: string;
  /** `OIDC_TENANT_CLAIM` (default `tid`). */
  readonly tenantClaim: string;
  /** `OIDC_READ_SCOPE` (default `scim:read`). */
  readonly readScope: string;
  /** `OIDC_WRITE_SCOPE` (default `scim:write`). */
  readonly writeScope: string;
}

/** The provisioning server's settings, read from the environment. */
export interface ProvisioningConfig {
  /** TCP port (`PORT`, default 8080; 0 picks a free port). */
  readonly port: number;
  /** Interface to bind (`HOST`, default all interfaces). */
  readonly host: string;
  /** Mount path of the SCIM service. */
  readonly basePath: "/scim/v2";
  /** The bearer token clients must send. */
  readonly token: string;
  /** True when `SCIM_TOKEN` was unset and the token was generated at start-up. */
  readonly tokenGenerated: boolean;
  /** `STORE`: default `postgres` when `DATABASE_URL` is set, else `sqlite`. */
  readonly store: StoreKind;
  /** SQLite file (`DATABASE_FILE`, default `./data/scim.db`). */
  readonly databaseFile: string;
  /** PostgreSQL connection string (`DATABASE_URL`). */
  readonly databaseUrl?: string;
  /** PostgreSQL schema for the tables (`DATABASE_SCHEMA`, default `public`). */
  readonly databaseSchema?: string;
  /** OIDC access tokens, when `OIDC_ISSUER` is set. */
  readonly oidc?: OidcConfig;
  /** `RATE_LIMIT_PER_MINUTE`: requests per credential and minute; unset means no limit. */
  readonly rateLimitPerMinute?: number;
  /** `AUDIT_RETENTION_DAYS`: audit events older than this many days are deleted (hourly); unset keeps them. */
  readonly auditRetentionDays?: number;
  /** `ADMIN_TOKEN`: enables `/admin` and `/api/*`; without it both answer 404. */
  readonly adminToken?: string;
  /** `SCIMKIT_CONFIG`: the JSON file with account columns and the role mapping (see config/app-config.ts). */
  readonly appConfigFile?: string;
  /**
   * `SHUTDOWN_GRACE_MS` (default 10000): how long SIGTERM/SIGINT wait for requests in flight
   * before the remaining connections are closed.
   */
  readonly shutdownGraceMs: number;
}

/** The default of `SHUTDOWN_GRACE_MS`: within the 30 s most orchestrators wait before SIGKILL. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;

/** The OIDC settings that mean nothing without `OIDC_ISSUER`. */
const OIDC_DEPENDENT = [
  "OIDC_AUDIENCE",
  "OIDC_JWKS_URI",
  "OIDC_TENANT_CLAIM",
  "OIDC_READ_SCOPE",
  "OIDC_WRITE_SCOPE",
] as const;

const isHttpUrl = (text: string) => URL.canParse(text) && /^https?:$/.test(new URL(text).protocol);

function readOidc(env: NodeJS.ProcessEnv): OidcConfig | undefined {
  const issuer = env.OIDC_ISSUER?.trim();
  if (!issuer) {
    // A half-configured OIDC setup would otherwise be ignored silently and every IdP token refused.
    const orphan = OIDC_DEPENDENT.find((name) => env[name]?.trim());
    if (orphan) throw new Error(`${orphan} is set but OIDC_ISSUER is not (OIDC access tokens need both)`);
    return undefined;
  }
  if (!isHttpUrl(issuer)) throw new Error(`OIDC_ISSUER must be an http(s) URL, got "${issuer}"`);
  const audience = (env.OIDC_AUDIENCE ?? "")
    .split(",")
    .map((value) => value.trim())
    .filter(Boolean);
  if (audience.length === 0) throw new Error("OIDC_AUDIENCE is required when OIDC_ISSUER is set");
  const jwksUri = env.OIDC_JWKS_URI?.trim();
  if (jwksUri && !isHttpUrl(jwksUri))
    throw new Error(`OIDC_JWKS_URI must be an http(s) URL, got "${jwksUri}"`);
  return {
    issuer,
    audience,
    ...(jwksUri ? { jwksUri } : {}),
    tenantClaim: env.OIDC_TENANT_CLAIM?.trim() || "tid",
    readScope: env.OIDC_READ_SCOPE?.trim() || "scim:read",
    writeScope: env.OIDC_WRITE_SCOPE?.trim() || "scim:write",
  };
}

function readRateLimit(env: NodeJS.ProcessEnv): number | undefined {
  const text = env.RATE_LIMIT_PER_MINUTE?.trim();
  if (!text) return undefined;
  const limit = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(limit) || limit < 1)
    throw new Error(`RATE_LIMIT_PER_MINUTE must be a positive whole number, got "${text}"`);
  return limit;
}

function readShutdownGrace(env: NodeJS.ProcessEnv): number {
  const text = env.SHUTDOWN_GRACE_MS?.trim();
  if (!text) return DEFAULT_SHUTDOWN_GRACE_MS;
  const grace = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(grace) || grace > 600_000)
    throw new Error(`SHUTDOWN_GRACE_MS must be a whole number of milliseconds 0–600000, got "${text}"`);
  return grace;
}

function readAuditRetention(env: NodeJS.ProcessEnv): number | undefined {
  const text = env.AUDIT_RETENTION_DAYS?.trim();
  if (!text) return undefined;
  const days = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(days) || days < 1)
    throw new Error(`AUDIT_RETENTION_DAYS must be a positive whole number of days, got "${text}"`);
  return days;
}

/**
 * Checks `DATABASE_URL` is a PostgreSQL connection URL. The value is never echoed: it usually
 * carries a password.
 */
function readDatabaseUrl(text: string | undefined): void {
  if (!text)
    throw new Error("STORE=postgres needs DATABASE_URL (postgres://user:password@host:5432/database)");
  if (!URL.canParse(text) || !/^postgres(ql)?:$/.test(new URL(text).protocol))
    throw new Error(
      "DATABASE_URL must be a PostgreSQL URL: postgres://user:password@host:5432/database (value not shown: it may hold a password)",
    );
}

/** `DATABASE_URL` without its password, for messages. */
export function redactedDatabaseUrl(text: string): string {
  if (!URL.canParse(text)) return "(unparsable DATABASE_URL)";
  const url = new URL(text);
  if (url.password) url.password = "***";
  return url.toString();
}

/** A plain SQL identifier: the only schema names the kit's table projection (`accounts`) accepts. */
const PLAIN_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Checks `DATABASE_SCHEMA` at start: otherwise an odd name passes the store's own tables and fails
 * later, at the `accounts` table, with a message that does not name the setting. PostgreSQL cuts
 * longer names to 63 bytes silently, so two long names could share one schema.
 */
function checkDatabaseSchema(schema: string): void {
  if (!PLAIN_IDENTIFIER.test(schema) || Buffer.byteLength(schema) > 63)
    throw new Error(
      `DATABASE_SCHEMA must be a plain SQL identifier: letters, digits and _, not starting with a digit, at most 63 characters; got ${JSON.stringify(schema)}`,
    );
}

const STORE_KINDS: readonly StoreKind[] = ["memory", "sqlite", "postgres"];

/** Reads the configuration; throws an `Error` naming the variable for invalid values. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): ProvisioningConfig {
  const portText = env.PORT?.trim() ?? "8080";
  const port = Number(portText);
  if (!/^\d{1,5}$/.test(portText) || port > 65535)
    throw new Error(`PORT must be a port number 0–65535 (0 picks a free port), got "${env.PORT}"`);
  const configuredToken = env.SCIM_TOKEN?.trim();
  if (configuredToken && !/^[\x21-\x7e]+$/.test(configuredToken))
    throw new Error(
      "SCIM_TOKEN must be printable ASCII without spaces (it travels in an Authorization header)",
    );
  const storeText = (env.STORE ?? (env.DATABASE_URL ? "postgres" : "sqlite")).toLowerCase();
  if (!STORE_KINDS.includes(storeText as StoreKind)) {
    throw new Error(`STORE must be one of ${STORE_KINDS.join(", ")}, got "${env.STORE}"`);
  }
  const store = storeText as StoreKind;
  if (store === "postgres") readDatabaseUrl(env.DATABASE_URL);
  const databaseSchema = env.DATABASE_SCHEMA;
  if (databaseSchema) checkDatabaseSchema(databaseSchema);
  const oidc = readOidc(env);
  const rateLimitPerMinute = readRateLimit(env);
  const auditRetentionDays = readAuditRetention(env);
  const adminToken = env.ADMIN_TOKEN?.trim();
  // The admin token opens every tenant's accounts: refuse one that is easy to guess.
  if (adminToken !== undefined && adminToken !== "" && adminToken.length < 16)
    throw new Error("ADMIN_TOKEN must be at least 16 characters (e.g. `openssl rand -base64 32`)");
  if (adminToken && !/^[\x21-\x7e]+$/.test(adminToken))
    throw new Error(
      "ADMIN_TOKEN must be printable ASCII without spaces (it travels in an Authorization header)",
    );
  const appConfigFile = env.SCIMKIT_CONFIG?.trim();
  const shutdownGraceMs = readShutdownGrace(env);
  return {
    port,
    host: env.HOST ?? "0.0.0.0",
    basePath: "/scim/v2",
    // A generated token is 256 random bits, printed once so a first run works without setup.
    token: configuredToken || randomBytes(32).toString("base64url"),
    tokenGenerated: !configuredToken,
    store,
    databaseFile: env.DATABASE_FILE ?? "./data/scim.db",
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
    ...(databaseSchema ? { databaseSchema } : {}),
    ...(oidc ? { oidc } : {}),
    ...(rateLimitPerMinute !== undefined ? { rateLimitPerMinute } : {}),
    ...(auditRetentionDays !== undefined ? { auditRetentionDays } : {}),
    ...(adminToken ? { adminToken } : {}),
    ...(appConfigFile ? { appConfigFile } : {}),
    shutdownGraceMs,
  };
}
