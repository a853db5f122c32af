import type { Credential } from "./credential.js";
import type { CredentialListFilter, CredentialStore } from "./credential-store.js";

/** Credentials in process memory: for tests and for servers that use a `MemoryStore`. */
export class MemoryCredentialStore implements CredentialStore {
  readonly #credentials = new Map<string, Credential>();

  async insert(credential: Credential): Promise<void> {
    if (this.#credentials.has(credential.id)) throw new Error(`credential ${credential.id} already exists`);
    this.#credentials.set(credential.id, { ...credential });
  }

  async findById(id: string): Promise<Credential | undefined> {
    const found = this.#credentials.get(id);
    return found ? { ...found } : undefined;
  }

  async list(filter: CredentialListFilter = {}): Promise<Credential[]> {
    return [...this.#credentials.values()]
      .filter((credential) => filter.tenantId === undefined || credential.tenantId === filter.tenantId)
      .map((credential) => ({ ...credential }));
  }

  async revoke(id: string, at: string): Promise<boolean> {
    const found = this.#credentials.get(id);
    if (!found) return false;
    if (!found.revokedAt) this.#credentials.set(id, { ...found, revokedAt: at });
    return true;
  }

  async touch(id: string, at: string): Promise<void> {
    const found = this.#credentials.get(id);
    if (found && (!found.lastUsedAt || found.lastUsedAt < at))
      this.#credentials.set(id, { ...found, lastUsedAt: at });
  }
}
