import { type AttributePath, ScimError } from "@scimkit/core";

const NAME = /^[A-Za-z$][\w$-]*$/;

/**
 * Parses an attribute reference as query parameters carry it (`sortBy`, RFC 7644 §3.10):
 * `name`, `name.sub`, or `urn:...:name.sub`. The URN ends at the last colon, since URNs contain dots.
 */
export function parseAttributePathParam(text: string, parameter: string): AttributePath {
  const trimmed = text.trim();
  let schema: string | undefined;
  let rest = trimmed;
  if (trimmed.toLowerCase().startsWith("urn:")) {
    const cut = trimmed.lastIndexOf(":");
    schema = trimmed.slice(0, cut);
    rest = trimmed.slice(cut + 1);
  }
  const [attribute, subAttribute, extra] = rest.split(".");
  if (
    !attribute ||
    !NAME.test(attribute) ||
    (subAttribute !== undefined && !NAME.test(subAttribute)) ||
    extra
  ) {
    throw ScimError.badRequest("invalidValue", `${parameter} "${text}" is not an attribute path`);
  }
  return {
    ...(schema ? { schema } : {}),
    attribute,
    ...(subAttribute ? { subAttribute } : {}),
  };
}
