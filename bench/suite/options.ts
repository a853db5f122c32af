/** Command-line options of `npm run bench` (parsed apart from the run so that a test can check them). */

/** The scimkit stores the suite can measure. */
export type StoreKind = "sqlite" | "postgres";

/** What one run of the suite measures. */
export interface BenchOptions {
  /** Seconds-long run with tiny sizes (what CI runs); no docs are regenerated. */
  readonly smoke: boolean;
  /** scimkit stores to measure (the floor and scimmy are always measured). */
  readonly stores: readonly StoreKind[];
  /** User counts, ascending: lookups at each, pages at the smallest and the largest, writes at the largest. */
  readonly sizes: readonly number[];
  /** Members one group grows to, one Entra ID PATCH per member (scimkit). */
  readonly members: number;
  /** Members scimmy's group grows to (it rewrites the whole group on every PATCH, so it gets fewer). */
  readonly scimmyMembers: number;
  /** Seconds per timed load run. */
  readonly seconds: number;
  /** Results file to write instead of the default. */
  readonly out: string | undefined;
}

export const USAGE = `usage: npm run bench -- [--smoke] [--store sqlite|postgres] [--rows N[,N…]] [--members N] [--seconds S] [--out FILE]

  --smoke          seconds-long run with tiny sizes; fails if any scenario errors (CI)
  --store S        measure scimkit on one store only (default: sqlite and postgres)
  --rows N,N,N     user counts (default 1000,10000,100000; smoke 20,40,60)
  --members N      members one group grows to, one PATCH each (default 5000; smoke 20)
  --seconds S      seconds per timed run (default 3, or BENCH_SECONDS)
  --out FILE       results file (default bench/results/<YYYY-MM-DD>.json; a smoke run writes to the temp dir)`;

function positiveInteger(flag: string, text: string | undefined): number {
  const value = Number(text);
  if (text === undefined || !Number.isInteger(value) || value <= 0) {
    throw new Error(`${flag} needs a positive integer, got ${JSON.stringify(text)}\n${USAGE}`);
  }
  return value;
}

/** Parses `argv` (the arguments after the script) and the environment; throws a usage error naming the flag. */
export function parseBenchArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): BenchOptions {
  const smoke = argv.includes("--smoke");
  let stores: StoreKind[] = ["sqlite", "postgres"];
  let sizes = smoke ? [20, 40, 60] : [1_000, 10_000, 100_000];
  let members = smoke ? 20 : 5_000;
  let seconds = positiveNumber("BENCH_SECONDS", env.BENCH_SECONDS ?? "3");
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = argv[i + 1];
    switch (flag) {
      case "--smoke":
        break;
      case "--store":
        if (value !== "sqlite" && value !== "postgres") {
          throw new Error(`--store takes sqlite or postgres, got ${JSON.stringify(value)}\n${USAGE}`);
        }
        stores = [value];
        i++;
        break;
      case "--rows":
        sizes = (value ?? "")
          .split(",")
          .map((part) => positiveInteger("--rows", part.trim().replaceAll("_", "")))
          .sort((a, b) => a - b);
        i++;
        break;
      case "--members":
        members = positiveInteger("--members", value);
        i++;
        break;
      case "--seconds":
        seconds = positiveNumber("--seconds", value);
        i++;
        break;
      case "--out":
        if (value === undefined || value.startsWith("--")) throw new Error(`--out needs a file\n${USAGE}`);
        out = value;
        i++;
        break;
      default:
        throw new Error(`unknown option ${JSON.stringify(flag)}\n${USAGE}`);
    }
  }
  return {
    smoke,
    stores,
    sizes,
    members,
    scimmyMembers: Math.min(members, smoke ? 20 : 2_000),
    seconds,
    out,
  };
}

function positiveNumber(flag: string, text: string | undefined): number {
  const value = Number(text);
  if (text === undefined || !Number.isFinite(value) || value <= 0) {
    throw new Error(`${flag} needs a positive number, got ${JSON.stringify(text)}\n${USAGE}`);
  }
  return value;
}
