/**
 * The short HTTP fuzz run of the regular tests: a few hundred generated requests per store. The
 * long run is `npm run fuzz -- --runs 100000 [--store memory|sqlite|postgres]`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STORE_KINDS } from "../hostile/stores.js";
import { type FuzzTarget, fuzz, startFuzzTarget } from "./http-fuzz.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 100);

describe.each(STORE_KINDS)("HTTP fuzz on the %s store (issue 11)", (kind) => {
  let target: FuzzTarget;
  beforeAll(async () => {
    target = await startFuzzTarget(kind);
  });
  afterAll(() => target?.close());

  it(`${RUNS} random requests: no 5xx, SCIM JSON answers, rejected requests change nothing`, {
    timeout: 120_000,
  }, async () => {
    await fuzz(target, RUNS);
    expect(await target.alive()).toBe(true);
  });
});
