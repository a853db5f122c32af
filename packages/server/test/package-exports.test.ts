/**
 * The package manifest stays consistent when a subpath is added: every export has its types for
 * `node10` resolution (`typesVersions`, which ignores `exports`), its source condition first, and
 * a tsup entry producing the files it names. The pack-check CI step proves the same on the tarball.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import tsupConfig from "../tsup.config.ts";

interface Conditions {
  readonly "@scimkit/source": string;
  readonly import: { readonly types: string; readonly default: string };
  readonly require?: { readonly types: string; readonly default: string };
}
const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  exports: Record<string, Conditions>;
  typesVersions: Record<string, Record<string, string[]>>;
};
const entries = (tsupConfig as { entry: Record<string, string> }).entry;

describe("package.json exports", () => {
  const subpaths = Object.keys(manifest.exports).filter((key) => key !== ".");

  it.each(subpaths)("%s has typesVersions for node10 resolution", (subpath) => {
    const name = subpath.slice(2);
    expect(manifest.typesVersions["*"]?.[name]).toEqual([manifest.exports[subpath]!.import.types]);
  });

  it.each(Object.keys(manifest.exports))("%s: source condition first, built by a tsup entry", (subpath) => {
    const conditions = manifest.exports[subpath]!;
    expect(Object.keys(conditions)[0]).toBe("@scimkit/source");
    const entryName = subpath === "." ? "index" : subpath.slice(2).replaceAll("/", "-");
    expect(entries[entryName]).toBe(conditions["@scimkit/source"].replace(/^\.\//, ""));
    expect(conditions.import).toEqual({
      types: `./dist/${entryName}.d.ts`,
      default: `./dist/${entryName}.js`,
    });
  });

  it("typesVersions names no subpath that is not exported", () => {
    expect(Object.keys(manifest.typesVersions["*"] ?? {}).sort()).toEqual(
      subpaths.map((s) => s.slice(2)).sort(),
    );
  });
});
