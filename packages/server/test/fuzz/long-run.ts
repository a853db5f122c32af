/**
 * The long HTTP fuzz run: `npm run fuzz -- --runs 100000 [--store memory|sqlite|postgres] [--seed n]`.
 * Runs in batches of 1000 requests, each against a freshly seeded store (so successful writes do
 * not grow the data set without bound), and prints figures per store. Exits 1 on the first broken
 * invariant, with the shrunk request (the runner prints the error and exits 1).
 */
import { STORE_KINDS, type StoreKind } from "../hostile/stores.js";
import { fuzz, startFuzzTarget } from "./http-fuzz.js";

const BATCH = 1000;

function option(args: readonly string[], name: string): string | undefined {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : args.find((arg) => arg.startsWith(`--${name}=`))?.split("=")[1];
}

export async function main(args: readonly string[]): Promise<void> {
  const runs = Number(option(args, "runs") ?? 100_000);
  const store = option(args, "store");
  const seed = option(args, "seed");
  if (!Number.isSafeInteger(runs) || runs < 1)
    throw new Error(`--runs must be a positive integer, got ${runs}`);
  if (store !== undefined && !(STORE_KINDS as readonly string[]).includes(store))
    throw new Error(`--store must be one of ${STORE_KINDS.join(", ")}, got ${store}`);
  const kinds: readonly StoreKind[] = store ? [store as StoreKind] : STORE_KINDS;
  let baseSeed = seed !== undefined ? Number(seed) : Date.now() % 2 ** 31;
  for (const kind of kinds) {
    const started = Date.now();
    let done = 0;
    console.log(`fuzz ${kind}: ${runs} requests, seed ${baseSeed}`);
    while (done < runs) {
      const batch = Math.min(BATCH, runs - done);
      const target = await startFuzzTarget(kind);
      try {
        await fuzz(target, batch, baseSeed + done);
        if (!(await target.alive())) throw new Error("the server stopped answering");
      } catch (error) {
        await target.close();
        throw new Error(
          `fuzz ${kind}: FAILED after ${done} earlier requests (batch seed ${baseSeed + done})\n${error instanceof Error ? error.message : String(error)}`,
        );
      }
      await target.close();
      done += batch;
      const seconds = (Date.now() - started) / 1000;
      console.log(
        `fuzz ${kind}: ${done}/${runs} requests, ${seconds.toFixed(0)} s, ${(done / seconds).toFixed(1)} requests/s, no failure`,
      );
    }
    baseSeed += runs;
  }
}
