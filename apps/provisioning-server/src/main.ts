import { readConfig } from "./config.js";
import { startProvisioningServer } from "./start.js";

const running = await startProvisioningServer(readConfig());

async function shutdown(signal: string): Promise<void> {
  console.log(`${signal}: shutting down`);
  await running.close();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
