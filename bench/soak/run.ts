/**
 * The soak of issue 16 (not a test, not in CI): the real provisioning server
 * (`apps/provisioning-server`, built) on SQLite or PostgreSQL, one or several processes on one
 * database, under the mix an IdP sends for as long as asked: creates, `userName eq` lookups,
 * Entra ID member adds, Okta member removals, Okta deactivations and deletes. It prints throughput,
 * answers by status, p50/p99 and the memory of each process (sampled), then checks the database
 * holds exactly what was acknowledged, and exits 1 on any 5xx, failed request or dead process.
 *
 * Run from the repository root: `npm run soak -- --minutes 10 [--store sqlite|postgres] [--instances N]`
 * (`--help` for all options). PostgreSQL: `PG_TEST_URL` (default `postgres://postgres@127.0.0.1:5432/postgres`),
 * a fresh schema that is dropped afterwards.
 */
import { type ChildProcess, fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  entraAddMember,
  GROUP_SCHEMA,
  oktaRemoveMember,
  PATCH_OP,
  SCIM_JSON,
  USER_SCHEMA,
} from "../suite/fixtures.js";
import { parseSoakArgs, SOAK_USAGE } from "./options.js";
import { formatSoakReport, type Operation, SoakRecorder, soakFailures } from "./report.js";

if (process.argv.includes("--help") || process.argv.includes("-h")) {
  console.log(SOAK_USAGE);
  process.exit(0);
}
const options = parseSoakArgs(process.argv.slice(2));
const here = dirname(fileURLToPath(import.meta.url));
const appMain = join(here, "..", "..", "apps", "provisioning-server", "dist", "main.js");
if (!existsSync(appMain)) {
  throw new Error(
    "apps/provisioning-server is not built: run `npm run soak` from the repository root (it builds it)",
  );
}
const PG_URL = process.env.PG_TEST_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const TOKEN = randomBytes(24).toString("base64url");
const REQUEST_TIMEOUT_MS = 30_000;
const tag = randomBytes(3).toString("hex");

// ---- the database -----------------------------------------------------------------------------

const databaseEnv: Record<string, string> = {};
let dropDatabase: () => Promise<void>;
if (options.store === "sqlite") {
  const dir = mkdtempSync(join(tmpdir(), "scimkit-soak-"));
  Object.assign(databaseEnv, { STORE: "sqlite", DATABASE_FILE: join(dir, "scim.db") });
  dropDatabase = async () => rmSync(dir, { recursive: true, force: true });
} else {
  const schema = `scim_soak_${tag}`;
  Object.assign(databaseEnv, { STORE: "postgres", DATABASE_URL: PG_URL, DATABASE_SCHEMA: schema });
  dropDatabase = async () => {
    const { default: pg } = await import("pg");
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  };
}

// ---- the server processes ---------------------------------------------------------------------

const recorder = new SoakRecorder();
let mixStarted: number | undefined;
let stopping = false;
let serverExits = 0;

interface Instance {
  readonly origin: string;
  readonly process: ChildProcess;
}

/** Every process started, listening or not, so that all of them are stopped at the end. */
const children: ChildProcess[] = [];

function startInstance(index: number): Promise<Instance> {
  const child = fork(appMain, [], {
    env: {
      ...process.env,
      ...databaseEnv,
      PORT: "0",
      HOST: "127.0.0.1",
      SCIM_TOKEN: TOKEN,
      SOAK_SAMPLE_MS: String(options.sampleSeconds * 1000),
    },
    execArgv: ["--import", pathToFileURL(join(here, "memory-probe.mjs")).href],
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  children.push(child);
  child.on("message", (message: { rss: number; heapUsed: number }) => {
    if (mixStarted !== undefined) {
      recorder.sample(index, { at: (Date.now() - mixStarted) / 1000, ...message });
    }
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`instance ${index}: no URL within 60 s\n${stderr}`)),
      60_000,
    );
    let stdout = "";
    const findUrl = (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /SCIM endpoint: (http:\/\/[^\s]+)\/scim\/v2/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        // From here on stdout carries one log line per request: read and dropped, never parsed.
        child.stdout?.off("data", findUrl);
        child.stdout?.resume();
        resolve({ origin: match[1]!, process: child });
      }
    };
    child.stdout?.on("data", findUrl);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      if (!stopping) {
        serverExits++;
        console.error(`instance ${index} exited (${code ?? signal}) during the soak\n${stderr}`);
      }
      reject(new Error(`instance ${index}: exited (${code ?? signal}) before listening\n${stderr}`));
    });
  });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 15_000)))]);
  clearTimeout(timer);
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}

// ---- requests ---------------------------------------------------------------------------------

let instances: Instance[] = [];
let turn = 0;

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown> | undefined;
  readonly ms: number;
}

/** One request to the next instance in turn; undefined when it failed without an answer (recorded). */
async function send(
  operation: Operation | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<Answer | undefined> {
  const origin = instances[turn++ % instances.length]!.origin;
  const t0 = performance.now();
  try {
    const response = await fetch(`${origin}/scim/v2${path}`, {
      method,
      headers: {
        authorization: `Bearer ${TOKEN}`,
        accept: SCIM_JSON,
        ...(body === undefined ? {} : { "content-type": SCIM_JSON }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    const ms = performance.now() - t0;
    let json: Record<string, unknown> | undefined;
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    } catch {
      json = { unparsed: text.slice(0, 200) };
    }
    return { status: response.status, body: json, ms };
  } catch (error) {
    const message = `${method} ${path}: ${error instanceof Error ? error.message : String(error)}`;
    if (operation) recorder.fail(operation, message);
    else throw new Error(message);
    return undefined;
  }
}

/** Records the answer of `operation`; true when its status is one of `expected` and `check` finds nothing wrong. */
function judge(
  operation: Operation,
  answer: Answer | undefined,
  expected: readonly number[],
  check?: (body: Record<string, unknown> | undefined) => string | undefined,
): boolean {
  if (!answer) return false;
  let problem = expected.includes(answer.status) ? undefined : JSON.stringify(answer.body)?.slice(0, 300);
  if (problem === undefined && check) problem = check(answer.body);
  recorder.answer(operation, answer.status, answer.ms, problem === undefined, problem);
  return problem === undefined;
}

// ---- what the soak knows was acknowledged -----------------------------------------------------

/** Ids with O(1) add, remove and random pick. */
class IdSet {
  private readonly ids: string[] = [];
  private readonly index = new Map<string, number>();
  get size(): number {
    return this.ids.length;
  }
  has(id: string): boolean {
    return this.index.has(id);
  }
  add(id: string): void {
    if (this.index.has(id)) return;
    this.index.set(id, this.ids.length);
    this.ids.push(id);
  }
  delete(id: string): void {
    const at = this.index.get(id);
    if (at === undefined) return;
    const last = this.ids.pop()!;
    if (last !== id) {
      this.ids[at] = last;
      this.index.set(last, at);
    }
    this.index.delete(id);
  }
  random(): string | undefined {
    return this.ids.length === 0 ? undefined : this.ids[Math.floor(Math.random() * this.ids.length)];
  }
  values(): readonly string[] {
    return this.ids;
  }
}

const users = new IdSet();
const userNames = new Map<string, string>();
const groups = new Map<string, IdSet>();
/** Users an operation is changing: no other change picks them, so every answer has one right value. */
const busy = new Set<string>();
let created = 0;

/** A random user no operation is changing, or undefined after a few tries. */
function freeUser(exclude?: IdSet): string | undefined {
  for (let tries = 0; tries < 8; tries++) {
    const id = users.random();
    if (id !== undefined && !busy.has(id) && !exclude?.has(id)) return id;
  }
  return undefined;
}

function randomGroup(): [string, IdSet] {
  const all = [...groups];
  return all[Math.floor(Math.random() * all.length)]!;
}

function newUser(n: number) {
  const userName = `soak-${tag}-${n}@example.com`;
  return {
    schemas: [USER_SCHEMA],
    userName,
    externalId: `soak-${tag}-${n}`,
    active: true,
    displayName: `Soak ${n}`,
    name: { givenName: `Given${n}`, familyName: `Family${n}` },
    emails: [{ value: userName, type: "work", primary: true }],
  };
}

async function create(): Promise<void> {
  const user = newUser(++created);
  const answer = await send("create", "POST", "/Users", user);
  if (judge("create", answer, [201], (body) => (typeof body?.id === "string" ? undefined : "no id"))) {
    const id = answer!.body!.id as string;
    users.add(id);
    userNames.set(id, user.userName);
  }
}

async function lookup(): Promise<void> {
  const id = users.random();
  if (id === undefined) return create();
  const settled = !busy.has(id);
  const userName = userNames.get(id)!;
  const answer = await send(
    "lookup",
    "GET",
    `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`,
  );
  judge("lookup", answer, [200], (body) => {
    // A user no operation changed while the lookup was under way must be found, exactly once.
    // (A delete may pick the user after the lookup did, and finish before the lookup's answer
    // arrives: then the user is no longer in the set.)
    if (!settled || busy.has(id) || !users.has(id)) return undefined;
    const found = body?.Resources as { id?: string }[] | undefined;
    return body?.totalResults === 1 && found?.[0]?.id === id
      ? undefined
      : `lookup of ${userName} answered ${JSON.stringify(body).slice(0, 200)}`;
  });
}

async function memberAdd(): Promise<void> {
  const [groupId, members] = randomGroup();
  const id = freeUser(members);
  if (id === undefined) return lookup();
  busy.add(id);
  try {
    const answer = await send("member-add", "PATCH", `/Groups/${groupId}`, entraAddMember(id));
    if (judge("member-add", answer, [200, 204])) members.add(id);
  } finally {
    busy.delete(id);
  }
}

async function memberRemove(): Promise<void> {
  const [groupId, members] = randomGroup();
  let id: string | undefined;
  for (let tries = 0; tries < 8 && id === undefined; tries++) {
    const pick = members.random();
    if (pick !== undefined && !busy.has(pick)) id = pick;
  }
  if (id === undefined) return memberAdd();
  busy.add(id);
  try {
    const answer = await send("member-remove", "PATCH", `/Groups/${groupId}`, oktaRemoveMember(id));
    if (judge("member-remove", answer, [200, 204])) members.delete(id);
  } finally {
    busy.delete(id);
  }
}

async function deactivate(): Promise<void> {
  const id = freeUser();
  if (id === undefined) return lookup();
  busy.add(id);
  try {
    // Okta's deactivation: a replace without a path.
    const answer = await send("deactivate", "PATCH", `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", value: { active: false } }],
    });
    judge("deactivate", answer, [200, 204]);
  } finally {
    busy.delete(id);
  }
}

async function remove(): Promise<void> {
  const id = freeUser();
  if (id === undefined) return create();
  busy.add(id);
  try {
    const answer = await send("delete", "DELETE", `/Users/${id}`);
    if (judge("delete", answer, [204])) {
      users.delete(id);
      userNames.delete(id);
      // A deleted user is no member of any group (RFC 7643 §4.2: members are resources that exist).
      for (const members of groups.values()) members.delete(id);
    }
  } finally {
    busy.delete(id);
  }
}

/** Picks the next operation: the weights of an IdP sync, with creates and deletes keeping the population near its target. */
function nextOperation(): () => Promise<void> {
  const r = Math.random() * 100;
  if (r < 40) return lookup;
  if (r < 55) return memberAdd;
  if (r < 65) return memberRemove;
  if (r < 75) return deactivate;
  // Churn: create below the target population, delete above it, in between both.
  const create_ = Math.min(1, Math.max(0, 0.5 + (options.users - users.size) / (0.2 * options.users)));
  return Math.random() < create_ ? create : remove;
}

// ---- the run ----------------------------------------------------------------------------------

async function inParallel(count: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(options.connections, count) }, worker));
}

async function consistencyCheck(): Promise<string[]> {
  const problems: string[] = [];
  const list = await send(undefined, "GET", `/Users?count=0`);
  if (list?.status !== 200 || list.body?.totalResults !== users.size) {
    problems.push(
      `${users.size} users acknowledged, the server lists ${JSON.stringify(list?.body?.totalResults)}`,
    );
  }
  for (const [groupId, members] of groups) {
    const group = await send(undefined, "GET", `/Groups/${groupId}?attributes=members`);
    const stored = new Set(
      ((group?.body?.members as { value: string }[] | undefined) ?? []).map((m) => m.value),
    );
    const missing = members.values().filter((id) => !stored.has(id));
    const extra = [...stored].filter((id) => !members.has(id));
    if (group?.status !== 200 || missing.length > 0 || extra.length > 0) {
      problems.push(
        `group ${groupId}: status ${group?.status}, ${missing.length} acknowledged members missing, ${extra.length} unexpected`,
      );
    }
    for (const id of stored) {
      if (!users.has(id)) problems.push(`group ${groupId} has member ${id}, which is not a user`);
    }
  }
  return problems;
}

const startLoad = loadavg()[0]!;
let exitCode = 1;
try {
  instances = [await startInstance(0)];
  // Further instances start once the first has migrated the database.
  instances.push(
    ...(await Promise.all(Array.from({ length: options.instances - 1 }, (_, i) => startInstance(i + 1)))),
  );
  console.error(
    `soak: ${options.instances} × provisioning-server on ${options.store}; creating ${options.users} users and ${options.groups} groups`,
  );
  await inParallel(options.users, async () => {
    const user = newUser(++created);
    const answer = await send(undefined, "POST", "/Users", user);
    if (answer?.status !== 201)
      throw new Error(`seeding a user: ${answer?.status} ${JSON.stringify(answer?.body)}`);
    users.add(answer.body!.id as string);
    userNames.set(answer.body!.id as string, user.userName);
  });
  for (let g = 0; g < options.groups; g++) {
    const answer = await send(undefined, "POST", "/Groups", {
      schemas: [GROUP_SCHEMA],
      displayName: `Soak ${tag} group ${g}`,
    });
    if (answer?.status !== 201)
      throw new Error(`creating a group: ${answer?.status} ${JSON.stringify(answer?.body)}`);
    groups.set(answer.body!.id as string, new IdSet());
  }
  mixStarted = Date.now();
  let end = mixStarted + options.minutes * 60_000;
  // Ctrl-C ends the mix early: the report, the consistency check and the clean-up still run.
  const endEarly = () => {
    end = 0;
  };
  process.once("SIGINT", endEarly);
  process.once("SIGTERM", endEarly);
  const progress = setInterval(() => {
    const partial = recorder.report((Date.now() - mixStarted!) / 1000, {
      settings: {},
      serverExits,
      consistency: [],
    });
    console.error(
      `soak: ${partial.seconds} s, ${partial.requests} requests (${partial.perSecond}/s), p99 ${partial.p99} ms, ${partial.failures} failed, ${partial.serverErrors} 5xx, ${users.size} users`,
    );
  }, 30_000);
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      while (Date.now() < end && serverExits === 0) await nextOperation()();
    }),
  );
  clearInterval(progress);
  const seconds = (Date.now() - mixStarted) / 1000;
  const consistency = serverExits === 0 ? await consistencyCheck() : ["skipped: a server process exited"];
  const report = recorder.report(seconds, {
    settings: {
      date: new Date().toISOString(),
      store: options.store,
      instances: options.instances,
      minutes: options.minutes,
      connections: options.connections,
      users: options.users,
      groups: options.groups,
      node: process.version,
      cpus: cpus().length,
      loadavgStart: Number(startLoad.toFixed(1)),
      loadavgEnd: Number(loadavg()[0]!.toFixed(1)),
    },
    serverExits,
    consistency,
  });
  console.log(formatSoakReport(report));
  // A relative --out is relative to where `npm run soak` was typed (npm and pnpm pass it as INIT_CWD).
  if (options.out)
    writeFileSync(
      resolve(process.env.INIT_CWD ?? process.cwd(), options.out),
      `${JSON.stringify(report, null, 2)}\n`,
    );
  exitCode = soakFailures(report).length === 0 ? 0 : 1;
} finally {
  stopping = true;
  await Promise.all(children.map(stopProcess));
  await dropDatabase();
}
process.exit(exitCode);
