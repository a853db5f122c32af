/**
 * The README's examples run here against the real server kit, and the README must show the
 * example files verbatim, so the documented code is the tested code.
 */
import { readFileSync } from "node:fs";
import { GROUP_SCHEMA, USER_SCHEMA } from "@scimkit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inactiveMembersCsv } from "../examples/inactive-users-csv.js";
import { createScimClient, type ScimClient } from "../src/index.js";
import { type RunningScimKit, startScimKit } from "./support/scim-kit-server.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const exampleSource = readFileSync(new URL("../examples/inactive-users-csv.ts", import.meta.url), "utf8");

let kit: RunningScimKit;
let client: ScimClient;

beforeAll(async () => {
  kit = await startScimKit();
  client = createScimClient({ baseUrl: kit.baseUrl, token: "t" });
});
afterAll(() => kit.close());

describe("README: inactive members of a group as CSV", () => {
  it("is shown verbatim in the README and is under 30 lines", () => {
    expect(readme).toContain(exampleSource.trim());
    expect(exampleSource.trim().split("\n").length).toBeLessThan(30);
  });

  it("exports exactly the inactive members, with CSV quoting (RFC 4180 §2)", async () => {
    const make = (userName: string, active: boolean, extra: Record<string, unknown> = {}) =>
      client.users.create({ schemas: [USER_SCHEMA], userName, active, ...extra });
    const gone = await make("gone", false, {
      displayName: 'Jensen, Barbara "Babs"',
      emails: [
        { value: "home@example.com", type: "home" },
        { value: "work@example.com", type: "work", primary: true },
      ],
    });
    const alsoGone = await make("also.gone", false);
    const present = await make("present", true);
    await make("inactive.elsewhere", false);
    await client.groups.create({
      schemas: [GROUP_SCHEMA],
      displayName: "Contractors",
      members: [gone, alsoGone, present].map((user) => ({ value: user.id ?? "" })),
    });
    await client.groups.create({ schemas: [GROUP_SCHEMA], displayName: "Empty" });

    const csv = await inactiveMembersCsv(client, "Contractors");
    const [header, ...rows] = csv.split("\r\n").slice(0, -1);
    expect(header).toBe("id,userName,displayName,email");
    expect(rows.sort()).toEqual(
      [`${gone.id},gone,"Jensen, Barbara ""Babs""",work@example.com`, `${alsoGone.id},also.gone,,`].sort(),
    );
    expect(csv.endsWith("\r\n")).toBe(true);
    expect(await inactiveMembersCsv(client, "Empty")).toBe("id,userName,displayName,email\r\n");
    await expect(inactiveMembersCsv(client, "Nobody")).rejects.toThrow('no group named "Nobody"');
  });
});
