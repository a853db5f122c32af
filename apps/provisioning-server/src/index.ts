// What other workspace packages (the conformance proof tests) use to start this server in-process.
export { type ProvisioningConfig, readConfig } from "./config.js";
export { type RunningProvisioningServer, startProvisioningServer } from "./start.js";
