/**
 * Filters as identity providers send them to `GET /Users` and `GET /Groups`: Okta's existence
 * check (`userName eq`), Entra ID's matching attributes (`userName`, `externalId`,
 * `displayName`, `id`) and its `emails[type eq "work"].value` form, from the IdPs' public docs.
 */
export const idpFilters: readonly string[] = [
  'userName eq "Test_User_dfeef4c5-5681-4387-b016-bdf221e82081"',
  'userName eq "test.user@okta.local"',
  'externalId eq "0a21f0f2-8d2a-4f8e-bf98-7a1d2b3c4d5e"',
  'displayName eq "Group Test SCIMv2"',
  'id eq "2819c223-7f76-453a-919d-413861904646"',
  'userName eq "ryan@contoso.com"',
  'externalId eq "jyoung"',
  'displayName eq "Sales Department"',
  'userName eq "non-existent user"',
  'userName eq "bjensen@example.com" and externalId eq "bjensen"',
];

/** Entra ID's `valuePath.subAttr op value` form, outside the RFC grammar (not every peer parses it). */
export const entraExtensionFilters: readonly string[] = [
  'emails[type eq "work"].value eq "ryan@contoso.com"',
];

/** RFC 7644 §3.4.2.2 Figure 2 and longer combinations. */
export const complexFilters: readonly string[] = [
  'name.familyName co "O\'Malley"',
  'urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"',
  'meta.lastModified gt "2011-05-13T04:42:34Z"',
  'title pr and userType eq "Employee"',
  'title pr or userType eq "Intern"',
  'schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"',
  'userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")',
  'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
  'userType eq "Employee" and emails[type eq "work" and value co "@example.com"]',
  'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
  'active eq true and (meta.created ge "2020-01-01T00:00:00Z" and meta.created lt "2021-01-01T00:00:00Z") and not (title sw "Intern")',
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "701984" or urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "26118915-6090-4610-87e4-49d8ca9f808d"',
];
