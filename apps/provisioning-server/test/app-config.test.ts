import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDefaultRegistry } from "@scimkit/core";
import { afterAll, describe, expect, it } from "vitest";
import {
  AppConfigError,
  DEFAULT_APP_CONFIG,
  loadAppConfig,
  parseAppConfig,
} from "../src/config/app-config.js";
import { EXAMPLE_CONFIG } from "./support/app-server.js";
import { assertBuilt, SERVER_MAIN } from "./support/processes.js";

const registry = createDefaultRegistry();

function keyOf(value: unknown): string {
  try {
    parseAppConfig(value, registry);
  } catch (error) {
    expect(error).toBeInstanceOf(AppConfigError);
    return (error as AppConfigError).key;
  }
  throw new Error("the configuration was accepted");
}

describe("SCIMKIT_CONFIG", () => {
  const dir = mkdtempSync(join(tmpdir(), "scimkit-config-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("accepts the documented example and applies the default without a file", () => {
    expect(parseAppConfig(EXAMPLE_CONFIG, registry)).toEqual(EXAMPLE_CONFIG);
    expect(loadAppConfig(undefined, registry)).toBe(DEFAULT_APP_CONFIG);
    expect(DEFAULT_APP_CONFIG.accounts.columns.email).toBe('emails[type eq "work"].value');
  });

  it("names the key of each bad setting", () => {
    const columns = (value: unknown) => ({ accounts: { columns: value } });
    expect(keyOf(columns({ email: 42 }))).toBe("accounts.columns.email");
    expect(keyOf(columns({ email: "emails[type eq" }))).toBe("accounts.columns.email");
    expect(keyOf(columns({ shoe_size: "shoeSize" }))).toBe("accounts.columns.shoe_size");
    expect(keyOf(columns({ "bad column;": "userName" }))).toBe("accounts.columns.bad column;");
    expect(keyOf(columns(["userName"]))).toBe("accounts.columns");
    // The accounts table's own columns, and names SQL would take for one column.
    expect(keyOf(columns({ user_name: "displayName" }))).toBe("accounts.columns.user_name");
    expect(keyOf(columns({ Tenant_Id: "title" }))).toBe("accounts.columns.Tenant_Id");
    expect(keyOf(columns({ title: "title", TITLE: "nickName" }))).toBe("accounts.columns.TITLE");
    // What the kit's projection refuses: an attribute mapped twice, whole and by parts.
    expect(keyOf(columns({ login: "userName" }))).toBe("accounts.columns.login");
    expect(keyOf(columns({ all: "emails", work: 'emails[type eq "work"].value' }))).toBe(
      "accounts.columns.work",
    );
    expect(keyOf({ accounts: { colums: {} } })).toBe("accounts.colums");
    expect(keyOf({ role: {} })).toBe("role");
    expect(keyOf({ roles: { byGroup: { Sales: ["seller"] }, permissions: {} } })).toBe(
      "roles.byGroup.Sales[0]",
    );
    expect(keyOf({ roles: { byGroup: { Sales: "admin" }, permissions: { admin: ["*"] } } })).toBe(
      "roles.byGroup.Sales",
    );
    expect(keyOf({ roles: { byGroup: {}, permissions: { admin: "*" } } })).toBe("roles.permissions.admin");
    expect(keyOf([])).toBe("(top level)");
  });

  it("the server refuses to start with a bad file, printing the key and no stack trace", async () => {
    assertBuilt();
    const file = join(dir, "bad.json");
    writeFileSync(
      file,
      JSON.stringify({ roles: { byGroup: { Engineering: ["developer"] }, permissions: { dev: ["x"] } } }),
    );
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        [SERVER_MAIN],
        {
          env: {
            PATH: process.env.PATH ?? "",
            PORT: "0",
            HOST: "127.0.0.1",
            STORE: "memory",
            SCIMKIT_CONFIG: file,
          },
          timeout: 60_000,
        },
        (_error, _stdout, stderr) => resolve({ code: child.exitCode, stderr }),
      );
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("roles.byGroup.Engineering[0]");
    expect(result.stderr).toContain('role "developer" is not defined');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("an unreadable or non-JSON file is refused with the file named", () => {
    expect(() => loadAppConfig(join(dir, "missing.json"), registry)).toThrow(/missing\.json/);
    const notJson = join(dir, "not.json");
    writeFileSync(notJson, "{ accounts: ");
    expect(() => loadAppConfig(notJson, registry)).toThrow(/not\.json" is not valid JSON/);
  });
});
