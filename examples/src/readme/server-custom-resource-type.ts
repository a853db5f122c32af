/** The server README's custom resource type: a `Device` schema served at `/Devices`. */
import type { SchemaDefinition } from "@scimkit/core";

const deviceSchema: SchemaDefinition = {
  id: "urn:example:params:scim:schemas:core:1.0:Device",
  name: "Device",
  description: "A device of the organisation",
  attributes: [
    {
      name: "displayName",
      type: "string",
      multiValued: false,
      description: "Name",
      required: true,
      caseExact: false,
      mutability: "readWrite",
      returned: "default",
      uniqueness: "server",
    },
  ],
};

// #region readme
import { createDefaultRegistry } from "@scimkit/core";
import { createScimServer, MemoryStore } from "@scimkit/server";

const registry = createDefaultRegistry()
  .addSchema(deviceSchema)
  .addResourceType({ name: "Device", endpoint: "/Devices", schema: deviceSchema.id });
const scim = createScimServer({ registry, store: new MemoryStore({ registry }) });

// #endregion readme

export { scim };
