import { readConfig } from "./config.js";
import { type RunningProvisioningServer, startProvisioningServer } from "./start.js";

let running: RunningProvisioningServer;
try {
  running = await startProvisioningServer(readConfig());
} catch (error) {
  // A configuration problem is a message naming the setting, not a stack trace.
  console.error(
    `scimkit provisioning server did not start: ${error instanceof Error ? error.message : error}`,
  );
  process.exit(1);
}

async function shutdown(signal: string): Promise<void> {
  console.log(`${signal}: shutting down (finishing requests in flight)`);
  await running.close();
  process.exit(0);
}
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
