import type { Ledger } from "./consistency.js";
import { type Answer, NoAnswerError, PATCH_OP, type ScimHttp, USER, versionOf } from "./scim-http.js";

/** One IdP connection: a tenant's credential against one of the server instances. */
export interface IdpClient {
  readonly http: ScimHttp;
  readonly tenant: string;
  /** The tenant's groups (shared by every client of the tenant). */
  readonly groups: readonly string[];
  readonly ledger: Ledger;
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

/** The same userName in a random mix of cases: userName is unique ignoring case (RFC 7643 §4.1.1). */
function casedUserName(index: number): string {
  const name = `user-${index}@example.com`;
  return [...name].map((char) => (Math.random() < 0.3 ? char.toUpperCase() : char)).join("");
}

/**
 * An IdP's provisioning mix for `durationMs`: creates of userNames that other clients (on other
 * instances) create at the same time (one must win, the rest get 409 and look the user up, as Entra
 * ID does), `userName eq` lookups, Entra-style PATCHes of users and of group members (adds and
 * removes on groups every client shares), and deletes. A client changes only the users it created
 * (an IdP owns its users' lifecycle), so every 404 and every other failure is a finding.
 */
export async function runIdpMix(client: IdpClient, options: { durationMs: number; userNames: number }) {
  const { http, ledger } = client;
  const owned = new Map<string, Set<string>>();
  const deadline = Date.now() + options.durationMs;
  const expect = async (
    method: string,
    path: string,
    body: unknown,
    allowed: readonly number[],
  ): Promise<Answer | undefined> => {
    try {
      const answer = await http.send(method, path, body);
      ledger.count(answer);
      if (!allowed.includes(answer.status))
        ledger.unexpected.push(
          `${client.tenant} ${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`,
        );
      return answer;
    } catch (error) {
      if (!(error instanceof NoAnswerError)) throw error;
      ledger.unanswered += 1;
      ledger.unexpected.push(`${client.tenant} ${error.message}`);
      return undefined;
    }
  };
  const lookup = async (userName: string) => {
    const filter = encodeURIComponent(`userName eq "${userName}"`);
    const answer = await expect("GET", `/Users?filter=${filter}`, undefined, [200]);
    if (answer?.status !== 200) return;
    if (answer.body.totalResults > 1)
      ledger.unexpected.push(`${client.tenant} userName ${userName}: ${answer.body.totalResults} users`);
    for (const user of answer.body.Resources ?? [])
      ledger.observe(user.id, versionOf(user.meta?.version), answer);
  };
  const ownedUser = () => (owned.size > 0 ? pick([...owned.keys()]) : undefined);

  while (Date.now() < deadline) {
    const roll = Math.random();
    if (roll < 0.3) {
      const userName = casedUserName(Math.floor(Math.random() * options.userNames));
      const answer = await expect(
        "POST",
        "/Users",
        { schemas: [USER], userName, displayName: userName, active: true },
        [201, 409],
      );
      if (answer?.status === 201) {
        ledger.acknowledge("Users", answer.body.id, versionOf(answer.etag), answer);
        owned.set(answer.body.id, new Set());
      } else if (answer?.status === 409) {
        // RFC 7644 §3.3: 409 with scimType "uniqueness"; the IdP then matches the existing user.
        if (answer.body.scimType !== "uniqueness")
          ledger.unexpected.push(
            `${client.tenant} 409 without scimType uniqueness: ${JSON.stringify(answer.body)}`,
          );
        await lookup(userName);
      }
    } else if (roll < 0.5) {
      await lookup(casedUserName(Math.floor(Math.random() * options.userNames)));
    } else if (roll < 0.6) {
      const id = ownedUser();
      if (!id) continue;
      const answer = await expect(
        "PATCH",
        `/Users/${id}`,
        {
          schemas: [PATCH_OP],
          Operations: [
            { op: "Replace", path: "active", value: Math.random() < 0.5 },
            { op: "Replace", path: "title", value: `title-${Date.now()}` },
          ],
        },
        [200, 204],
      );
      if (answer && answer.status < 300) ledger.acknowledge("Users", id, versionOf(answer.etag), answer);
    } else if (roll < 0.8) {
      const id = ownedUser();
      if (!id) continue;
      const group = pick(client.groups);
      const answer = await expect(
        "PATCH",
        `/Groups/${group}`,
        { schemas: [PATCH_OP], Operations: [{ op: "Add", path: "members", value: [{ value: id }] }] },
        [200, 204],
      );
      if (answer && answer.status < 300) {
        ledger.acknowledge("Groups", group, versionOf(answer.etag), answer);
        owned.get(id)?.add(group);
      }
    } else if (roll < 0.9) {
      const id = ownedUser();
      const groups = id ? [...(owned.get(id) ?? [])] : [];
      if (!id || groups.length === 0) continue;
      const group = pick(groups);
      const answer = await expect(
        "PATCH",
        `/Groups/${group}`,
        { schemas: [PATCH_OP], Operations: [{ op: "Remove", path: "members", value: [{ value: id }] }] },
        [200, 204],
      );
      if (answer && answer.status < 300) {
        ledger.acknowledge("Groups", group, versionOf(answer.etag), answer);
        owned.get(id)?.delete(group);
      }
    } else {
      const id = ownedUser();
      if (!id) continue;
      owned.delete(id);
      ledger.deleteSent("Users", id);
      const answer = await expect("DELETE", `/Users/${id}`, undefined, [204]);
      if (answer?.status === 204) ledger.deleteAcked(id);
    }
  }
}
