import { type ResourceTypeSchema, readAttribute } from "@scimkit/core";
import { matches, type PatchPath, parsePath } from "@scimkit/filter";
import type { StoredResource } from "@scimkit/server";
import type { AccountColumnSource } from "./account-table.js";

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** One configured column, parsed once. */
interface ColumnReader {
  readonly column: string;
  read(user: Record<string, unknown>): unknown;
}

function compileColumn(column: string, text: string, rt: ResourceTypeSchema): ColumnReader {
  const path: PatchPath = parsePath(text);
  const resolved = rt.resolve(path);
  // An extension attribute lives under its schema URN; a core one (with or without the URN) at the top.
  const container = (user: Record<string, unknown>): unknown =>
    resolved?.isExtension ? readAttribute(user, resolved.schema.id) : user;
  const { filter } = path;
  return {
    column,
    read(user) {
      const scope = container(user);
      if (!isRecord(scope)) return null;
      let value = readAttribute(scope, path.attribute);
      if (filter) {
        // The element a value filter picks: checked by the filter package's own evaluator, one
        // element at a time, as a resource holding just that element.
        const elements = Array.isArray(value) ? value : [];
        const picked = elements.find((element) =>
          matches(
            { kind: "valuePath", path: { attribute: path.attribute }, filter, span: path.span },
            { [path.attribute]: [element] },
            rt,
          ),
        );
        value = picked;
      }
      if (path.subAttribute !== undefined) {
        if (Array.isArray(value)) value = value[0];
        value = isRecord(value) ? readAttribute(value, path.subAttribute) : undefined;
      }
      return value === undefined ? null : value;
    },
  };
}

/**
 * Reads the configured account columns from a User resource itself: the source with `STORE=memory`,
 * which has no `accounts` table.
 */
export class AccountColumns implements AccountColumnSource {
  readonly #readers: readonly ColumnReader[];

  constructor(columns: Readonly<Record<string, string>>, rt: ResourceTypeSchema) {
    this.#readers = Object.entries(columns).map(([column, path]) => compileColumn(column, path, rt));
  }

  /** Column name → value (`null` when the User has no value there). */
  of(user: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(this.#readers.map((reader) => [reader.column, reader.read(user)]));
  }

  async columnsOf(_tenant: string, user: StoredResource): Promise<Record<string, unknown>> {
    return this.of(user.data);
  }
}
