import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADMIN_TOKEN,
  type AppUnderTest,
  type DatabaseKind,
  ENTERPRISE,
  GROUP,
  startApp,
  USER,
} from "./support/app-server.js";

/** Debian's chromium package; the test fails (never skips) without it, so CI cannot pass silently. */
const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = fileURLToPath(new URL("../test-artifacts/", import.meta.url));
const XSS_USERNAME = `<script>alert("xss")</script>@evil.example`;

let context: BrowserContext;
let profile: string;
/** JavaScript dialogs the pages opened: an escaped page opens none. */
const dialogs: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium is missing at ${CHROMIUM}: install Debian's package (apt-get install -y chromium); .ci/run does`,
    );
  mkdirSync(ARTIFACTS, { recursive: true });
  profile = mkdtempSync(join(tmpdir(), "scimkit-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    viewport: { width: 1280, height: 900 },
  });
  context.on("page", (page) => page.on("dialog", (dialog) => dialogs.push(dialog.message())));
});

afterAll(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** Retries `check` until it passes: connection status is written after the SCIM answer. */
async function eventually(check: () => Promise<void>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** A SCIM request with any bearer token. */
async function scimWith(app: AppUnderTest, token: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${app.running.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/scim+json" },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    requestId: response.headers.get("x-request-id"),
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

const user = (userName: string, givenName: string) => ({
  schemas: [USER, ENTERPRISE],
  userName,
  name: { givenName, familyName: "Lovelace" },
  emails: [{ value: `${givenName.toLowerCase()}@work.example`, type: "work", primary: true }],
  [ENTERPRISE]: { department: "R&D" },
});

describe("admin page gating (HTTP)", () => {
  let app: AppUnderTest;
  beforeAll(async () => {
    app = await startApp("sqlite");
  });
  afterAll(() => app.close());

  it("no credential or a wrong one: 401 with the login form; the admin token: 200", async () => {
    const none = await fetch(`${app.origin}/admin`);
    expect(none.status).toBe(401);
    expect(await none.text()).toContain('action="/admin/login"');
    const wrong = await fetch(`${app.origin}/admin`, {
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}x` },
    });
    expect(wrong.status).toBe(401);
    const scimToken = await fetch(`${app.origin}/admin`, {
      headers: { Authorization: "Bearer app-test-scim-token" },
    });
    expect(scimToken.status).toBe(401);
    const right = await fetch(`${app.origin}/admin`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(right.status).toBe(200);
    expect(right.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(right.headers.get("cache-control")).toBe("no-store");
  });

  it("the login form sets an HttpOnly, SameSite=Strict cookie (no Secure over http); a wrong token is 401", async () => {
    const bad = await fetch(`${app.origin}/admin/login`, {
      method: "POST",
      body: new URLSearchParams({ token: "not-the-admin-token" }),
      redirect: "manual",
    });
    expect(bad.status).toBe(401);
    expect(bad.headers.get("set-cookie")).toBeNull();
    const good = await fetch(`${app.origin}/admin/login`, {
      method: "POST",
      body: new URLSearchParams({ token: ADMIN_TOKEN }),
      redirect: "manual",
    });
    expect(good.status).toBe(303);
    const cookie = good.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^scimkit_admin=v1\./);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Strict");
    expect(cookie).toContain("Path=/admin");
    expect(cookie).not.toContain("Secure");
    const session = cookie.split(";")[0] ?? "";
    expect((await fetch(`${app.origin}/admin`, { headers: { Cookie: session } })).status).toBe(200);
    // A forged or altered cookie is no session.
    const forged = `${session.slice(0, -2)}AA`;
    expect((await fetch(`${app.origin}/admin`, { headers: { Cookie: forged } })).status).toBe(401);
  });

  it("a form POST with the session cookie but without its CSRF token is 403 and creates nothing", async () => {
    const login = await fetch(`${app.origin}/admin/login`, {
      method: "POST",
      body: new URLSearchParams({ token: ADMIN_TOKEN }),
      redirect: "manual",
    });
    const session = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    for (const csrf of [undefined, "wrong"]) {
      const response = await fetch(`${app.origin}/admin/tenants/csrf-victim/tokens`, {
        method: "POST",
        headers: { Cookie: session },
        body: new URLSearchParams({ name: "forged", ...(csrf ? { _csrf: csrf } : {}) }),
        redirect: "manual",
      });
      expect(response.status, String(csrf)).toBe(403);
    }
    const page = await fetch(`${app.origin}/admin/tenants/csrf-victim`, { headers: { Cookie: session } });
    expect(await page.text()).toContain("No tokens yet");
  });
});

describe.each<DatabaseKind>(["sqlite", "postgres"])("admin pages in Chromium on %s", (kind) => {
  let app: AppUnderTest;
  let page: Page;
  let adaRequestId: string | null;
  let firstSecret: string;
  let rotatedSecret: string;

  beforeAll(async () => {
    app = await startApp(kind);
    // Cookies are per host, not per port: start each database's run logged out.
    await context.clearCookies();
    page = await context.newPage();
  });
  afterAll(async () => {
    await page?.close();
    await app?.close();
  });

  it("logs in with the form", async () => {
    const login = await page.goto(`${app.origin}/admin`);
    expect(login?.status()).toBe(401);
    await page.fill('input[name="token"]', ADMIN_TOKEN);
    await Promise.all([page.waitForURL(`${app.origin}/admin`), page.click('button:has-text("Log in")')]);
    expect(await page.textContent("h1")).toBe("Provisioning");
    const cookies = await context.cookies(`${app.origin}/admin`);
    const session = cookies.find((cookie) => cookie.name === "scimkit_admin");
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe("Strict");
  });

  it("shows users with mapped columns, roles and state, groups with members, the role mapping and activity", async () => {
    const ada = await scimWith(app, "app-test-scim-token", "POST", "/Users", user("ada", "Ada"));
    expect(ada.status).toBe(201);
    adaRequestId = ada.requestId;
    const evil = await scimWith(app, "app-test-scim-token", "POST", "/Users", user(XSS_USERNAME, "Mallory"));
    expect(evil.status).toBe(201);
    const bob = await scimWith(app, "app-test-scim-token", "POST", "/Users", {
      ...user("bob", "Bob"),
      active: false,
    });
    expect(bob.status).toBe(201);
    for (const group of [
      { displayName: "Engineering", members: [{ value: ada.body.id }, { value: evil.body.id }] },
      { displayName: "Platform Admins", externalId: "grp-admins", members: [{ value: ada.body.id }] },
    ]) {
      expect(
        (await scimWith(app, "app-test-scim-token", "POST", "/Groups", { schemas: [GROUP], ...group }))
          .status,
      ).toBe(201);
    }

    await page.goto(`${app.origin}/admin`);
    const adaRow = page.locator("#users tr.user", { hasText: "ada@work.example" });
    expect(await adaRow.locator("td.userName").textContent()).toBe("ada");
    const adaText = (await adaRow.textContent()) ?? "";
    for (const expected of [
      "Ada",
      "Lovelace",
      "R&D",
      "admin",
      "developer",
      "Engineering",
      "Platform Admins",
      "active",
    ])
      expect(adaText).toContain(expected);
    const bobRow = page.locator("#users tr.user", { hasText: "bob@work.example" });
    expect(await bobRow.locator(".inactive").textContent()).toBe("inactive");

    const engineering =
      (await page.locator("#groups tr.group", { hasText: "Engineering" }).textContent()) ?? "";
    expect(engineering).toContain("developer");
    expect(engineering).toContain("ada");
    expect(engineering).toContain(XSS_USERNAME);
    const admins =
      (await page.locator("#groups tr.group", { hasText: "Platform Admins" }).textContent()) ?? "";
    expect(admins).toContain("grp-admins");
    expect(admins).toContain("admin");

    const roles = (await page.locator("#roles").textContent()) ?? "";
    for (const expected of ["Engineering", "grp-admins", "code:read", "code:write", "*"])
      expect(roles).toContain(expected);

    // The activity names the request and the actor of each change: the create of "ada" came from
    // the request whose X-Request-Id the SCIM answer carried, made with SCIM_TOKEN.
    const created = page
      .locator("#activity tr.activity", { hasText: "create User" })
      .filter({ hasText: /\bada\b/ });
    expect(await created.locator(".request-id").textContent()).toBe(adaRequestId);
    expect(await created.locator(".actor").textContent()).toBe("env:SCIM_TOKEN");
    await screenshot(page, `admin-${kind}`);
  });

  it("escapes every value: a <script> userName is text, and no script runs", async () => {
    await page.goto(`${app.origin}/admin`);
    const evilCell = page.locator("#users td.userName", { hasText: "evil.example" });
    expect(await evilCell.textContent()).toBe(XSS_USERNAME);
    expect(await page.locator("script").count()).toBe(0);
    expect(await page.content()).toContain("&lt;script&gt;alert");
    expect(dialogs).toEqual([]);
  });

  it("searches by userName", async () => {
    await page.goto(`${app.origin}/admin`);
    await page.fill('input[name="q"]', "bo");
    await Promise.all([page.waitForURL(/q=bo/), page.click('#users button:has-text("Search")')]);
    const names = await page.locator("#users td.userName").allTextContents();
    expect(names).toEqual(["bob"]);
    await page.fill('input[name="q"]', "nobody-by-that-name");
    await Promise.all([page.waitForURL(/q=nobody/), page.click('#users button:has-text("Search")')]);
    expect(await page.locator("#users").textContent()).toContain("No user matches.");
    await screenshot(page, `admin-search-${kind}`);
  });

  it("connection page: a created token's secret is shown once and works for SCIM; connection time shows", async () => {
    await page.goto(`${app.origin}/admin`);
    await page.fill('input[name="tenant"]', "acme");
    await Promise.all([
      page.waitForURL(`${app.origin}/admin/tenants/acme`),
      page.click('button:has-text("Open its connection page")'),
    ]);
    expect(await page.locator("#endpoint-url").inputValue()).toBe(`${app.origin}/scim/v2`);
    expect(await page.locator("#status .connected").textContent()).toContain("not yet");
    expect(await page.locator("#entra").textContent()).toContain("Test Connection");
    expect(await page.locator("#okta").textContent()).toContain("Test Connector Configuration");

    await page.fill('input[name="name"]', "Entra ID production");
    await page.click('button:has-text("Create token")');
    firstSecret = await page.locator("#new-secret").inputValue();
    expect(firstSecret).toMatch(/^scimkit_/);
    await screenshot(page, `connection-new-token-${kind}`);

    // Shown once: the page as reloaded (a GET) has no secret and no secret field.
    await page.goto(`${app.origin}/admin/tenants/acme`);
    expect(await page.locator("#new-secret").count()).toBe(0);
    expect(await page.content()).not.toContain(firstSecret);

    // The IdP's Test Connection: a GET with the new secret.
    const test = await scimWith(app, firstSecret, "GET", "/Users?filter=userName%20eq%20%22probe%22");
    expect(test.status).toBe(200);
    expect(test.body.totalResults).toBe(0);
    await eventually(async () => {
      await page.goto(`${app.origin}/admin/tenants/acme`);
      expect(await page.locator("#status .connected").textContent()).toContain("yes");
      expect(await page.locator("#status .last-request time").getAttribute("datetime")).toMatch(/^\d{4}-/);
    });
  });

  it("shows the last error after a bad request: status, scimType, detail and request id", async () => {
    // A User without userName: 400 invalidValue (RFC 7643 §4.1.1 makes userName required).
    const bad = await scimWith(app, firstSecret, "POST", "/Users", {
      schemas: [USER],
      displayName: "No Name",
    });
    expect(bad.status).toBe(400);
    await eventually(async () => {
      await page.goto(`${app.origin}/admin/tenants/acme`);
      const lastError = (await page.locator("#status .last-error").textContent()) ?? "";
      expect(lastError).toContain("HTTP 400");
      expect(lastError).toContain(String(bad.body.scimType));
      expect(lastError).toContain("userName");
      expect(await page.locator("#status .last-error .request-id").textContent()).toBe(bad.requestId);
    });
    await screenshot(page, `connection-last-error-${kind}`);
  });

  it("rotates (both secrets work) and revokes (the revoked secret gets 401, shown as the last error)", async () => {
    await page.goto(`${app.origin}/admin/tenants/acme`);
    const firstId = await page.locator("tr.token").first().getAttribute("data-token-id");
    await page.locator(`tr.token[data-token-id="${firstId}"] button:has-text("Rotate")`).click();
    rotatedSecret = await page.locator("#new-secret").inputValue();
    expect(rotatedSecret).toMatch(/^scimkit_/);
    expect(rotatedSecret).not.toBe(firstSecret);
    expect(await page.locator(".secret").textContent()).toContain(`${firstId} still works`);
    expect((await scimWith(app, rotatedSecret, "GET", "/Users")).status).toBe(200);
    expect((await scimWith(app, firstSecret, "GET", "/Users")).status).toBe(200);

    await page.goto(`${app.origin}/admin/tenants/acme`);
    await page.locator(`tr.token[data-token-id="${firstId}"] button:has-text("Revoke")`).click();
    expect(await page.locator(".notice").textContent()).toContain(`${firstId} is revoked`);
    expect(await page.locator(`tr.token[data-token-id="${firstId}"]`).textContent()).toContain("revoked");
    // The token verifier caches for 2 s: the revocation takes effect within a few seconds.
    let refused: Awaited<ReturnType<typeof scimWith>> | undefined;
    await eventually(async () => {
      refused = await scimWith(app, firstSecret, "GET", "/Users");
      expect(refused.status).toBe(401);
    });
    expect((await scimWith(app, rotatedSecret, "GET", "/Users")).status).toBe(200);
    await eventually(async () => {
      await page.goto(`${app.origin}/admin/tenants/acme`);
      expect(await page.locator("#status .last-error").textContent()).toContain("HTTP 401");
      expect(await page.locator("#status .last-error .request-id").textContent()).toBe(refused?.requestId);
    });
    await screenshot(page, `connection-revoked-${kind}`);
  });

  it("logs out: the session is revoked, the cookie is gone and the next visit shows the login form", async () => {
    await page.goto(`${app.origin}/admin`);
    expect(await page.textContent("h1")).toBe("Provisioning");
    const sessionCookie = async () =>
      (await context.cookies(`${app.origin}/admin`)).find((cookie) => cookie.name === "scimkit_admin");
    // A copy of the cookie, as another browser or a stolen profile would keep it.
    const copied = (await sessionCookie())?.value;
    expect(copied).toMatch(/^v1\./);
    await Promise.all([
      page.waitForURL(`${app.origin}/admin/login`),
      page.click('form[action="/admin/logout"] button:has-text("Log out")'),
    ]);
    expect(await sessionCookie()).toBeUndefined();
    // The server revoked the session: the copy is refused too, not only the browser's cookie gone.
    const replayed = await fetch(`${app.origin}/admin`, { headers: { Cookie: `scimkit_admin=${copied}` } });
    expect(replayed.status).toBe(401);
    expect(await page.locator('form[action="/admin/login"] input[name="token"]').count()).toBe(1);
    // The next visit to the admin page is a stranger's: 401 and the login form, no users.
    const next = await page.goto(`${app.origin}/admin`);
    expect(next?.status()).toBe(401);
    expect(await page.locator('form[action="/admin/login"] input[name="token"]').count()).toBe(1);
    expect(await page.locator("#users").count()).toBe(0);
    expect(await page.locator('form[action="/admin/logout"]').count()).toBe(0);
    await screenshot(page, `admin-logged-out-${kind}`);
  });
});
