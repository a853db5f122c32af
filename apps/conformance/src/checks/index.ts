import type { Check } from "../check.js";
import { bulkChecks } from "./bulk.js";
import { concurrencyChecks } from "./concurrency.js";
import { discoveryChecks } from "./discovery.js";
import { entraChecks } from "./entra.js";
import { errorChecks } from "./errors.js";
import { etagChecks } from "./etags.js";
import { filterChecks } from "./filters.js";
import { groupChecks } from "./groups.js";
import { oktaChecks } from "./okta.js";
import { pagingChecks } from "./paging.js";
import { patchChecks } from "./patch.js";
import { robustnessChecks } from "./robustness.js";
import { userChecks } from "./users.js";

/** Every built-in check, in run order. */
export const allChecks: Check[] = [
  ...discoveryChecks,
  ...userChecks,
  ...filterChecks,
  ...pagingChecks,
  ...patchChecks,
  ...groupChecks,
  ...etagChecks,
  ...bulkChecks,
  ...errorChecks,
  ...robustnessChecks,
  ...concurrencyChecks,
  ...entraChecks,
  ...oktaChecks,
];

export {
  bulkChecks,
  concurrencyChecks,
  discoveryChecks,
  entraChecks,
  errorChecks,
  etagChecks,
  filterChecks,
  groupChecks,
  oktaChecks,
  pagingChecks,
  patchChecks,
  robustnessChecks,
  userChecks,
};
