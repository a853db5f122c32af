/** Command-line options of `npm run soak` (parsed apart from the run so that a test can check them). */

/** What one soak run drives. */
export interface SoakOptions {
  /** How long the mixed load runs. */
  readonly minutes: number;
  /** The store every instance opens. */
  readonly store: "sqlite" | "postgres";
  /** Server processes sharing the one database (requests go to them in turn). */
  readonly instances: number;
  /** Requests in flight at any time, over all instances. */
  readonly connections: number;
  /** Users created before the mix starts (the mix keeps the population near this size). */
  readonly users: number;
  /** Groups members are added to and removed from. */
  readonly groups: number;
  /** Seconds between memory samples of each instance. */
  readonly sampleSeconds: number;
  /** Write the report as JSON to this file too. */
  readonly out: string | undefined;
}

export const SOAK_USAGE = `usage: npm run soak -- [--minutes M] [--store sqlite|postgres] [--instances N] [--connections C] [--users U] [--groups G] [--out FILE]

  --minutes M      how long the mixed IdP load runs (default 10; fractions allowed)
  --store S        sqlite (a file in the temp dir) or postgres (a fresh schema on PG_TEST_URL) (default sqlite)
  --instances N    provisioning-server processes on the one database (default 1)
  --connections C  requests in flight over all instances (default 16)
  --users U        users created before the mix; the mix keeps about this many (default 2000)
  --groups G       groups members are added to and removed from (default 10)
  --out FILE       also write the report as JSON

Exits 1 when any request failed (a 5xx, an unexpected status, a network error or a wrong answer)
or a server process died.`;

function number(flag: string, text: string | undefined, integer: boolean): number {
  const value = Number(text);
  if (text === undefined || !Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new Error(
      `${flag} needs a positive ${integer ? "integer" : "number"}, got ${JSON.stringify(text)}\n${SOAK_USAGE}`,
    );
  }
  return value;
}

/** Parses the arguments after the script; throws a usage error naming the flag. */
export function parseSoakArgs(argv: readonly string[]): SoakOptions {
  let minutes = 10;
  let store: SoakOptions["store"] = "sqlite";
  let instances = 1;
  let connections = 16;
  let users = 2_000;
  let groups = 10;
  let sampleSeconds = 5;
  let out: string | undefined;
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i]!;
    const value = argv[i + 1];
    switch (flag) {
      case "--minutes":
        minutes = number(flag, value, false);
        break;
      case "--store":
        if (value !== "sqlite" && value !== "postgres") {
          throw new Error(`--store takes sqlite or postgres, got ${JSON.stringify(value)}\n${SOAK_USAGE}`);
        }
        store = value;
        break;
      case "--instances":
        instances = number(flag, value, true);
        break;
      case "--connections":
        connections = number(flag, value, true);
        break;
      case "--users":
        users = number(flag, value, true);
        break;
      case "--groups":
        groups = number(flag, value, true);
        break;
      case "--sample-seconds":
        sampleSeconds = number(flag, value, false);
        break;
      case "--out":
        if (value === undefined || value.startsWith("--"))
          throw new Error(`--out needs a file\n${SOAK_USAGE}`);
        out = value;
        break;
      default:
        throw new Error(`unknown option ${JSON.stringify(flag)}\n${SOAK_USAGE}`);
    }
  }
  return { minutes, store, instances, connections, users, groups, sampleSeconds, out };
}
