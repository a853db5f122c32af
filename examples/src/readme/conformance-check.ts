/** The conformance README's custom check. */
// #region readme
import { CheckFailure, defineCheck } from "@scimkit/conformance";

export const myCheck = defineCheck({
  id: "users.my-rule",
  section: "users",
  level: "MUST",
  title: "what the rule says",
  citation: "RFC 7644 §3.3",
  async run(ctx) {
    await ctx.requireFeature("patch"); // skips with the reason when not advertised
    const user = await ctx.api.create("/Users", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: ctx.unique("me"),
    });
    const exchange = await ctx.http.send({ method: "GET", path: `/Users/${user.id}` }); // raw wire access
    if (exchange.status !== 200) throw new CheckFailure(`got ${exchange.status}`);
    return undefined; // pass
  },
});
// #endregion readme
