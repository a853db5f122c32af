/** The conformance README's programmatic use: run sections against an endpoint, write JUnit XML. */
// #region readme
import { writeFile } from "node:fs/promises";
import { allChecks, renderJunit, runConformance } from "@scimkit/conformance";

const report = await runConformance({
  baseUrl: process.env.SCIM_URL ?? "http://127.0.0.1:3000/scim/v2",
  token: process.env.SCIM_TOKEN,
  profile: "all",
  only: ["discovery", "users"], // default: every section of the profile
  checks: allChecks,
  onProgress: (event) => {
    if (event.type === "result") console.log(event.result.id, event.result.status);
  },
});
if (!report.ok) process.exitCode = 1;
await writeFile(process.env.JUNIT_FILE ?? "conformance.xml", renderJunit(report));

// #endregion readme

export { report };
