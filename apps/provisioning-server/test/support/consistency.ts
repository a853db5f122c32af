import type { ChangeJournal, JournalEntry } from "@scimkit/server";
import { identityEventsOf } from "@scimkit/server/events";
import { type Answer, type Json, versionOf } from "./scim-http.js";

/** What a client was told about one resource: acknowledged writes only. */
export interface Acknowledged {
  readonly endpoint: "Users" | "Groups";
  /** The highest version an acknowledged answer carried (0 when only a delete was sent). */
  version: number;
  /** A DELETE was sent (it may or may not have been applied if no answer came back). */
  deleteSent: boolean;
  /** A DELETE was answered 204. */
  deleteAcked: boolean;
}

/** One version a client saw for a resource, and when the request started and ended. */
export interface Observation {
  readonly id: string;
  readonly version: number;
  readonly start: number;
  readonly end: number;
}

/** Everything the clients of a load were told: the ground truth the checks compare the database with. */
export class Ledger {
  readonly acknowledged = new Map<string, Acknowledged>();
  readonly observations: Observation[] = [];
  /** Answers that the load did not allow (status and body), with the request. */
  readonly unexpected: string[] = [];
  /** Requests that got no answer (cut off by a crash, or timed out). */
  unanswered = 0;
  /** Answers by status code. */
  readonly statuses = new Map<number, number>();
  /** The longest time any request took to be answered (ms). */
  slowestMs = 0;
  /** Acknowledged writes so far (a load waits for a number of these before it is cut). */
  writes = 0;

  count(answer: Answer): void {
    this.slowestMs = Math.max(this.slowestMs, answer.end - answer.start);
    this.statuses.set(answer.status, (this.statuses.get(answer.status) ?? 0) + 1);
  }

  /** An acknowledged write (or a read) that returned `version` for `id`. */
  acknowledge(
    endpoint: "Users" | "Groups",
    id: string,
    version: number,
    answer: Pick<Answer, "start" | "end">,
  ) {
    if (!Number.isInteger(version) || version < 1) {
      this.unexpected.push(`${endpoint}/${id}: acknowledged without a version (${version})`);
      return;
    }
    this.writes += 1;
    const known = this.acknowledged.get(id);
    if (known) known.version = Math.max(known.version, version);
    else this.acknowledged.set(id, { endpoint, version, deleteSent: false, deleteAcked: false });
    this.observe(id, version, answer);
  }

  /** A version seen by a read (a lookup); it says nothing about durability, only about ordering. */
  observe(id: string, version: number, answer: Pick<Answer, "start" | "end">): void {
    this.observations.push({ id, version, start: answer.start, end: answer.end });
  }

  deleteSent(endpoint: "Users" | "Groups", id: string): void {
    const known = this.acknowledged.get(id);
    if (known) known.deleteSent = true;
    else this.acknowledged.set(id, { endpoint, version: 0, deleteSent: true, deleteAcked: false });
  }

  deleteAcked(id: string): void {
    this.writes += 1;
    const known = this.acknowledged.get(id);
    if (known) known.deleteAcked = true;
  }
}

/** The resources as SCIM lists them, by id. */
export interface ScimState {
  readonly Users: ReadonlyMap<string, Json>;
  readonly Groups: ReadonlyMap<string, Json>;
}

const versionOfResource = (resource: Json): number => versionOf(resource?.meta?.version);

/**
 * Every acknowledged write is there with at least its acknowledged version; a resource whose
 * DELETE was acknowledged is gone; a resource is missing only if a DELETE for it was sent.
 */
export function checkAcknowledged(ledger: Ledger, state: ScimState): string[] {
  const problems: string[] = [];
  for (const [id, acked] of ledger.acknowledged) {
    const current = state[acked.endpoint].get(id);
    if (acked.deleteAcked) {
      if (current) problems.push(`${acked.endpoint}/${id}: DELETE acknowledged, still there`);
      continue;
    }
    if (!current) {
      if (!acked.deleteSent)
        problems.push(`${acked.endpoint}/${id}: acknowledged at v${acked.version}, lost`);
      continue;
    }
    const version = versionOfResource(current);
    if (!(version >= acked.version))
      problems.push(`${acked.endpoint}/${id}: acknowledged at v${acked.version}, stored at v${version}`);
  }
  return problems;
}

/**
 * Nothing half-applied: each write of the loads sets `displayName`, `nickName` and `title` of a
 * user to one marker together (a PATCH with three operations, a PUT, a Bulk PATCH), and adds or
 * removes a group's members a pair at a time (a PATCH with two operations). A torn write would
 * show three different markers, or half a pair.
 */
export function checkAllOrNothing(state: ScimState, pairOf: ReadonlyMap<string, number>): string[] {
  const problems: string[] = [];
  for (const [id, user] of state.Users) {
    if (user.nickName === undefined && user.title === undefined) continue;
    if (!(user.displayName === user.nickName && user.nickName === user.title))
      problems.push(`Users/${id}: torn write (${user.displayName} / ${user.nickName} / ${user.title})`);
  }
  for (const [id, group] of state.Groups) {
    const members: string[] = (group.members ?? []).map((member: Json) => member.value);
    const perPair = new Map<number, number>();
    for (const member of members) {
      const pair = pairOf.get(member);
      if (pair === undefined) continue;
      perPair.set(pair, (perPair.get(pair) ?? 0) + 1);
    }
    for (const [pair, count] of perPair)
      if (count !== 2) problems.push(`Groups/${id}: half of member pair ${pair} (${count} of 2)`);
  }
  return problems;
}

/** Something that has a change journal (the kit's stores). */
export interface JournalEntryReader {
  readonly journal: ChangeJournal;
}

/** Every journal entry of a tenant, in journal order. */
export async function journalEntries(journal: ChangeJournal, tenant: string): Promise<JournalEntry[]> {
  const entries: JournalEntry[] = [];
  for (;;) {
    const last = entries.at(-1);
    const page = await journal.audit({ tenant, limit: 5000, ...(last ? { after: last.position } : {}) });
    entries.push(...page);
    if (page.length < 5000) return entries;
  }
}

/**
 * Audit events match the changes one to one: a resource at version V has exactly the events of
 * versions 1…V (the first a create) and no delete; a resource that is gone has 1…k and one delete
 * after them; a resource whose create never committed has none.
 */
export function checkAuditMatchesChanges(entries: readonly JournalEntry[], state: ScimState): string[] {
  const problems: string[] = [];
  const byResource = new Map<string, JournalEntry[]>();
  for (const entry of entries) {
    const list = byResource.get(entry.resourceId) ?? [];
    list.push(entry);
    byResource.set(entry.resourceId, list);
  }
  const sequence = (count: number) => Array.from({ length: count }, (_, index) => index + 1).join(",");
  for (const [id, list] of byResource) {
    const endpoint = list[0]?.resourceType === "Group" ? "Groups" : "Users";
    const current = state[endpoint].get(id);
    const writes = list.filter((entry) => entry.action !== "delete");
    const deletes = list.filter((entry) => entry.action === "delete");
    const versions = writes
      .map((entry) => Number(entry.version))
      .sort((a, b) => a - b)
      .join(",");
    if (writes[0]?.action !== "create")
      problems.push(`${endpoint}/${id}: first audit event is not its create`);
    if (current) {
      const version = versionOfResource(current);
      if (versions !== sequence(version))
        problems.push(`${endpoint}/${id}: at v${version}, audit versions [${versions}]`);
      if (deletes.length > 0) problems.push(`${endpoint}/${id}: present, but a delete is audited`);
    } else {
      if (versions !== sequence(writes.length))
        problems.push(`${endpoint}/${id}: gone, audit versions [${versions}]`);
      if (deletes.length !== 1 || list.at(-1)?.action !== "delete")
        problems.push(
          `${endpoint}/${id}: gone, audited deletes: ${deletes.length}, last: ${list.at(-1)?.action}`,
        );
    }
  }
  for (const endpoint of ["Users", "Groups"] as const) {
    for (const id of state[endpoint].keys())
      if (!byResource.has(id)) problems.push(`${endpoint}/${id}: present without any audit event`);
  }
  return problems;
}

/** An identity event as the feed returns it. */
export interface FeedEvent {
  readonly id: string;
  readonly cursor: string;
}

/**
 * The outbox holds exactly the identity events of the committed changes (none of a change that
 * rolled back or never committed), and a consumer that pulled with its cursor across the crash
 * saw each exactly once.
 */
export function checkOutbox(
  entries: readonly JournalEntry[],
  feed: readonly FeedEvent[],
  consumed: readonly FeedEvent[],
): string[] {
  const problems: string[] = [];
  const expected = new Set(entries.flatMap((entry) => identityEventsOf(entry).map((event) => event.id)));
  const inFeed = new Set<string>();
  for (const event of feed) {
    if (inFeed.has(event.id)) problems.push(`feed: event ${event.id} listed twice`);
    inFeed.add(event.id);
    if (!expected.has(event.id)) problems.push(`feed: event ${event.id} of no committed change`);
  }
  for (const id of expected)
    if (!inFeed.has(id)) problems.push(`feed: committed change's event ${id} missing`);
  const seen = new Set<string>();
  for (const event of consumed) {
    if (seen.has(event.id)) problems.push(`consumer: event ${event.id} delivered twice`);
    seen.add(event.id);
  }
  for (const id of inFeed) if (!seen.has(id)) problems.push(`consumer: event ${id} never delivered`);
  for (const id of seen) if (!inFeed.has(id)) problems.push(`consumer: event ${id} is not in the feed`);
  return problems;
}

/**
 * Versions only move forward in real time: an answer that started after another answer about the
 * same resource had ended never shows an older version (what a client, or two clients comparing
 * notes, can observe of linearizable writes).
 */
export function checkMonotonicVersions(observations: readonly Observation[]): string[] {
  const problems: string[] = [];
  const byId = new Map<string, Observation[]>();
  for (const observation of observations) {
    const list = byId.get(observation.id) ?? [];
    list.push(observation);
    byId.set(observation.id, list);
  }
  for (const [id, list] of byId) {
    const byEnd = [...list].sort((a, b) => a.end - b.end);
    const maxUpTo: number[] = [];
    for (const observation of byEnd) maxUpTo.push(Math.max(maxUpTo.at(-1) ?? 0, observation.version));
    for (const later of list) {
      // The last observation that ended before `later` started (binary search over end times).
      let low = 0;
      let high = byEnd.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (byEnd[middle]!.end < later.start) low = middle + 1;
        else high = middle;
      }
      const before = low > 0 ? maxUpTo[low - 1]! : 0;
      if (later.version < before)
        problems.push(`${id}: v${later.version} seen after v${before} had already been answered`);
    }
  }
  return problems;
}
