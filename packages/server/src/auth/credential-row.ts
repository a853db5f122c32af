import type { AccessScope } from "../context.js";
import type { Credential } from "./credential.js";

/** A `scim_credentials` row as both SQL drivers return it. */
export interface CredentialRow {
  readonly id: string;
  readonly tenant_id: string;
  readonly name: string | null;
  readonly scope: string;
  readonly secret_hash: string;
  readonly created_at: string;
  readonly expires_at: string | null;
  readonly revoked_at: string | null;
  readonly last_used_at: string | null;
}

/** The columns in the order {@link credentialValues} lists them. */
export const CREDENTIAL_COLUMNS =
  "id, tenant_id, name, scope, secret_hash, created_at, expires_at, revoked_at, last_used_at";

/** A credential's column values, in {@link CREDENTIAL_COLUMNS} order. */
export function credentialValues(credential: Credential): (string | null)[] {
  return [
    credential.id,
    credential.tenantId,
    credential.name ?? null,
    credential.scope,
    credential.secretHash,
    credential.createdAt,
    credential.expiresAt ?? null,
    credential.revokedAt ?? null,
    credential.lastUsedAt ?? null,
  ];
}

/** A row back to a credential; an unknown scope reads as `read` (least privilege). */
export function credentialOfRow(row: CredentialRow): Credential {
  const scope: AccessScope = row.scope === "write" ? "write" : "read";
  return {
    id: row.id,
    tenantId: row.tenant_id,
    scope,
    secretHash: row.secret_hash,
    createdAt: row.created_at,
    ...(row.name !== null ? { name: row.name } : {}),
    ...(row.expires_at !== null ? { expiresAt: row.expires_at } : {}),
    ...(row.revoked_at !== null ? { revokedAt: row.revoked_at } : {}),
    ...(row.last_used_at !== null ? { lastUsedAt: row.last_used_at } : {}),
  };
}
