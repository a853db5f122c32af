import { isJsonObject, PATCH_OP_SCHEMA, ScimError } from "@scimkit/core";
import type { InteropRule } from "../interop-rules.js";

/** A PATCH operation name (RFC 7644 §3.5.2). */
export type PatchOpName = "add" | "remove" | "replace";

/** One PATCH operation after its structure was checked. */
export interface CheckedOperation {
  readonly op: PatchOpName;
  /** The `path` text; undefined when omitted. */
  readonly path?: string;
  /** The `value` member; `hasValue` tells an absent member from an explicit `null`. */
  readonly value: unknown;
  readonly hasValue: boolean;
  /** `Operations[i]`, for error messages. */
  readonly where: string;
}

const OP_NAMES: readonly PatchOpName[] = ["add", "remove", "replace"];

/**
 * Checks the envelope of a PATCH request body (RFC 7644 §3.5.2): `schemas` must contain
 * `urn:ietf:params:scim:api:messages:2.0:PatchOp` and `Operations` must be an array of one or more
 * operations. Returns the operations for {@link applyPatch}. Throws 400 invalidSyntax otherwise.
 *
 * @example
 * const operations = readPatchOperations(await request.json());
 * const result = applyPatch(rt, stored.data, operations);
 */
export function readPatchOperations(body: unknown): unknown[] {
  if (!isJsonObject(body)) {
    throw ScimError.badRequest("invalidSyntax", "a PATCH body must be a JSON object (RFC 7644 §3.5.2)");
  }
  const schemas = body.schemas;
  if (!Array.isArray(schemas) || !schemas.includes(PATCH_OP_SCHEMA)) {
    throw ScimError.badRequest(
      "invalidSyntax",
      `a PATCH body must contain "schemas": ["${PATCH_OP_SCHEMA}"] (RFC 7644 §3.5.2)`,
    );
  }
  const operations = body.Operations;
  if (!Array.isArray(operations) || operations.length === 0) {
    throw ScimError.badRequest(
      "invalidSyntax",
      'a PATCH body must contain "Operations", an array of one or more operations (RFC 7644 §3.5.2)',
    );
  }
  return operations;
}

/**
 * Checks the structure of one operation: an object with exactly one `op` among "add", "remove",
 * "replace" (RFC 7644 §3.5.2; capitalised names only with the `capitalizedOps` rule), an optional
 * string `path`, and a `value` for add and replace (RFC 7644 §3.5.2.1, §3.5.2.3).
 */
export function checkOperation(
  raw: unknown,
  index: number,
  rules: ReadonlySet<InteropRule>,
): CheckedOperation {
  const where = `Operations[${index}]`;
  if (!isJsonObject(raw)) throw ScimError.badRequest("invalidSyntax", `${where} must be an object`);
  const opText = raw.op;
  if (typeof opText !== "string") {
    throw ScimError.badRequest(
      "invalidSyntax",
      `${where} needs an "op" member: "add", "remove" or "replace"`,
    );
  }
  const op = OP_NAMES.find((name) =>
    rules.has("capitalizedOps") ? name === opText.toLowerCase() : name === opText,
  );
  if (!op) {
    const hint = OP_NAMES.includes(opText.toLowerCase() as PatchOpName)
      ? " (operation names are lower case; the interop rule capitalizedOps accepts other cases)"
      : "";
    throw ScimError.badRequest(
      "invalidSyntax",
      `${where}.op "${opText}" is not one of "add", "remove", "replace" (RFC 7644 §3.5.2)${hint}`,
    );
  }
  const path = raw.path;
  if (path !== undefined && typeof path !== "string") {
    throw ScimError.badRequest("invalidPath", `${where}.path must be a string`);
  }
  const hasValue = Object.hasOwn(raw, "value");
  if ((op === "add" || op === "replace") && !hasValue) {
    throw ScimError.badRequest(
      "invalidValue",
      `${where}: "${op}" requires a "value" member (RFC 7644 §3.5.2.${op === "add" ? "1" : "3"})`,
    );
  }
  return { op, ...(path !== undefined ? { path } : {}), value: raw.value, hasValue, where };
}
