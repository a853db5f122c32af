/**
 * A reference to an attribute as SCIM writes it (RFC 7644 §3.10): an optional schema URN, an
 * attribute name and an optional sub-attribute. Names keep the case the client wrote; resolution
 * against a schema is case-insensitive (RFC 7643 §2.1).
 *
 * @example
 * // urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value
 * const path: AttributePath = {
 *   schema: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
 *   attribute: "manager",
 *   subAttribute: "value",
 * };
 */
export interface AttributePath {
  readonly schema?: string;
  readonly attribute: string;
  readonly subAttribute?: string;
}

/** Prints a path in its canonical form: `urn:...:attribute.subAttribute`. */
export function formatAttributePath(path: AttributePath): string {
  const base = path.subAttribute ? `${path.attribute}.${path.subAttribute}` : path.attribute;
  return path.schema ? `${path.schema}:${base}` : base;
}
