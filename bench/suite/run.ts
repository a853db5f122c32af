/**
 * The benchmark suite of issue 16 (not a test): every scenario of its table over HTTP, for scimkit
 * on SQLite and on PostgreSQL, against the floor (a bare Express 5 route) and scimmy, in one run.
 * Writes `bench/results/<date>.json`, then `render.ts` turns it into `docs/benchmarks.md` and
 * `docs/benchmarks.svg`.
 *
 * Run from the repository root: `npm run bench` (full, about 15 minutes on 2 cores) or
 * `npm run bench -- --smoke` (seconds; what CI runs so the suite cannot rot); `--help` lists the
 * options (`options.ts`). `PG_TEST_URL` names the PostgreSQL server (default
 * `postgres://postgres@127.0.0.1:5432/postgres`); each run uses a fresh schema and drops it.
 */
import { type ChildProcess, execFileSync, fork } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  entraAddMember,
  entraReplaceDisplayName,
  newUser,
  oktaRemoveMember,
  SCIM_JSON,
  userId,
} from "./fixtures.js";
import { load, type Measured, NoAnswerInTime, percentile, type RequestShape } from "./load.js";
import { parseBenchArgs, type StoreKind, USAGE } from "./options.js";
import { renderDocs } from "./render.js";
import type { Command, ServerKind } from "./server-child.js";

if (process.argv.includes("--help") || process.argv.includes("-h")) {
  console.log(USAGE);
  process.exit(0);
}
const options = parseBenchArgs(process.argv.slice(2), process.env);
const smoke = options.smoke;
const SECONDS = options.seconds;
const CONNECTIONS = smoke ? 4 : 16;
/** A smoke run sends a fixed, small number of requests per scenario instead of running for seconds. */
const SMOKE_REQUESTS = 12;
/** Alternating floor/store runs of GET by id per store; the median ratio counts (see `writes`). */
const GET_BY_ID_PAIRS = smoke ? 1 : 3;
/** Requests before each timed run (not counted), so JIT warm-up does not land in the figures. */
const WARM_UP = smoke ? 0 : 200;
/** …or this many seconds, whichever ends first (a scenario at 5 req/s would warm up for 40 s). */
const WARM_UP_SECONDS = 2;
/**
 * scimmy keeps users in a Map and matches every filter against all of them in JavaScript: at
 * 100,000 users a lookup takes seconds, so it is measured up to this size.
 */
const SCIMMY_MAX_USERS = 10_000;
const SIZES = options.sizes;
/** Members added one request at a time to one group (the table's "group growing to N"). */
const MEMBER_ADDS = options.members;
/** scimmy rewrites the whole group on every PATCH, so it gets a smaller group. */
const SCIMMY_MEMBER_ADDS = options.scimmyMembers;
const MEMBER_REMOVES = smoke ? 5 : 1_000;
/** Resources per list page (the table's page of 100; a smoke run's tiny databases get pages of 10). */
const PAGE = smoke ? 10 : 100;
const SERVERS: ServerKind[] = ["floor", ...options.stores, "scimmy"];

/** One measured figure. */
export interface ResultRow {
  /** Scenario key (see `SCENARIOS` in render.ts). */
  readonly scenario: string;
  readonly server: ServerKind;
  /** Users in the database when measured. */
  readonly users?: number;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  /** Requests measured (absent in results recovered from a run's log). */
  readonly requests?: number;
  /** Connection errors and timeouts (recorded for a peer; a scimkit figure with over 1% fails the run). */
  readonly errors?: number;
  /**
   * A floor figure measured right before this store's GET by id (the floor server stays up for the
   * whole run), so the ratio compares two figures taken under the same machine load; of three such
   * alternating pairs, the one with the median ratio.
   */
  readonly beside?: StoreKind;
}

/** The file `bench/results/<date>.json`. */
export interface Results {
  readonly date: string;
  readonly commit: string;
  readonly node: string;
  readonly mode: "full" | "smoke";
  /** How the file came about when it is not a plain run's output. */
  readonly note?: string;
  /** False while the run is under way (the file is rewritten after each server), or when it was stopped. */
  readonly complete?: boolean;
  readonly cpus: number;
  /** CPU model and memory of the machine (no host names or paths). */
  readonly machine?: { readonly cpu: string; readonly memoryGiB: number; readonly platform: string };
  /** Wall time of the whole run. */
  readonly durationSeconds?: number;
  /** 1-minute load average at the start and the end (other jobs share the machine). */
  readonly loadavg: { readonly start: number; readonly end: number };
  readonly settings: {
    readonly connections: number;
    readonly seconds: number;
    readonly sizes: readonly number[];
    readonly memberAdds: number;
    readonly scimmyMemberAdds: number;
    readonly memberRemoves?: number;
    /** Alternating floor/store pairs of GET by id per store (absent in older results: one). */
    readonly getByIdPairs?: number;
    readonly scimmyMaxUsers?: number;
    readonly stores?: readonly string[];
  };
  readonly rows: ResultRow[];
}

interface Child {
  readonly kind: ServerKind;
  readonly origin: string;
  readonly process: ChildProcess;
  send(command: Command): Promise<{ id?: string }>;
}

const here = dirname(fileURLToPath(import.meta.url));

function start(kind: ServerKind): Promise<Child> {
  const child = fork(join(here, "server-child.ts"), [kind], {
    // The servers run the built packages (dist), as users install them: without the source
    // condition the workspace packages resolve to their build output, and tsx only loads this file.
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let pending: ((message: { ok: boolean; id?: string; error?: string }) => void) | undefined;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind}: did not start within 60 s`)), 60_000);
    child.once("exit", (code) => reject(new Error(`${kind}: exited (${code}) before listening`)));
    child.once("message", (message) => {
      clearTimeout(timer);
      child.on("message", (reply) => pending?.(reply as { ok: boolean; id?: string; error?: string }));
      const { port } = message as { port: number };
      resolve({
        kind,
        origin: `http://127.0.0.1:${port}`,
        process: child,
        send: (command) =>
          new Promise((done, fail) => {
            pending = (reply) => (reply.ok ? done(reply) : fail(new Error(`${kind}: ${reply.error}`)));
            child.send(command);
          }),
      });
    });
  });
}

async function stop(child: Child): Promise<void> {
  const exited = new Promise((resolve) => child.process.once("exit", resolve));
  child.process.send({ cmd: "stop" } satisfies Command);
  // A child that does not close within 30 s is killed; the timer must not keep this process alive.
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 30_000)))]);
  clearTimeout(timer);
  if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill("SIGKILL");
}

const rows: ResultRow[] = [];

function record(
  scenario: string,
  server: ServerKind,
  figure: Measured,
  users?: number,
  beside?: StoreKind,
): void {
  rows.push({
    scenario,
    server,
    ...(users !== undefined ? { users } : {}),
    ...figure,
    ...(beside !== undefined ? { beside } : {}),
  });
  const size = users === undefined ? "" : ` @${users}`;
  console.error(
    `${server.padEnd(8)} ${`${scenario}${size}`.padEnd(30)} ${figure.rps.toFixed(0).padStart(6)} req/s  p50 ${figure.p50.toFixed(2)} ms  p99 ${figure.p99.toFixed(2)} ms`,
  );
}

/** A random user number below `size`. */
const pick = (size: number) => Math.floor(Math.random() * size);
const q = (filter: string) => `/scim/v2/Users?filter=${encodeURIComponent(filter)}`;

/** A timed run of `shape` after a warm-up: seconds long, or a few requests in a smoke run. */
async function timed(origin: string, shape: RequestShape): Promise<Measured> {
  if (WARM_UP > 0) {
    await load(origin, shape, { connections: CONNECTIONS, amount: WARM_UP, atMostSeconds: WARM_UP_SECONDS });
    // A warm-up cut off leaves requests the server is still working on: one more request, answered
    // after them, drains the queue so the timed run does not start behind it.
    if (shape.method === "GET") {
      const drained = await fetchOnce(origin + shape.path(0), { headers: { accept: SCIM_JSON } });
      await drained.arrayBuffer();
    }
  }
  if (smoke) return load(origin, shape, { connections: CONNECTIONS, amount: SMOKE_REQUESTS });
  try {
    return await load(origin, shape, { connections: CONNECTIONS, seconds: SECONDS });
  } catch (error) {
    if (!(error instanceof NoAnswerInTime)) throw error;
    // A scenario slower than the run (scimmy's pages on a loaded machine): one answer per
    // connection, however long that takes, rather than no figure and a stopped suite.
    console.error(`${error.message}; measuring ${CONNECTIONS} requests instead`);
    return load(origin, shape, { connections: CONNECTIONS, amount: CONNECTIONS });
  }
}

const get = (path: (n: number) => string): RequestShape => ({ method: "GET", path, status: 200 });

/**
 * `fetch` that retries a request the server never answered: a kept-alive connection the server
 * closed just as the request went out (ECONNRESET) is a race of keep-alive, not an error of the
 * server. Only for GETs, which are safe to repeat.
 */
async function fetchOnce(url: string, init: RequestInit): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(120_000) });
    } catch (error) {
      if (attempt >= 3 || !(error instanceof TypeError)) throw error;
    }
  }
}

async function fetchJson(url: string): Promise<Record<string, unknown>> {
  const response = await fetchOnce(url, { headers: { accept: SCIM_JSON } });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET ${url}: ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** Checks one answer of a lookup: exactly the user asked for. */
async function checkLookup(child: Child, filter: string, userName: string): Promise<void> {
  const body = await fetchJson(child.origin + q(filter));
  const found = body.Resources as { userName: string }[];
  if (body.totalResults !== 1 || found[0]?.userName !== userName) {
    throw new Error(`${child.kind}: ${filter} answered ${JSON.stringify(body).slice(0, 300)}`);
  }
}

async function lookups(child: Child, size: number): Promise<void> {
  await checkLookup(child, `userName eq "user${size - 1}@example.com"`, `user${size - 1}@example.com`);
  await checkLookup(child, `externalId eq "ext-${size - 1}"`, `user${size - 1}@example.com`);
  await checkLookup(child, `id eq "${userId(size - 1)}"`, `user${size - 1}@example.com`);
  record(
    "lookup-userName",
    child.kind,
    await timed(
      child.origin,
      get(() => q(`userName eq "user${pick(size)}@example.com"`)),
    ),
    size,
  );
  record(
    "lookup-externalId",
    child.kind,
    await timed(
      child.origin,
      get(() => q(`externalId eq "ext-${pick(size)}"`)),
    ),
    size,
  );
  record(
    "lookup-id",
    child.kind,
    await timed(
      child.origin,
      get(() => q(`id eq "${userId(pick(size))}"`)),
    ),
    size,
  );
}

/** The table's complex filters: a value path with `sw`, `co` and `ew`, combined with `active`. */
export const COMPLEX_FILTERS = {
  "complex-sw": (n: number) => `emails[type eq "work" and value sw "user${n}@"] and active eq true`,
  "complex-co": (n: number) => `emails.value co "er${n}@home" and active eq true`,
  "complex-ew": (n: number) => `userName ew "r${n}@example.com" and active eq true`,
} as const;

async function complexFilters(child: Child, size: number): Promise<void> {
  // Numbers not divisible by 3 are active users (fixtures.newUser), so each finds its user.
  const active = (n: number) => (n % 3 === 0 ? n + 1 : n);
  for (const [scenario, filter] of Object.entries(COMPLEX_FILTERS)) {
    const probe = active(size - 2);
    const body = await fetchJson(child.origin + q(filter(probe)));
    if (body.totalResults !== 1) {
      throw new Error(`${child.kind}: ${filter(probe)} answered ${JSON.stringify(body).slice(0, 300)}`);
    }
    const shape = get(() => q(filter(active(pick(size - 1)))));
    record(scenario, child.kind, await timed(child.origin, shape), size);
  }
}

async function pages(child: Child, size: number, last: boolean): Promise<void> {
  const first = await fetchJson(`${child.origin}/scim/v2/Users?startIndex=1&count=${PAGE}`);
  if (first.totalResults !== size || (first.Resources as unknown[]).length !== PAGE) {
    throw new Error(`${child.kind}: page answered totalResults ${first.totalResults}`);
  }
  record(
    "page-first",
    child.kind,
    await timed(
      child.origin,
      get(() => `/scim/v2/Users?startIndex=1&count=${PAGE}`),
    ),
    size,
  );
  if (!last) return;
  const lastStart = size - PAGE + 1;
  record(
    "page-last",
    child.kind,
    await timed(
      child.origin,
      get(() => `/scim/v2/Users?startIndex=${lastStart}&count=${PAGE}`),
    ),
    size,
  );
  if (child.kind === "scimmy") return; // scimmy has no RFC 9865 cursors
  // Walks every cursor page, one at a time, timing each: the last tenth must cost what the first does.
  const times: number[] = [];
  let cursor: string | undefined = "";
  let seen = 0;
  const started = Date.now();
  while (cursor !== undefined) {
    const t0 = performance.now();
    const page = await fetchJson(
      `${child.origin}/scim/v2/Users?count=${PAGE}&cursor=${encodeURIComponent(cursor)}`,
    );
    times.push(performance.now() - t0);
    seen += (page.Resources as unknown[]).length;
    cursor = page.nextCursor as string | undefined;
  }
  if (seen !== size) throw new Error(`${child.kind}: cursor walk saw ${seen} users, not ${size}`);
  const tenth = Math.max(1, Math.floor(times.length / 10));
  const figure = (part: number[]): Measured => {
    const sorted = [...part].sort((a, b) => a - b);
    const total = part.reduce((a, b) => a + b, 0);
    return {
      rps: (part.length * 1000) / total,
      p50: percentile(sorted, 0.5),
      p99: percentile(sorted, 0.99),
      requests: part.length,
    };
  };
  record("cursor-first-tenth", child.kind, figure(times.slice(0, tenth)), size);
  record("cursor-last-tenth", child.kind, figure(times.slice(-tenth)), size);
  console.error(
    `${child.kind}: cursor walk of ${times.length} pages took ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

async function writes(child: Child, size: number): Promise<void> {
  const users = (n: number) => `/scim/v2/Users/${userId(n)}`;
  const byId = get(() => users(pick(size)));
  if (floorChild && (child.kind === "sqlite" || child.kind === "postgres")) {
    // The store's ratio to the floor is the target, and a shared machine moves both by up to 20%
    // between runs: the two are measured in alternating pairs, and the pair with the median ratio
    // is recorded (its floor row beside this store), so no single disturbed run decides.
    const pairs: { floor: Measured; store: Measured }[] = [];
    for (let pair = 0; pair < GET_BY_ID_PAIRS; pair++) {
      const floor = await timed(floorChild.origin, byId);
      pairs.push({ floor, store: await timed(child.origin, byId) });
    }
    pairs.sort((a, b) => a.store.rps / a.floor.rps - b.store.rps / b.floor.rps);
    const median = pairs[Math.floor(pairs.length / 2)]!;
    record("get-by-id", "floor", median.floor, size, child.kind);
    record("get-by-id", child.kind, median.store, size);
  } else record("get-by-id", child.kind, await timed(child.origin, byId), size);
  record(
    "patch-user",
    child.kind,
    await timed(child.origin, {
      method: "PATCH",
      path: () => users(pick(size)),
      body: entraReplaceDisplayName,
      status: 200,
    }),
    size,
  );
  const tag = `${child.kind}${Date.now().toString(36)}`;
  let created = 0;
  record(
    "create",
    child.kind,
    await timed(child.origin, {
      method: "POST",
      path: () => "/scim/v2/Users",
      body: () => newUser(`${tag}x${++created}`),
      status: 201,
    }),
    size,
  );
  // One group grows to `adds` members, one Entra ID PATCH per member, timed per tenth.
  const adds = Math.min(size, child.kind === "scimmy" ? SCIMMY_MEMBER_ADDS : MEMBER_ADDS);
  const { id: groupId } = await child.send({ cmd: "group", displayName: `Big group ${tag}` });
  const groupPath = `/scim/v2/Groups/${groupId}`;
  const tenth = adds / 10;
  // A peer that drops a connection under this load gets its errors recorded, not the run stopped
  // (and its final member count is not checked: a dropped PATCH may or may not have applied).
  const peer = child.kind === "scimmy";
  // The server decides the PATCH answer (200 with the resource, or 204); both are success.
  const status = await patchStatus(child, groupPath);
  let added = 1;
  for (let part = 0; part < 10; part++) {
    const from = added;
    const figure = await load(
      child.origin,
      { method: "PATCH", path: () => groupPath, body: (n) => entraAddMember(userId(from + n)), status },
      { connections: CONNECTIONS, amount: part === 0 ? tenth - 1 : tenth, tolerateErrors: peer },
    );
    added += figure.requests;
    if (part === 0) record("member-add-first-tenth", child.kind, figure, adds);
    if (part === 9) record("member-add-last-tenth", child.kind, figure, adds);
  }
  const group = await fetchJson(`${child.origin}${groupPath}?attributes=displayName`);
  if (group.displayName === undefined) throw new Error(`${child.kind}: group is gone`);
  const removes = Math.min(MEMBER_REMOVES, adds / 2);
  record(
    "member-remove",
    child.kind,
    await load(
      child.origin,
      {
        method: "PATCH",
        path: () => groupPath,
        body: (n) => oktaRemoveMember(userId(n)),
        status,
        // scimmy answers 204 when the member is not there (one of its dropped adds).
        ...(peer ? { alsoAccepted: [200, 204] } : {}),
      },
      { connections: CONNECTIONS, amount: removes, tolerateErrors: peer },
    ),
    adds,
  );
  const after = await fetchJson(`${child.origin}${groupPath}`);
  const members = (after.members as unknown[] | undefined)?.length ?? 0;
  if (!peer && members !== adds - removes) {
    throw new Error(`${child.kind}: group has ${members} members, expected ${adds - removes}`);
  }
}

/** Adds user 0 to the group and returns the status the server answers a member PATCH with. */
async function patchStatus(child: Child, groupPath: string): Promise<number> {
  const response = await fetch(child.origin + groupPath, {
    method: "PATCH",
    headers: { accept: SCIM_JSON, "content-type": SCIM_JSON },
    body: JSON.stringify(entraAddMember(userId(0))),
  });
  await response.arrayBuffer();
  if (response.status !== 200 && response.status !== 204) {
    throw new Error(`${child.kind}: member add answered ${response.status}`);
  }
  return response.status;
}

/** The floor server, kept up for the whole run so each store's GET by id has a floor figure beside it. */
let floorChild: Child | undefined;

async function benchServer(kind: ServerKind): Promise<void> {
  const serverStarted = Date.now();
  const child = await start(kind);
  let keep = false;
  try {
    if (kind === "floor") {
      const size = SIZES.at(-1)!;
      record(
        "get-by-id",
        kind,
        await timed(
          child.origin,
          get(() => `/scim/v2/Users/${userId(pick(size))}`),
        ),
      );
      floorChild = child;
      keep = true;
      return;
    }
    // Complex filters at the size nearest the issue's 10,000 users (the middle one by default);
    // pages at the smallest and the largest, with the last page and the cursor walk at the largest.
    const capped = kind === "scimmy" ? SIZES.filter((size) => size <= SCIMMY_MAX_USERS) : SIZES;
    const sizes = capped.length > 0 ? capped : SIZES.slice(0, 1);
    const complexIndex = Math.min(1, sizes.length - 1);
    const last = sizes.length - 1;
    for (const [index, size] of sizes.entries()) {
      const t0 = Date.now();
      await child.send({ cmd: "seed", to: size });
      console.error(`${kind}: seeded ${size} users in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      await lookups(child, size);
      if (index === complexIndex) await complexFilters(child, size);
      if (index === 0 || index === last) await pages(child, size, index === last);
    }
    await writes(child, sizes.at(-1)!);
  } finally {
    if (!keep) await stop(child);
    console.error(`${kind}: done in ${((Date.now() - serverStarted) / 1000).toFixed(0)} s`);
  }
}

function commitOf(): string {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

/** `bench/results/<YYYY-MM-DD>.json`, or `<YYYY-MM-DD>-2.json`… when the day already has results. */
function resultsFile(date: string): string {
  const dir = join(here, "..", "results");
  for (let n = 1; ; n++) {
    const file = join(dir, `${date}${n === 1 ? "" : `-${n}`}.json`);
    if (!existsSync(file)) return file;
  }
}

const startLoad = loadavg()[0]!;
const started = Date.now();
const runDate = new Date().toISOString();
const out =
  // A relative --out is relative to where `npm run bench` was typed (npm and pnpm pass it as INIT_CWD).
  (options.out && resolve(process.env.INIT_CWD ?? process.cwd(), options.out)) ??
  (smoke ? join(tmpdir(), `scimkit-bench-smoke-${process.pid}.json`) : resultsFile(runDate.slice(0, 10)));

/** Writes what was measured so far: a long run stopped half-way keeps the figures of the servers it finished. */
function save(complete: boolean): Results {
  const results: Results = {
    date: runDate,
    commit: commitOf(),
    node: process.version,
    mode: smoke ? "smoke" : "full",
    complete,
    cpus: cpus().length,
    machine: {
      cpu: cpus()[0]?.model.trim() ?? "unknown",
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      platform: `${process.platform}-${process.arch}`,
    },
    durationSeconds: Math.round((Date.now() - started) / 1000),
    loadavg: { start: startLoad, end: loadavg()[0]! },
    settings: {
      connections: CONNECTIONS,
      seconds: SECONDS,
      sizes: SIZES,
      memberAdds: MEMBER_ADDS,
      scimmyMemberAdds: SCIMMY_MEMBER_ADDS,
      scimmyMaxUsers: SCIMMY_MAX_USERS,
      memberRemoves: MEMBER_REMOVES,
      getByIdPairs: GET_BY_ID_PAIRS,
      stores: options.stores,
    },
    rows,
  };
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  return results;
}

for (const kind of SERVERS) {
  await benchServer(kind);
  save(false);
}
if (floorChild) await stop(floorChild);
const results = save(true);
console.error(`wrote ${relative(process.cwd(), out)} (${results.durationSeconds} s)`);
if (!smoke) renderDocs();
