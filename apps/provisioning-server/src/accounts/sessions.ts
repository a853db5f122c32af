import { randomUUID } from "node:crypto";

/** A login session of an account in the app (the `sessions` table). */
export interface Session {
  readonly id: string;
  readonly tenant: string;
  readonly userId: string;
  /** ISO 8601 instant. */
  readonly createdAt: string;
  /** ISO 8601 instant the session was ended, or null while it is open. */
  readonly endedAt: string | null;
  /** Why it ended (`deactivated`, `deleted`), or null while open. */
  readonly endReason: string | null;
}

/**
 * The app's `sessions` table. Deactivating or deleting an account ends its open sessions in the
 * same request (see `offboarding.ts`).
 */
export interface SessionStore {
  /** Opens a session for `userId` (what the app's login would do; the admin API exposes it for tests). */
  start(tenant: string, userId: string): Promise<Session>;
  /** Ends every open session of `userId`; returns how many were open. */
  endAll(tenant: string, userId: string, reason: string): Promise<number>;
  /** The sessions of `userId`, newest first. */
  list(tenant: string, userId: string): Promise<Session[]>;
}

/** Sessions kept in memory (`STORE=memory`). */
export class MemorySessionStore implements SessionStore {
  readonly #sessions: Session[] = [];

  async start(tenant: string, userId: string): Promise<Session> {
    const session: Session = {
      id: randomUUID(),
      tenant,
      userId,
      createdAt: new Date().toISOString(),
      endedAt: null,
      endReason: null,
    };
    this.#sessions.push(session);
    return session;
  }

  async endAll(tenant: string, userId: string, reason: string): Promise<number> {
    const endedAt = new Date().toISOString();
    let ended = 0;
    this.#sessions.forEach((session, index) => {
      if (session.tenant === tenant && session.userId === userId && session.endedAt === null) {
        this.#sessions[index] = { ...session, endedAt, endReason: reason };
        ended += 1;
      }
    });
    return ended;
  }

  async list(tenant: string, userId: string): Promise<Session[]> {
    return this.#sessions.filter((s) => s.tenant === tenant && s.userId === userId).reverse();
  }
}

/** A row of the `sessions` table as both SQL drivers return it. */
export interface SessionRow {
  readonly id: string;
  readonly tenant_id: string;
  readonly user_id: string;
  readonly created_at: string;
  readonly ended_at: string | null;
  readonly end_reason: string | null;
}

export function sessionOf(row: SessionRow): Session {
  return {
    id: row.id,
    tenant: row.tenant_id,
    userId: row.user_id,
    createdAt: new Date(row.created_at).toISOString(),
    endedAt: row.ended_at === null ? null : new Date(row.ended_at).toISOString(),
    endReason: row.end_reason,
  };
}
