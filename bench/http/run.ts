/**
 * HTTP benchmark (not a test): our SCIM server (`MemoryStore` and `SqliteStore`) against scimmy +
 * scimmy-routers, all on Express 5 at /scim/v2 without auth, driven by autocannon.
 * Run: `npx -y pnpm@12.4.2 run bench:http` in bench/. `BENCH_DURATION_S` (default 3) is the length
 * of each measurement, `BENCH_ROUNDS` (default 2) how many rounds; the best round counts.
 *
 * Each server runs in its own child process (this file with `serve <kind>`), so the load generator
 * does not share an event loop with the server it measures. Every round starts fresh servers,
 * seeds 1,000 users through POST, then measures the `userName eq` lookup, a page of 100 and create.
 */
import { type ChildProcess, fork } from "node:child_process";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CONNECTIONS = 10;
const SEED = 1_000;
const SCIM_JSON = "application/scim+json";
const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";

const KINDS = ["memory", "sqlite", "scimmy"] as const;
type Kind = (typeof KINDS)[number];
const LABELS: Record<Kind, string> = {
  memory: "scimkit MemoryStore",
  sqlite: "scimkit SqliteStore (:memory:)",
  scimmy: "scimmy + scimmy-routers",
};

// ---------------------------------------------------------------- servers (child processes)

async function ourApp(kind: "memory" | "sqlite") {
  const { default: express } = await import("express");
  const { createScimServer, MemoryStore } = await import("@scimkit/server");
  const { scimRouter } = await import("@scimkit/server/express");
  let store: InstanceType<typeof MemoryStore> | import("@scimkit/server/sqlite").SqliteStore;
  if (kind === "memory") store = new MemoryStore();
  else {
    const { SqliteStore } = await import("@scimkit/server/sqlite");
    store = new SqliteStore({ filename: ":memory:" });
  }
  const app = express();
  app.use("/scim/v2", scimRouter(createScimServer({ store })));
  return app;
}

/** The plainest in-memory scimmy setup: a Map of users, filtered with scimmy's own `Filter.match`. */
async function scimmyApp() {
  const { default: express } = await import("express");
  const { default: SCIMMY } = await import("scimmy");
  const { default: SCIMMYRouters } = await import("scimmy-routers");
  type Stored = Record<string, unknown> & { id: string; userName: string };
  const users = new Map<string, Stored>();
  const byUserName = new Map<string, string>();
  let next = 0;
  // scimmy's docs pass `null` for "no scimType"; its type declarations only accept a string.
  const notFound = (id: string | undefined) =>
    new SCIMMY.Types.Error(404, null as unknown as string, `Resource ${id} not found`);

  SCIMMY.Resources.declare(SCIMMY.Resources.User)
    .ingress((resource, instance) => {
      const data = { ...instance } as unknown as Stored;
      const key = data.userName.toLowerCase();
      const owner = byUserName.get(key);
      if (owner !== undefined && owner !== resource.id) {
        throw new SCIMMY.Types.Error(409, "uniqueness", `userName ${data.userName} is taken`);
      }
      const existing = resource.id === undefined ? undefined : users.get(resource.id);
      if (resource.id !== undefined && existing === undefined) {
        throw notFound(resource.id);
      }
      const now = new Date();
      const id = resource.id ?? String(++next);
      if (existing) byUserName.delete(existing.userName.toLowerCase());
      const stored: Stored = {
        ...data,
        id,
        meta: { created: (existing?.meta as { created?: Date })?.created ?? now, lastModified: now },
      };
      users.set(id, stored);
      byUserName.set(key, id);
      return stored;
    })
    .egress((resource) => {
      if (resource.id !== undefined) {
        const found = users.get(resource.id);
        if (!found) throw notFound(resource.id);
        return found;
      }
      const all = [...users.values()];
      const matched = resource.filter ? resource.filter.match(all) : all;
      // Page here, as scimmy's docs suggest (egress gets `resource.constraints`), so that scimmy
      // formats only the page: its ListResponse takes `totalResults` from the constraints.
      const constraints = resource.constraints as {
        startIndex?: number;
        count?: number;
        totalResults?: number;
      };
      if (constraints === undefined) return matched;
      const start = (constraints.startIndex ?? 1) - 1;
      constraints.totalResults = matched.length;
      return matched.slice(start, start + (constraints.count ?? 20));
    })
    .degress((resource) => {
      const found = resource.id === undefined ? undefined : users.get(resource.id);
      if (!found) throw notFound(resource.id);
      users.delete(found.id);
      byUserName.delete(found.userName.toLowerCase());
    });

  const app = express();
  // scimmy-routers casts `startIndex` and `count` to numbers by assigning to `req.query`, but
  // Express 5's `req.query` is a getter that parses again on every read, so the cast is lost and
  // scimmy ignores `count` (pages of 20). Freezing the parsed query as a plain property fixes it.
  app.use((req, _res, next) => {
    Object.defineProperty(req, "query", { value: { ...req.query }, writable: true, configurable: true });
    next();
  });
  app.use("/scim/v2", new SCIMMYRouters({ type: "bearer", handler: () => "bench" }));
  return app;
}

async function serve(kind: Kind): Promise<void> {
  const app = kind === "scimmy" ? await scimmyApp() : await ourApp(kind);
  const server = app.listen(0, "127.0.0.1", () => {
    process.send?.({ port: (server.address() as AddressInfo).port });
  });
  process.on("disconnect", () => process.exit(0));
}

// ---------------------------------------------------------------- load generator

interface Running {
  kind: Kind;
  child: ChildProcess;
  base: string;
}

function start(kind: Kind): Promise<Running> {
  const child = fork(fileURLToPath(import.meta.url), ["serve", kind], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`${kind}: server did not start within 30 s`));
    }, 30_000);
    child.once("message", (message) => {
      clearTimeout(timer);
      const { port } = message as { port: number };
      resolve({ kind, child, base: `http://127.0.0.1:${port}/scim/v2` });
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${kind}: server exited (${code}) before listening`));
    });
  });
}

function newUser(userName: string) {
  return {
    schemas: [USER_SCHEMA],
    userName,
    externalId: `ext-${userName}`,
    active: true,
    displayName: `User ${userName}`,
    name: { givenName: "Given", familyName: userName },
    emails: [{ value: `${userName}@example.com`, type: "work", primary: true }],
  };
}

async function expectStatus(response: Response, status: number, what: string): Promise<unknown> {
  const text = await response.text();
  if (response.status !== status) {
    throw new Error(`${what}: expected ${status}, got ${response.status}: ${text.slice(0, 300)}`);
  }
  return JSON.parse(text);
}

/** Creates users user0…user999 through POST, 10 at a time. */
async function seed({ kind, base }: Running): Promise<void> {
  let i = 0;
  const worker = async () => {
    while (i < SEED) {
      const n = i++;
      const response = await fetch(`${base}/Users`, {
        method: "POST",
        headers: { "content-type": SCIM_JSON, accept: SCIM_JSON },
        body: JSON.stringify(newUser(`user${n}`)),
        signal: AbortSignal.timeout(10_000),
      });
      await expectStatus(response, 201, `${kind}: seed POST /Users`);
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
}

const FILTER_PATH = `/Users?filter=${encodeURIComponent('userName eq "user500"')}`;
const PAGE_PATH = "/Users?startIndex=1&count=100";

/** One request of each scenario, its body checked, so the timed runs measure real answers. */
async function check({ kind, base }: Running): Promise<void> {
  const opts = { headers: { accept: SCIM_JSON }, signal: AbortSignal.timeout(10_000) };
  const found = (await expectStatus(await fetch(base + FILTER_PATH, opts), 200, `${kind}: filter`)) as {
    totalResults: number;
    Resources: { userName: string }[];
  };
  if (found.totalResults !== 1 || found.Resources[0]?.userName !== "user500") {
    throw new Error(`${kind}: filter answered ${JSON.stringify(found).slice(0, 300)}`);
  }
  const page = (await expectStatus(await fetch(base + PAGE_PATH, opts), 200, `${kind}: page`)) as {
    totalResults: number;
    Resources: unknown[];
  };
  if (page.totalResults !== SEED || page.Resources.length !== 100) {
    throw new Error(
      `${kind}: page answered totalResults ${page.totalResults}, ${page.Resources.length} resources`,
    );
  }
}

interface Figure {
  rps: number;
  p99: number;
}

type Scenario = "filter" | "page" | "create";
const SCENARIOS: Record<Scenario, string> = {
  filter: 'GET /Users?filter=userName eq "user500"',
  page: "GET /Users?startIndex=1&count=100",
  create: "POST /Users",
};

let created = 0;

async function measure({ kind, base }: Running, scenario: Scenario): Promise<Figure> {
  const expected = scenario === "create" ? 201 : 200;
  const url = new URL(base);
  const requests: autocannon.Request[] =
    scenario === "create"
      ? [
          {
            method: "POST",
            path: `${url.pathname}/Users`,
            headers: { "content-type": SCIM_JSON, accept: SCIM_JSON },
            setupRequest: (request) => ({ ...request, body: JSON.stringify(newUser(`new${++created}`)) }),
          },
        ]
      : [{ method: "GET", path: url.pathname + (scenario === "filter" ? FILTER_PATH : PAGE_PATH) }];
  const result = await autocannon({
    url: url.origin,
    connections: CONNECTIONS,
    duration: DURATION_S,
    timeout: 10,
    headers: { accept: SCIM_JSON },
    requests,
  });
  const codes = Object.keys(result.statusCodeStats ?? {});
  if (
    result.errors > 0 ||
    result.timeouts > 0 ||
    result.non2xx > 0 ||
    codes.some((code) => code !== String(expected)) ||
    result.requests.total === 0
  ) {
    throw new Error(
      `${kind} ${SCENARIOS[scenario]}: expected only ${expected}, got status codes ${JSON.stringify(
        result.statusCodeStats,
      )}, ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
  return { rps: result.requests.average, p99: result.latency.p99 };
}

async function main(): Promise<void> {
  const watchdog = setTimeout(() => {
    console.error("benchmark took over 10 minutes: giving up");
    process.exit(2);
  }, 10 * 60_000);
  watchdog.unref();
  const best = new Map<string, Figure>();
  for (let round = 1; round <= ROUNDS; round++) {
    for (const kind of KINDS) {
      const running = await start(kind);
      try {
        await seed(running);
        await check(running);
        for (const scenario of Object.keys(SCENARIOS) as Scenario[]) {
          const figure = await measure(running, scenario);
          const key = `${kind}/${scenario}`;
          const previous = best.get(key);
          if (!previous || figure.rps > previous.rps) best.set(key, figure);
          console.error(
            `round ${round} ${LABELS[kind]} ${SCENARIOS[scenario]}: ${figure.rps.toFixed(0)} req/s, p99 ${figure.p99} ms`,
          );
        }
      } finally {
        running.child.kill();
      }
    }
  }

  const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
  console.log(
    `\nNode ${process.version}, ${CONNECTIONS} connections, ${DURATION_S} s per run, best of ${ROUNDS} rounds, ${SEED.toLocaleString("en-US")} users seeded\n`,
  );
  console.log("| scenario | server | req/s | p99 | ours / scimmy (req/s) |");
  console.log("|---|---|---:|---:|---:|");
  for (const scenario of Object.keys(SCENARIOS) as Scenario[]) {
    const peer = best.get(`scimmy/${scenario}`) as Figure;
    for (const kind of KINDS) {
      const figure = best.get(`${kind}/${scenario}`) as Figure;
      const ratio = kind === "scimmy" ? "" : `${(figure.rps / peer.rps).toFixed(2)}x`;
      console.log(
        `| \`${SCENARIOS[scenario]}\` | ${LABELS[kind]} | ${fmt(figure.rps)} | ${figure.p99} ms | ${ratio} |`,
      );
    }
  }
}

if (process.argv[2] === "serve") {
  await serve(process.argv[3] as Kind);
} else {
  await main();
}
