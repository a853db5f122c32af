import type { AuditEvent, AuditLog } from "@scimkit/server/audit";

/**
 * Windows looked at, newest first. The audit log reads oldest first, so the newest events are
 * found by reading short windows back from now until enough are found, instead of reading a busy
 * tenant's whole journal for the last few entries.
 */
const WINDOWS_MS = [5 * 60_000, 60 * 60_000, 24 * 60 * 60_000, 7 * 24 * 60 * 60_000, 30 * 24 * 60 * 60_000];

/** The newest `limit` audit events of `tenant` from the last 30 days, newest first. */
export async function recentActivity(
  audit: AuditLog,
  tenant: string,
  limit: number,
  now: Date = new Date(),
): Promise<AuditEvent[]> {
  const newestFirst: AuditEvent[] = [];
  let until = now.getTime() + 1;
  for (const window of WINDOWS_MS) {
    const since = now.getTime() - window;
    if (since >= until) continue;
    const inWindow: AuditEvent[] = [];
    for await (const event of audit.events({ tenant, since: new Date(since), until: new Date(until) })) {
      inWindow.push(event);
      // Only the newest `limit` of a window can be shown: keep the buffer small.
      if (inWindow.length > limit) inWindow.shift();
    }
    newestFirst.push(...inWindow.reverse());
    if (newestFirst.length >= limit) break;
    until = since;
  }
  return newestFirst.slice(0, limit);
}
