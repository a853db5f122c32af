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

let stopping = false;

/**
 * The first SIGTERM/SIGINT stops accepting, finishes the requests in flight (up to
 * SHUTDOWN_GRACE_MS), closes the database and exits 0; a second one exits at once with 1.
 */
async function shutdown(signal: NodeJS.Signals): Promise<void> {
  if (stopping) {
    console.error(`${signal} again: exiting without waiting for requests in flight`);
    process.exit(1);
  }
  stopping = true;
  console.log(`${signal}: shutting down (finishing requests in flight)`);
  try {
    await running.close();
  } catch (error) {
    console.error(`shutdown failed: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
  console.log("shutdown complete");
  process.exit(0);
}
process.on("SIGTERM", (signal) => void shutdown(signal));
process.on("SIGINT", (signal) => void shutdown(signal));
