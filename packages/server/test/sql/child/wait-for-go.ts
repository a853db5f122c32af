import { createInterface } from "node:readline";

/** Prints `ready` and resolves when the parent writes `go` on stdin: both processes start together. */
export function waitForGo(): Promise<void> {
  console.log("ready");
  const lines = createInterface({ input: process.stdin });
  return new Promise((resolve) => {
    lines.on("line", (line) => {
      if (line.trim() === "go") {
        lines.close();
        resolve();
      }
    });
  });
}
