import { createDefaultRegistry, type SchemaDefinition, type SchemaRegistry } from "@scimkit/core";

export const DEVICE_SCHEMA = "urn:example:params:scim:schemas:core:1.0:Device";

const deviceSchema: SchemaDefinition = {
  id: DEVICE_SCHEMA,
  name: "Device",
  description: "A custom resource type for tests",
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
    {
      name: "serialNumber",
      type: "string",
      multiValued: false,
      description: "Set once",
      required: false,
      caseExact: true,
      mutability: "immutable",
      returned: "default",
      uniqueness: "none",
    },
    {
      name: "secret",
      type: "string",
      multiValued: false,
      description: "Never returned",
      required: false,
      caseExact: true,
      mutability: "writeOnly",
      returned: "never",
      uniqueness: "none",
    },
  ],
};

/** The default registry plus a custom `Device` resource type at `/Devices`. */
export function registryWithDevices(): SchemaRegistry {
  return createDefaultRegistry()
    .addSchema(deviceSchema)
    .addResourceType({ name: "Device", endpoint: "/Devices", schema: DEVICE_SCHEMA, description: "Devices" });
}
