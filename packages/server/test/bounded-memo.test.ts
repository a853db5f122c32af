import { describe, expect, it } from "vitest";
import { boundedMemo } from "../src/bounded-memo.js";

describe("boundedMemo", () => {
  it("computes a key once, keeps at most `limit` keys, and does not keep a key whose computation threw", () => {
    const computed: string[] = [];
    const memo = boundedMemo(2, (key) => {
      computed.push(key);
      if (key === "bad") throw new Error("no");
      return key.length;
    });
    expect([memo("a"), memo("a"), memo("bb")]).toEqual([1, 1, 2]);
    expect(computed).toEqual(["a", "bb"]);
    // A third key starts the memory over: "a" is computed again afterwards.
    memo("ccc");
    memo("a");
    expect(computed).toEqual(["a", "bb", "ccc", "a"]);
    expect(() => memo("bad")).toThrow("no");
    expect(() => memo("bad")).toThrow("no");
    expect(computed.filter((key) => key === "bad")).toHaveLength(2);
  });
});
