import type { AuditLog } from "./audit-log.js";

/** Options of {@link startAuditRetention}. */
export interface AuditRetentionOptions {
  /** How long events are kept, in milliseconds (e.g. `90 * 24 * 3600_000`). */
  readonly retainMs: number;
  /** How often the pruning runs (default: hourly). */
  readonly intervalMs?: number;
  /** Told about each run's result or failure (default: silent). */
  readonly onPrune?: (result: { readonly removed: number } | { readonly error: unknown }) => void;
}

/** A running retention job. */
export interface AuditRetention {
  /** Prunes now; resolves with the number of events removed. */
  runOnce(): Promise<number>;
  stop(): void;
}

/**
 * Keeps the audit trail to a retention period: prunes events older than `retainMs` now and then
 * every `intervalMs`. Several instances may run it at once (a prune is one idempotent DELETE). The
 * journal is also the identity-event outbox: keep `retainMs` longer than any subscriber may be down.
 *
 * @example
 * const retention = startAuditRetention(new AuditLog(store), { retainMs: 90 * 86_400_000 });
 */
export function startAuditRetention(audit: AuditLog, options: AuditRetentionOptions): AuditRetention {
  if (!Number.isFinite(options.retainMs) || options.retainMs <= 0) {
    throw new RangeError(`retainMs must be a positive number of milliseconds, got ${options.retainMs}`);
  }
  const runOnce = async () => {
    try {
      const removed = await audit.prune(new Date(Date.now() - options.retainMs));
      options.onPrune?.({ removed });
      return removed;
    } catch (error) {
      options.onPrune?.({ error });
      throw error;
    }
  };
  const timer = setInterval(() => void runOnce().catch(() => undefined), options.intervalMs ?? 3_600_000);
  timer.unref();
  void runOnce().catch(() => undefined);
  return { runOnce, stop: () => clearInterval(timer) };
}
