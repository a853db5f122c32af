import type { AttributeDefinition, SchemaDefinition } from "./schemas/definition.js";

/**
 * Type-level mapping from schema data to TypeScript types, the static half of "one definition,
 * many views": a schema declared `as const` yields the type of its resources.
 *
 * @example
 * const acme = { id: "urn:acme:…", name: "Acme", description: "", attributes: [...] } as const satisfies SchemaDefinition;
 * type Acme = SchemaAttributes<typeof acme>; // { badgeNumber?: number; ... }
 */

/** Flattens intersections so editors show one object type. */
export type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** A string attribute with canonical values offers them for completion but accepts any string (RFC 7643 §7). */
type StringValue<A extends AttributeDefinition> = A["canonicalValues"] extends readonly [string, ...string[]]
  ? A["canonicalValues"][number] | (string & {})
  : string;

/** RFC 7643 §2.3 data type → JSON value type. */
export type SingleAttributeValueOf<A extends AttributeDefinition> = A["type"] extends "string"
  ? StringValue<A>
  : A["type"] extends "reference" | "dateTime" | "binary"
    ? string
    : A["type"] extends "boolean"
      ? boolean
      : A["type"] extends "integer" | "decimal"
        ? number
        : A["type"] extends "complex"
          ? A["subAttributes"] extends readonly AttributeDefinition[]
            ? AttributesType<A["subAttributes"]>
            : Record<string, unknown>
          : unknown;

/** The value of one attribute: an array when it is multi-valued (RFC 7643 §2.4). */
export type AttributeValueOf<A extends AttributeDefinition> = A["multiValued"] extends true
  ? SingleAttributeValueOf<A>[]
  : SingleAttributeValueOf<A>;

/** An object type with one key per attribute; `required: true` attributes are required keys. */
export type AttributesType<As extends readonly AttributeDefinition[]> = Simplify<
  {
    -readonly [A in As[number] as A["required"] extends true ? A["name"] : never]: AttributeValueOf<A>;
  } & {
    -readonly [A in As[number] as A["required"] extends true ? never : A["name"]]?: AttributeValueOf<A>;
  }
>;

/** The attributes a schema defines, as an object type. */
export type SchemaAttributes<S extends SchemaDefinition> = AttributesType<S["attributes"]>;
