import { randomBytes } from "node:crypto";

/** Which store backs the endpoint. */
export type StoreKind = "memory" | "sqlite" | "postgres";

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
  };
}
