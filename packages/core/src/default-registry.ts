import { SchemaRegistry } from "./registry.js";
import { enterpriseUserSchema } from "./schemas/enterprise-user.js";
import { groupSchema } from "./schemas/group.js";
import { userSchema } from "./schemas/user.js";

/**
 * A registry with the RFC 7643 resource types: `User` (core schema plus the optional Enterprise User
 * extension) at `/Users` and `Group` at `/Groups`. Add custom schemas and resource types to it.
 *
 * @example
 * const registry = createDefaultRegistry();
 * const users = registry.resourceType("User");
 */
export function createDefaultRegistry(): SchemaRegistry {
  return new SchemaRegistry()
    .addSchema(userSchema)
    .addSchema(enterpriseUserSchema)
    .addSchema(groupSchema)
    .addResourceType({
      id: "User",
      name: "User",
      endpoint: "/Users",
      description: "User Account",
      schema: userSchema.id,
      schemaExtensions: [{ schema: enterpriseUserSchema.id, required: false }],
    })
    .addResourceType({
      id: "Group",
      name: "Group",
      endpoint: "/Groups",
      description: "Group",
      schema: groupSchema.id,
    });
}
