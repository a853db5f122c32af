/**
 * Issue 11 items 5 and 7: request text that is not what HTTP and JSON allow is a 400 for what
 * carried it, never a 500 and never a silent change.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADAPTERS,
  BULK_REQUEST,
  call,
  createUser,
  isScimError,
  PATCH_OP,
  type RunningServer,
  startServer,
  USER,
} from "../http/harness.js";

/** Sends raw bytes as the body, the way a client with a broken encoder would. */
async function sendBytes(baseUrl: string, method: string, path: string, bytes: Uint8Array<ArrayBuffer>) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { "Content-Type": "application/scim+json" },
    body: bytes,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: JSON.parse(text) };
}

/** JSON text with one invalid UTF-8 sequence spliced in where `@@` stands. */
function withInvalidUtf8(json: string, invalid: readonly number[]): Uint8Array<ArrayBuffer> {
  const [before, after] = json.split("@@") as [string, string];
  return new Uint8Array([...Buffer.from(before), ...invalid, ...Buffer.from(after)]);
}

/** Byte sequences that are not UTF-8 (RFC 3629 §3-4): a lone continuation, an overlong form, a surrogate, a cut sequence, 0xFF. */
const NOT_UTF8: readonly (readonly number[])[] = [
  [0x80],
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xe0, 0xa4],
  [0xff],
];

describe.each(ADAPTERS)("request text over %s", (adapter) => {
  let server: RunningServer;
  let base: string;
  let userId: string;
  beforeAll(async () => {
    server = await startServer(adapter);
    base = server.baseUrl;
    userId = (await createUser(base, "kept", { displayName: "Kept" })).id;
  });
  afterAll(() => server.close());

  async function snapshot(): Promise<string> {
    return (await call(base, "GET", "/Users?sortBy=userName")).text;
  }

  it.each(NOT_UTF8.map((bytes) => [Buffer.from(bytes).toString("hex"), bytes] as const))(
    "RFC 8259 §8.1: a body with the bytes %s (not UTF-8) is 400 invalidSyntax and changes nothing",
    async (_hex, invalid) => {
      const before = await snapshot();
      const post = await sendBytes(
        base,
        "POST",
        "/Users",
        withInvalidUtf8(`{"schemas":["${USER}"],"userName":"bad@@name"}`, invalid),
      );
      expect(isScimError(post, 400, "invalidSyntax"), post.text).toBe(true);
      const put = await sendBytes(
        base,
        "PUT",
        `/Users/${userId}`,
        withInvalidUtf8(`{"schemas":["${USER}"],"userName":"kept","displayName":"x@@y"}`, invalid),
      );
      expect(isScimError(put, 400, "invalidSyntax"), put.text).toBe(true);
      const patch = await sendBytes(
        base,
        "PATCH",
        `/Users/${userId}`,
        withInvalidUtf8(
          `{"schemas":["${PATCH_OP}"],"Operations":[{"op":"replace","path":"displayName","value":"@@"}]}`,
          invalid,
        ),
      );
      expect(isScimError(patch, 400, "invalidSyntax"), patch.text).toBe(true);
      const bulk = await sendBytes(
        base,
        "POST",
        "/Bulk",
        withInvalidUtf8(
          `{"schemas":["${BULK_REQUEST}"],"Operations":[{"method":"POST","bulkId":"b","path":"/Users","data":{"schemas":["${USER}"],"userName":"@@"}}]}`,
          invalid,
        ),
      );
      expect(isScimError(bulk, 400, "invalidSyntax"), bulk.text).toBe(true);
      expect(await snapshot()).toBe(before);
    },
  );

  it("RFC 8259 §8.1: a leading byte order mark may be ignored; the body is read", async () => {
    const body = new Uint8Array([
      0xef,
      0xbb,
      0xbf,
      ...Buffer.from(`{"schemas":["${USER}"],"userName":"bom"}`),
    ]);
    const response = await sendBytes(base, "POST", "/Users", body);
    expect(response.status, response.text).toBe(201);
  });

  describe("Bulk operations whose version or path HTTP cannot carry are 400 for that operation", () => {
    it.each([
      ["non-Latin-1 characters", 'W/"€"'],
      ["a character past U+00FF", "版本"],
      ["CR LF", 'W/"1"\r\nX-Injected: yes'],
      ["a lone LF", "1\n2"],
    ])("version with %s", async (_what, version) => {
      const before = await snapshot();
      const response = await call(base, "POST", "/Bulk", {
        schemas: [BULK_REQUEST],
        Operations: [
          {
            method: "PATCH",
            path: `/Users/${userId}`,
            version,
            data: {
              schemas: [PATCH_OP],
              Operations: [{ op: "replace", path: "displayName", value: "changed" }],
            },
          },
          { method: "DELETE", path: `/Users/${userId}`, version },
          { method: "POST", bulkId: "ok", path: "/Users", data: { schemas: [USER], userName: "bulk.ok" } },
        ],
      });
      expect(response.status, response.text).toBe(200);
      const [patch, remove, post] = response.body.Operations;
      for (const op of [patch, remove]) {
        expect(op.status, JSON.stringify(op)).toBe("400");
        expect(op.response.scimType).toBe("invalidValue");
        expect(op.response.detail).toMatch(/version/);
      }
      // The other operations run as usual (RFC 7644 §3.7.3: each operation has its own status).
      expect(post.status).toBe("201");
      await call(base, "DELETE", `/Users/${post.location.split("/").pop()}`);
      expect(await snapshot()).toBe(before);
    });

    it.each(["/Users/%", "/Users/%E0%A4%A", "/Users/%zz", "/Users/%C0%AF", "/%"])("path %s", async (path) => {
      const before = await snapshot();
      const response = await call(base, "POST", "/Bulk", {
        schemas: [BULK_REQUEST],
        Operations: [
          { method: "DELETE", path },
          {
            method: "PUT",
            path,
            data: { schemas: [USER], userName: "x" },
          },
        ],
      });
      expect(response.status, response.text).toBe(200);
      for (const op of response.body.Operations) {
        expect(op.status, JSON.stringify(op)).toBe("400");
        expect(op.response.scimType).toBe("invalidValue");
        expect(op.response.detail).toMatch(/percent-encoding/);
      }
      expect(await snapshot()).toBe(before);
    });
  });
});
