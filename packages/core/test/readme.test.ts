import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { afterAll, describe, expect, it, vi } from "vitest";

const examplesDir = new URL("./.readme-examples/", import.meta.url);

/** The ```ts blocks of the README, importing the package source instead of the published build. */
async function readmeExamples(): Promise<string[]> {
  const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) =>
    m[1]!.replaceAll('from "@scimkit/core"', 'from "../../src/index.js"'),
  );
}

/** Runs one example as a module and returns what it printed. */
async function run(source: string, index: number): Promise<string[]> {
  await mkdir(examplesDir, { recursive: true });
  const file = new URL(`example-${index}.ts`, examplesDir);
  await writeFile(file, source);
  const printed: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
    printed.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
  });
  try {
    await import(/* @vite-ignore */ file.href);
  } finally {
    log.mockRestore();
  }
  return printed;
}

afterAll(() => rm(examplesDir, { recursive: true, force: true }));

describe("README examples run and print what their comments say", async () => {
  const examples = await readmeExamples();

  it("has the examples", () => {
    expect(examples.length).toBe(6);
  });

  it("validate a request body", async () => {
    const [user] = await run(examples[0]!, 0);
    expect(JSON.parse(user!)).toEqual({
      schemas: [
        "urn:ietf:params:scim:schemas:core:2.0:User",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
      ],
      userName: "bjensen",
      emails: [{ value: "bjensen@example.com", type: "work", primary: true }],
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { employeeNumber: "701984" },
    });
  });

  it("errors", async () => {
    const [summary, body] = await run(examples[1]!, 1);
    expect(summary).toBe("400 invalidValue emails[0].value: expected string");
    expect(JSON.parse(body!)).toMatchObject({ status: "400", scimType: "invalidValue" });
  });

  it("runtime extension", async () => {
    const printed = await run(examples[2]!, 2);
    expect(printed[0]).toBe("42");
    expect(JSON.parse(printed[1]!)).toEqual({ badgeNumber: 42 });
    expect(JSON.parse(printed[2]!)).toEqual({
      schemas: [
        "urn:ietf:params:scim:schemas:core:2.0:User",
        "urn:acme:params:scim:schemas:extension:2.0:User",
      ],
      id: "1",
      "urn:acme:params:scim:schemas:extension:2.0:User": { costCode: "CC-7" },
    });
  });

  it("projection", async () => {
    const [asked, excluded] = await run(examples[3]!, 3);
    expect(JSON.parse(asked!)).toEqual({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      id: "2819c223",
      userName: "bjensen",
      name: { givenName: "Barbara" },
    });
    expect(JSON.parse(excluded!)).toEqual({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      id: "2819c223",
      userName: "bjensen",
    });
  });

  it("types and OpenAPI", async () => {
    expect(await run(examples[4]!, 4)).toEqual(["1 1"]);
    expect(await run(examples[5]!, 5)).toEqual(["true"]);
  });
});
