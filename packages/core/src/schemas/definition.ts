/**
 * The shape of SCIM schema definitions, exactly as RFC 7643 §7 writes them. Schema definitions are
 * plain data: validators, TypeScript types, `/Schemas` output and the OpenAPI document are derived
 * from them.
 */

/** RFC 7643 §2.3 attribute data types. */
export type AttributeType =
  | "string"
  | "boolean"
  | "decimal"
  | "integer"
  | "dateTime"
  | "binary"
  | "reference"
  | "complex";

/** RFC 7643 §7 `mutability`. */
export type Mutability = "readOnly" | "readWrite" | "immutable" | "writeOnly";

/** RFC 7643 §7 `returned`. */
export type Returned = "always" | "never" | "default" | "request";

/** RFC 7643 §7 `uniqueness`. */
export type Uniqueness = "none" | "server" | "global";

/** One attribute definition (RFC 7643 §7). Sub-attributes only appear on `complex` attributes. */
export interface AttributeDefinition {
  readonly name: string;
  readonly type: AttributeType;
  readonly multiValued: boolean;
  readonly description: string;
  readonly required: boolean;
  readonly caseExact: boolean;
  readonly mutability: Mutability;
  readonly returned: Returned;
  readonly uniqueness: Uniqueness;
  readonly canonicalValues?: readonly string[];
  readonly referenceTypes?: readonly string[];
  readonly subAttributes?: readonly AttributeDefinition[];
}

/** A schema definition (RFC 7643 §7), as served by `/Schemas`. */
export interface SchemaDefinition {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly attributes: readonly AttributeDefinition[];
}

/** A schema extension attached to a resource type (RFC 7643 §6). */
export interface SchemaExtensionReference {
  readonly schema: string;
  readonly required: boolean;
}

/** A resource type definition (RFC 7643 §6), as served by `/ResourceTypes`. */
export interface ResourceTypeDefinition {
  readonly id?: string;
  readonly name: string;
  readonly endpoint: string;
  readonly description?: string;
  readonly schema: string;
  readonly schemaExtensions?: readonly SchemaExtensionReference[];
}
