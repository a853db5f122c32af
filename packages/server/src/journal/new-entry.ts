import type { RequestContext } from "../context.js";
import type { DerivedEventDraft, JournalRecord, NewJournalEntry } from "./entry.js";
import type { JournalOptions, MembershipLookup } from "./journal-options.js";

/** The entry for a store's record of one mutation: who, when and where come from the context. */
export function newJournalEntry(ctx: RequestContext, record: JournalRecord): NewJournalEntry {
  return {
    id: globalThis.crypto.randomUUID(), // Web Crypto: the Fetch core runs on web runtimes too
    time: new Date().toISOString(),
    tenant: ctx.tenantId,
    requestId: ctx.requestId ?? null,
    actor: ctx.principal ?? null,
    method: ctx.method ?? null,
    path: ctx.path ?? null,
    action: record.action,
    resourceType: record.resourceType,
    resourceId: record.resourceId,
    version: record.version,
    changes: record.changes,
    derivedEvents: [],
  };
}

/** Runs the derivation hooks of `options` on `entry` (inside the caller's transaction). */
export async function withDerivedEvents(
  entry: NewJournalEntry,
  options: JournalOptions,
  lookup: () => MembershipLookup,
  ctx: RequestContext,
): Promise<NewJournalEntry> {
  if (!options.derive || options.derive.length === 0) return entry;
  const derived: DerivedEventDraft[] = [];
  for (const derive of options.derive) derived.push(...(await derive(entry, lookup(), ctx)));
  return derived.length === 0 ? entry : { ...entry, derivedEvents: derived };
}
