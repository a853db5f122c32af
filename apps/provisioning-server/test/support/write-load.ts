import type { Ledger } from "./consistency.js";
import {
  type Answer,
  BULK_REQUEST,
  GROUP,
  type Json,
  NoAnswerError,
  PATCH_OP,
  type ScimHttp,
  USER,
  versionOf,
} from "./scim-http.js";

/** Groups and pairs of member users that the load adds and removes (members are never deleted). */
export interface Directory {
  readonly groups: readonly string[];
  readonly pairs: readonly (readonly [string, string])[];
  /** member id → index of its pair */
  readonly pairOf: ReadonlyMap<string, number>;
}

/** Which non-2xx answers a load accepts (e.g. 503 while the database is away). */
export type AllowedFailure = (answer: Answer) => boolean;

const markers = (marker: string) => ({ displayName: marker, nickName: marker, title: marker });

/** Entra ID's PATCH of several attributes: one `Replace` operation per attribute. */
const replaceMarkers = (marker: string) => ({
  schemas: [PATCH_OP],
  Operations: ["displayName", "nickName", "title"].map((path) => ({ op: "Replace", path, value: marker })),
});

/** Entra ID's member PATCH: one operation per member, `value` arrays of `{ value }`. */
const memberPatch = (op: "Add" | "Remove", pair: readonly [string, string]) => ({
  schemas: [PATCH_OP],
  Operations: pair.map((value) => ({ op, path: "members", value: [{ value }] })),
});

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

/** Creates the groups and member pairs the load works on; every answer must be 201. */
export async function seedDirectory(
  http: ScimHttp,
  ledger: Ledger,
  sizes: { groups: number; pairs: number },
): Promise<Directory> {
  const create = async (endpoint: "Users" | "Groups", body: Json) => {
    const answer = await http.send("POST", `/${endpoint}`, body);
    if (answer.status !== 201)
      throw new Error(`seeding ${endpoint}: ${answer.status} ${JSON.stringify(answer.body)}`);
    ledger.acknowledge(endpoint, answer.body.id, versionOf(answer.etag), answer);
    return answer.body.id as string;
  };
  const groups: string[] = [];
  for (let index = 0; index < sizes.groups; index += 1)
    groups.push(await create("Groups", { schemas: [GROUP], displayName: `load-group-${index}` }));
  const pairs: (readonly [string, string])[] = [];
  const pairOf = new Map<string, number>();
  for (let index = 0; index < sizes.pairs; index += 1) {
    const pair = [
      await create("Users", { schemas: [USER], userName: `member-${index}-a` }),
      await create("Users", { schemas: [USER], userName: `member-${index}-b` }),
    ] as const;
    pairs.push(pair);
    for (const id of pair) pairOf.set(id, index);
  }
  return { groups, pairs, pairOf };
}

/** A running write load; {@link halt} stops new requests at once (those in flight continue). */
export interface WriteLoad {
  halt(): void;
  /** Resolves when every worker has stopped (after {@link halt}). */
  readonly done: Promise<void>;
}

/**
 * Concurrent clients sending creates, multi-operation PATCHes, PUTs, deletes, member adds and
 * removes, and Bulk requests, recording every acknowledged answer in `ledger`. Each worker owns the
 * users it creates (so a 404 or 409 is never expected); groups and member pairs are shared.
 */
export function startWriteLoad(
  http: ScimHttp,
  ledger: Ledger,
  directory: Directory,
  options: { workers: number; allow?: AllowedFailure },
): WriteLoad {
  let halted = false;
  const allow = options.allow ?? (() => false);

  const worker = async (index: number) => {
    const own: string[] = [];
    let serial = 0;
    const next = () => {
      serial += 1;
      return `${index}-${serial}`;
    };
    /** Sends unless halted; undefined when no answer came (the worker then carries on). */
    const send = async (method: string, path: string, body?: unknown): Promise<Answer | undefined> => {
      if (halted) return undefined;
      try {
        const answer = await http.send(method, path, body);
        ledger.count(answer);
        if (answer.status >= 300 && !allow(answer))
          ledger.unexpected.push(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
        return answer;
      } catch (error) {
        if (!(error instanceof NoAnswerError)) throw error;
        ledger.unanswered += 1;
        return undefined;
      }
    };
    const ownUser = (): string | undefined => (own.length > 0 ? pick(own) : undefined);
    const takeOwnUser = (): string | undefined => {
      if (own.length === 0) return undefined;
      return own.splice(Math.floor(Math.random() * own.length), 1)[0];
    };

    const actions: [number, () => Promise<void>][] = [
      [
        25,
        async () => {
          const marker = `m${next()}`;
          const answer = await send("POST", "/Users", {
            schemas: [USER],
            userName: `w${next()}`,
            ...markers(marker),
          });
          if (answer?.status !== 201) return;
          ledger.acknowledge("Users", answer.body.id, versionOf(answer.etag), answer);
          own.push(answer.body.id);
        },
      ],
      [
        20,
        async () => {
          const id = ownUser();
          if (!id) return;
          const answer = await send("PATCH", `/Users/${id}`, replaceMarkers(`p${next()}`));
          if (answer?.status === 200 || answer?.status === 204)
            ledger.acknowledge("Users", id, versionOf(answer.etag), answer);
        },
      ],
      [
        10,
        async () => {
          const id = ownUser();
          if (!id) return;
          const answer = await send("PUT", `/Users/${id}`, {
            schemas: [USER],
            userName: `put-${id}`,
            ...markers(`r${next()}`),
          });
          if (answer?.status === 200) ledger.acknowledge("Users", id, versionOf(answer.etag), answer);
        },
      ],
      [
        8,
        async () => {
          const id = takeOwnUser();
          if (!id) return;
          ledger.deleteSent("Users", id);
          const answer = await send("DELETE", `/Users/${id}`);
          if (answer?.status === 204) ledger.deleteAcked(id);
        },
      ],
      [
        15,
        async () => {
          const group = pick(directory.groups);
          const answer = await send("PATCH", `/Groups/${group}`, memberPatch("Add", pick(directory.pairs)));
          if (answer?.status === 200 || answer?.status === 204)
            ledger.acknowledge("Groups", group, versionOf(answer.etag), answer);
        },
      ],
      [
        10,
        async () => {
          const group = pick(directory.groups);
          const answer = await send(
            "PATCH",
            `/Groups/${group}`,
            memberPatch("Remove", pick(directory.pairs)),
          );
          if (answer?.status === 200 || answer?.status === 204)
            ledger.acknowledge("Groups", group, versionOf(answer.etag), answer);
        },
      ],
      [
        12,
        async () => {
          // RFC 7644 §3.7: each operation stands on its own (the Bulk request is not one
          // transaction); what must hold is that each operation is all or nothing.
          const group = pick(directory.groups);
          const victim = takeOwnUser();
          const operations: Json[] = [
            {
              method: "POST",
              path: "/Users",
              bulkId: "new",
              data: { schemas: [USER], userName: `b${next()}`, ...markers(`b${serial}`) },
            },
            { method: "PATCH", path: "/Users/bulkId:new", data: replaceMarkers(`bp${next()}`) },
            { method: "PATCH", path: `/Groups/${group}`, data: memberPatch("Add", pick(directory.pairs)) },
          ];
          if (victim) {
            ledger.deleteSent("Users", victim);
            operations.push({ method: "DELETE", path: `/Users/${victim}` });
          }
          const answer = await send("POST", "/Bulk", { schemas: [BULK_REQUEST], Operations: operations });
          if (answer?.status !== 200) return;
          const results: Json[] = answer.body.Operations ?? [];
          let created: string | undefined;
          let postFailed = false;
          results.forEach((result, position) => {
            const status = Number(result.status);
            const sent = operations[position];
            if (sent?.method === "POST" && status >= 300) postFailed = true;
            if (status >= 300) {
              // RFC 7644 §3.7.3: an operation referring to the bulkId of a POST that failed fails too (409).
              const orphaned = status === 409 && sent?.path === "/Users/bulkId:new" && created === undefined;
              if (!allow({ ...answer, status, body: result.response }) && !(orphaned && postFailed))
                ledger.unexpected.push(
                  `Bulk ${sent?.method} ${sent?.path}: ${result.status} ${JSON.stringify(result.response)}`,
                );
              return;
            }
            const version = versionOf(result.version);
            if (sent?.method === "POST") {
              created = String(result.location).split("/").pop();
              if (created) ledger.acknowledge("Users", created, version, answer);
            } else if (sent?.method === "PATCH" && sent.path === "/Users/bulkId:new") {
              if (created) ledger.acknowledge("Users", created, version, answer);
            } else if (sent?.method === "PATCH") {
              ledger.acknowledge("Groups", group, version, answer);
            } else if (sent?.method === "DELETE" && victim) {
              ledger.deleteAcked(victim);
            }
          });
          if (created) own.push(created);
        },
      ],
    ];
    const total = actions.reduce((sum, [weight]) => sum + weight, 0);
    while (!halted) {
      let roll = Math.random() * total;
      let chosen = actions[0]![1];
      for (const [weight, action] of actions) {
        chosen = action;
        roll -= weight;
        if (roll < 0) break;
      }
      await chosen();
    }
  };

  const done = Promise.all(Array.from({ length: options.workers }, (_, index) => worker(index))).then(
    () => {},
  );
  return {
    halt: () => {
      halted = true;
    },
    done,
  };
}

/** Polls `condition` every 50 ms until it holds; false after `timeoutMs`. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}
