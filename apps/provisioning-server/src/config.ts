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

function readOidc(env: NodeJS.ProcessEnv): OidcConfig | undefined {
  const issuer = env.OIDC_ISSUER?.trim();
  if (!issuer) return undefined;
  if (!URL.canParse(issuer)) throw new Error(`OIDC_ISSUER must be a URL, got "${issuer}"`);
  const audience = (env.OIDC_AUDIENCE ?? "")
    .split(",")
    .map((value) => value.trim())
    .filter(Boolean);
  if (audience.length === 0) throw new Error("OIDC_AUDIENCE is required when OIDC_ISSUER is set");
  const jwksUri = env.OIDC_JWKS_URI?.trim();
  if (jwksUri && !URL.canParse(jwksUri)) throw new Error(`OIDC_JWKS_URI must be a URL, got "${jwksUri}"`);
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

const STORE_KINDS: readonly StoreKind[] = ["memory", "sqlite", "postgres"];

/** Reads the configuration; throws an `Error` naming the variable for invalid values. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): ProvisioningConfig {
  const port = Number(env.PORT ?? "8080");
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  const configuredToken = env.SCIM_TOKEN?.trim();
  const storeText = (env.STORE ?? (env.DATABASE_URL ? "postgres" : "sqlite")).toLowerCase();
  if (!STORE_KINDS.includes(storeText as StoreKind)) {
    throw new Error(`STORE must be one of ${STORE_KINDS.join(", ")}, got "${env.STORE}"`);
  }
  const store = storeText as StoreKind;
  if (store === "postgres" && !env.DATABASE_URL) throw new Error("STORE=postgres needs DATABASE_URL");
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
    ...(env.DATABASE_SCHEMA ? { databaseSchema: env.DATABASE_SCHEMA } : {}),
    ...(oidc ? { oidc } : {}),
    ...(rateLimitPerMinute !== undefined ? { rateLimitPerMinute } : {}),
    ...(auditRetentionDays !== undefined ? { auditRetentionDays } : {}),
    ...(adminToken ? { adminToken } : {}),
    ...(appConfigFile ? { appConfigFile } : {}),
    shutdownGraceMs,
  };
}
