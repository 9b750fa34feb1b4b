/**
 * The identifier cases both Effect lines run (packages/core/test/Identifier.test.ts,
 * packages/effect4/core/test/Identifier.test.ts): raw ids and their identifiers,
 * the serializer's wire models and its errors, and the arbitraries of the
 * properties — built from the official `@azure/communication-common` 2.5 tests
 * (`identifierModels.spec.ts`, `identifierModelSerializer.spec.ts`) and its
 * rules, plus edge cases. Expected values omit the keys the official code sets
 * to `undefined`.
 */
import type {
  CommunicationIdentifier,
  CommunicationIdentifierKind,
  PhoneNumberKind,
  SerializedCommunicationIdentifier,
  TeamsExtensionUserKind
} from "@effect-acs/identity-protocol/Identifier"
import fc from "fast-check"

/** A resource, a tenant, a user and an app id of the official tests. */
const resource = "bbbcbc1e-9f06-482a-b5d8-20e3f26ef0cd"
const tenant = "45ab2481-1c1c-4005-be24-0ffb879b1130"
const user = "207ffef6-9444-41fb-92ab-20eacaae2768"
export const app = "01234567-89ab-cdef-0123-456789abcdef"

/** The identifier kinds, as `createIdentifierFromRawId` returns them. */
const communicationUser = (id: string): CommunicationIdentifierKind => ({
  kind: "communicationUser",
  communicationUserId: id
})
const unknown = (id: string): CommunicationIdentifierKind => ({ kind: "unknown", id })
export const phone = (
  phoneNumber: string,
  extra: { isAnonymous?: boolean; assertedId?: string } = {}
): PhoneNumberKind => ({
  kind: "phoneNumber",
  phoneNumber,
  isAnonymous: extra.isAnonymous ?? false,
  ...(extra.assertedId === undefined ? {} : { assertedId: extra.assertedId })
})
const teamsUser = (id: string, cloud: "public" | "dod" | "gcch"): CommunicationIdentifierKind => ({
  kind: "microsoftTeamsUser",
  microsoftTeamsUserId: id,
  isAnonymous: false,
  cloud
})
export const teamsApp = (id: string, cloud: "public" | "dod" | "gcch"): CommunicationIdentifierKind => ({
  kind: "microsoftTeamsApp",
  teamsAppId: id,
  cloud
})
const extensionUser = (
  resourceId: string,
  tenantId: string,
  userId: string,
  cloud: "public" | "dod" | "gcch"
): TeamsExtensionUserKind => ({ kind: "teamsExtensionUser", userId, tenantId, resourceId, cloud })

/** raw id → identifier: every prefix and cloud, and the edge cases. */
export const rawIds: ReadonlyArray<readonly [string, CommunicationIdentifierKind]> = [
  // communication users: 8:acs: (and the dod/gcch variants) unless the suffix has exactly 3 `_` parts; 8:spool: always
  [`8:acs:${resource}_${user}`, communicationUser(`8:acs:${resource}_${user}`)],
  [`8:dod-acs:${resource}_${user}`, communicationUser(`8:dod-acs:${resource}_${user}`)],
  [`8:gcch-acs:${resource}_${user}`, communicationUser(`8:gcch-acs:${resource}_${user}`)],
  [`8:spool:${resource}_${user}`, communicationUser(`8:spool:${resource}_${user}`)],
  [`8:spool:${resource}_${tenant}_${user}`, communicationUser(`8:spool:${resource}_${tenant}_${user}`)],
  [`8:acs:${resource}_ext_${tenant}_${user}`, communicationUser(`8:acs:${resource}_ext_${tenant}_${user}`)],
  ["8:acs:something", communicationUser("8:acs:something")],
  ["8:acs:", communicationUser("8:acs:")],
  ["8:acs:_", communicationUser("8:acs:_")],
  ["8:acs:a_b", communicationUser("8:acs:a_b")],
  ["8:acs:a_b_c_d", communicationUser("8:acs:a_b_c_d")],
  ["8:acs:a_b_c_", communicationUser("8:acs:a_b_c_")],
  ["8:dod-acs:a_b_c_d", communicationUser("8:dod-acs:a_b_c_d")],
  // Teams Phone extension users: exactly three `_` parts (empty parts count, so trailing underscores do too)
  [`8:acs:${resource}_${tenant}_${user}`, extensionUser(resource, tenant, user, "public")],
  [`8:dod-acs:${resource}_${tenant}_${user}`, extensionUser(resource, tenant, user, "dod")],
  [`8:gcch-acs:${resource}_${tenant}_${user}`, extensionUser(resource, tenant, user, "gcch")],
  ["8:acs:a_b_", extensionUser("a", "b", "", "public")],
  ["8:acs:a__", extensionUser("a", "", "", "public")],
  ["8:acs:__", extensionUser("", "", "", "public")],
  ["8:gcch-acs:_b_c", extensionUser("", "b", "c", "gcch")],
  // Teams users
  [`8:orgid:${tenant}`, teamsUser(tenant, "public")],
  [`8:dod:${tenant}`, teamsUser(tenant, "dod")],
  [`8:gcch:${tenant}`, teamsUser(tenant, "gcch")],
  [`8:teamsvisitor:${tenant}`, { kind: "microsoftTeamsUser", microsoftTeamsUserId: tenant, isAnonymous: true }],
  ["8:orgid:legacyFormat", teamsUser("legacyFormat", "public")],
  ["8:orgid:", teamsUser("", "public")],
  ["8:orgid:a_b_c", teamsUser("a_b_c", "public")],
  // Teams apps
  [`28:orgid:${app}`, teamsApp(app, "public")],
  [`28:dod:${app}`, teamsApp(app, "dod")],
  [`28:gcch:${app}`, teamsApp(app, "gcch")],
  // phone numbers: everything after `4:` verbatim; `anonymous` exactly; asserted id after the last `_`
  ["4:112345556789", phone("112345556789")],
  ["4:+112345556789", phone("+112345556789")],
  ["4:+14255550123", phone("+14255550123")],
  [`4:${user}`, phone(user)],
  [`4:${user}_${user}`, phone(`${user}_${user}`, { assertedId: user })],
  [`4:+112345556789_${user}`, phone(`+112345556789_${user}`, { assertedId: user })],
  [`4:${user}_`, phone(`${user}_`)],
  [`4:+112345556789_${user}_123`, phone(`+112345556789_${user}_123`, { assertedId: "123" })],
  ["4:_123", phone("_123", { assertedId: "123" })],
  ["4:anonymous", phone("anonymous", { isAnonymous: true })],
  ["4:anonymous_123", phone("anonymous_123", { assertedId: "123" })],
  ["4:_anonymous", phone("_anonymous", { assertedId: "anonymous" })],
  ["4:Anonymous", phone("Anonymous")],
  ["4:anonymous_", phone("anonymous_")],
  ["4:_", phone("_")],
  ["4:__", phone("__")],
  ["4:", phone("")],
  ["4:a:b:c", phone("a:b:c")],
  ["4:4:1", phone("4:1")],
  // unknown: not exactly three `:` parts, or an unknown prefix
  [`28:${tenant}`, unknown(`28:${tenant}`)],
  [`28:gcch-global:${app}`, unknown(`28:gcch-global:${app}`)],
  [`28:dod-global:${app}`, unknown(`28:dod-global:${app}`)],
  [`28:ag08-global:${app}`, unknown(`28:ag08-global:${app}`)],
  [`28:ag09-global:${app}`, unknown(`28:ag09-global:${app}`)],
  [`28:gal-global:${app}`, unknown(`28:gal-global:${app}`)],
  [`28:acs:${app}`, unknown(`28:acs:${app}`)],
  [`28:teamsvisitor:${app}`, unknown(`28:teamsvisitor:${app}`)],
  [`48:${tenant}`, unknown(`48:${tenant}`)],
  [`48:orgid:${tenant}`, unknown(`48:orgid:${tenant}`)],
  ["", unknown("")],
  ["8", unknown("8")],
  ["8:acs", unknown("8:acs")],
  ["28:orgid", unknown("28:orgid")],
  ["8:acs:a:b", unknown("8:acs:a:b")],
  ["8:orgid:a:b", unknown("8:orgid:a:b")],
  ["8:teamsvisitor:a:b", unknown("8:teamsvisitor:a:b")],
  ["8:gcch-acs:a_b_c:d", unknown("8:gcch-acs:a_b_c:d")],
  ["28:dod:a:b", unknown("28:dod:a:b")],
  ["8:unknown:x", unknown("8:unknown:x")],
  ["8:ACS:x", unknown("8:ACS:x")],
  ["8:OrgId:x", unknown("8:OrgId:x")],
  [" 8:acs:x", unknown(" 8:acs:x")],
  ["8::x", unknown("8::x")],
  ["::", unknown("::")],
  ["04:123", unknown("04:123")],
  ["+4:123", unknown("+4:123")],
  ["8:28:orgid", unknown("8:28:orgid")]
]

/** Every raw-id prefix the table must cover. */
export const prefixes = [
  "4:",
  "8:acs:",
  "8:spool:",
  "8:dod-acs:",
  "8:gcch-acs:",
  "8:orgid:",
  "8:dod:",
  "8:gcch:",
  "8:teamsvisitor:",
  "28:orgid:",
  "28:dod:",
  "28:gcch:"
]

/** identifier → raw id. */
export const rawIdsOf: ReadonlyArray<readonly [CommunicationIdentifier, string]> = [
  [{ communicationUserId: `8:acs:${resource}_${user}` }, `8:acs:${resource}_${user}`],
  [{ communicationUserId: `8:acs:${resource}_${tenant}_${user}` }, `8:acs:${resource}_${tenant}_${user}`],
  [{ communicationUserId: "someFutureFormat" }, "someFutureFormat"],
  [{ microsoftTeamsUserId: tenant }, `8:orgid:${tenant}`],
  [{ microsoftTeamsUserId: tenant, cloud: "public" }, `8:orgid:${tenant}`],
  [{ microsoftTeamsUserId: tenant, cloud: "dod" }, `8:dod:${tenant}`],
  [{ microsoftTeamsUserId: tenant, cloud: "gcch" }, `8:gcch:${tenant}`],
  [{ microsoftTeamsUserId: tenant, isAnonymous: false }, `8:orgid:${tenant}`],
  [{ microsoftTeamsUserId: tenant, isAnonymous: true }, `8:teamsvisitor:${tenant}`],
  [{ microsoftTeamsUserId: tenant, isAnonymous: true, cloud: "dod" }, `8:teamsvisitor:${tenant}`],
  [{ microsoftTeamsUserId: tenant, rawId: "8:orgid:legacyFormat" }, "8:orgid:legacyFormat"],
  [{ microsoftTeamsUserId: tenant, rawId: "" }, `8:orgid:${tenant}`],
  [{ teamsAppId: app }, `28:orgid:${app}`],
  [{ teamsAppId: app, cloud: "public" }, `28:orgid:${app}`],
  [{ teamsAppId: app, cloud: "dod" }, `28:dod:${app}`],
  [{ teamsAppId: app, cloud: "gcch" }, `28:gcch:${app}`],
  [{ teamsAppId: app, rawId: "28:orgid:override" }, "28:orgid:override"],
  [{ userId: user, tenantId: tenant, resourceId: resource }, `8:acs:${resource}_${tenant}_${user}`],
  [{ userId: user, tenantId: tenant, resourceId: resource, cloud: "dod" }, `8:dod-acs:${resource}_${tenant}_${user}`],
  [{ userId: user, tenantId: tenant, resourceId: resource, cloud: "gcch" }, `8:gcch-acs:${resource}_${tenant}_${user}`],
  [
    { rawId: "8:acs:resource_tenant_user", userId: user, tenantId: tenant, resourceId: resource },
    "8:acs:resource_tenant_user"
  ],
  [{ phoneNumber: "+112345556789" }, "4:+112345556789"],
  [{ phoneNumber: "112345556789" }, "4:112345556789"],
  [{ phoneNumber: "+112345556789", rawId: "4:112345556789" }, "4:112345556789"],
  [{ phoneNumber: "otherFormat", rawId: `4:${user}` }, `4:${user}`],
  [{ phoneNumber: "otherFormat", rawId: `4:+112345556789_${user}` }, `4:+112345556789_${user}`],
  [{ phoneNumber: "anonymous", isAnonymous: true }, "4:anonymous"],
  [{ id: `28:${tenant}` }, `28:${tenant}`]
]

/** identifier → its kind (the official order decides). */
export const kinds: ReadonlyArray<readonly [unknown, CommunicationIdentifierKind["kind"]]> = [
  [{ communicationUserId: "a" }, "communicationUser"],
  [{ phoneNumber: "123" }, "phoneNumber"],
  [{ microsoftTeamsUserId: "a" }, "microsoftTeamsUser"],
  [{ teamsAppId: "a" }, "microsoftTeamsApp"],
  [{ userId: "u", tenantId: "t", resourceId: "r" }, "teamsExtensionUser"],
  [{ id: "a" }, "unknown"],
  // the official order decides
  [{ communicationUserId: "a", phoneNumber: "1" }, "communicationUser"],
  [{ phoneNumber: "1", microsoftTeamsUserId: "a" }, "phoneNumber"],
  [{ microsoftTeamsUserId: "a", teamsAppId: "b" }, "microsoftTeamsUser"],
  [{ teamsAppId: "b", userId: "u", tenantId: "t", resourceId: "r" }, "microsoftTeamsApp"],
  [{ userId: "u", tenantId: "t", id: "x" }, "unknown"],
  [{ kind: "foobar", id: "42", someOtherProp: true }, "unknown"],
  [{ kind: "phoneNumber", communicationUserId: "a" }, "communicationUser"]
]

/** identifier → its wire model. */
export const serialized: ReadonlyArray<readonly [CommunicationIdentifier, SerializedCommunicationIdentifier]> = [
  [
    { communicationUserId: `8:acs:${resource}_${user}` },
    { rawId: `8:acs:${resource}_${user}`, communicationUser: { id: `8:acs:${resource}_${user}` } }
  ],
  [
    { microsoftTeamsUserId: tenant },
    { rawId: `8:orgid:${tenant}`, microsoftTeamsUser: { userId: tenant, isAnonymous: false, cloud: "public" } }
  ],
  [
    { microsoftTeamsUserId: tenant, isAnonymous: true },
    { rawId: `8:teamsvisitor:${tenant}`, microsoftTeamsUser: { userId: tenant, isAnonymous: true, cloud: "public" } }
  ],
  [
    { microsoftTeamsUserId: tenant, rawId: "override" },
    { rawId: "override", microsoftTeamsUser: { userId: tenant, isAnonymous: false, cloud: "public" } }
  ],
  [
    { microsoftTeamsUserId: tenant, cloud: "dod" },
    { rawId: `8:dod:${tenant}`, microsoftTeamsUser: { userId: tenant, isAnonymous: false, cloud: "dod" } }
  ],
  [{ teamsAppId: app }, { rawId: `28:orgid:${app}`, microsoftTeamsApp: { appId: app, cloud: "public" } }],
  [{ teamsAppId: app, cloud: "gcch" }, { rawId: `28:gcch:${app}`, microsoftTeamsApp: { appId: app, cloud: "gcch" } }],
  [{ phoneNumber: "+12345556789" }, {
    rawId: "4:+12345556789",
    phoneNumber: { value: "+12345556789", isAnonymous: false }
  }],
  [
    { phoneNumber: "+12345556789", rawId: "override" },
    { rawId: "override", phoneNumber: { value: "+12345556789", isAnonymous: false } }
  ],
  [{ phoneNumber: "anonymous", isAnonymous: true }, {
    rawId: "4:anonymous",
    phoneNumber: { value: "anonymous", isAnonymous: true }
  }],
  [
    { phoneNumber: "+12345556789_123", assertedId: "123" },
    { rawId: "4:+12345556789_123", phoneNumber: { value: "+12345556789_123", isAnonymous: false, assertedId: "123" } }
  ],
  [
    { userId: user, tenantId: tenant, resourceId: resource },
    {
      rawId: `8:acs:${resource}_${tenant}_${user}`,
      teamsExtensionUser: { userId: user, tenantId: tenant, resourceId: resource, cloud: "public" }
    }
  ],
  [
    { userId: user, tenantId: tenant, resourceId: resource, cloud: "dod" },
    {
      rawId: `8:dod-acs:${resource}_${tenant}_${user}`,
      teamsExtensionUser: { userId: user, tenantId: tenant, resourceId: resource, cloud: "dod" }
    }
  ],
  [{ id: `48:${tenant}` }, { rawId: `48:${tenant}` }],
  [{ kind: "foobar", id: "42", someOtherProp: true } as never, { rawId: "42" }]
]

/** wire model → identifier. */
export const deserialized: ReadonlyArray<readonly [unknown, CommunicationIdentifierKind]> = [
  [{ communicationUser: { id: "8:acs:a_b" } }, communicationUser("8:acs:a_b")],
  [{ kind: "communicationUser", communicationUser: { id: "8:acs:a_b" } }, communicationUser("8:acs:a_b")],
  [{ someFutureProperty: "fooBar", communicationUser: { id: "8:acs:a_b" } }, communicationUser("8:acs:a_b")],
  [{ kind: "communicationUser", rawId: "8:acs:a_b" }, unknown("8:acs:a_b")],
  [
    { phoneNumber: { value: "+1234555000" }, rawId: "4:+1234555000" },
    { kind: "phoneNumber", phoneNumber: "+1234555000", rawId: "4:+1234555000", isAnonymous: false }
  ],
  [
    { kind: "phoneNumber", phoneNumber: { value: "+1234555000" }, rawId: "4:+1234555000" },
    { kind: "phoneNumber", phoneNumber: "+1234555000", rawId: "4:+1234555000", isAnonymous: false }
  ],
  [
    { phoneNumber: { value: "anonymous", isAnonymous: true }, rawId: "4:anonymous" },
    { kind: "phoneNumber", phoneNumber: "anonymous", rawId: "4:anonymous", isAnonymous: true }
  ],
  [
    { phoneNumber: { value: "+1234555000_123", assertedId: "123" }, rawId: "4:+1234555000" },
    {
      kind: "phoneNumber",
      phoneNumber: "+1234555000_123",
      rawId: "4:+1234555000",
      isAnonymous: false,
      assertedId: "123"
    }
  ],
  [{ kind: "phoneNumber", rawId: "4:+1234555000" }, unknown("4:+1234555000")],
  [
    { microsoftTeamsUser: { userId: tenant, isAnonymous: true, cloud: "public" }, rawId: `8:teamsvisitor:${tenant}` },
    {
      kind: "microsoftTeamsUser",
      microsoftTeamsUserId: tenant,
      isAnonymous: true,
      cloud: "public",
      rawId: `8:teamsvisitor:${tenant}`
    }
  ],
  [
    { microsoftTeamsUser: { userId: tenant, isAnonymous: false, cloud: "gcch" }, rawId: `8:gcch:${tenant}` },
    {
      kind: "microsoftTeamsUser",
      microsoftTeamsUserId: tenant,
      isAnonymous: false,
      cloud: "gcch",
      rawId: `8:gcch:${tenant}`
    }
  ],
  [{ kind: "microsoftTeamsUser", rawId: `8:orgid:${tenant}` }, unknown(`8:orgid:${tenant}`)],
  [
    { microsoftTeamsApp: { appId: app, cloud: "dod" }, rawId: `28:dod:${app}` },
    { kind: "microsoftTeamsApp", teamsAppId: app, cloud: "dod", rawId: `28:dod:${app}` }
  ],
  [
    {
      kind: "teamsExtensionUser",
      rawId: `8:dod-acs:${resource}_${tenant}_${user}`,
      teamsExtensionUser: { userId: user, tenantId: tenant, resourceId: resource, cloud: "dod" }
    },
    { ...extensionUser(resource, tenant, user, "dod"), rawId: `8:dod-acs:${resource}_${tenant}_${user}` }
  ],
  [
    { kind: "teamsExtensionUser", rawId: `8:acs:${resource}_${tenant}_${user}` },
    unknown(`8:acs:${resource}_${tenant}_${user}`)
  ],
  // a kind that disagrees with the nested model, or an unknown kind, falls back to unknown
  [{ kind: "phoneNumber", communicationUser: { id: "8:acs:a_b" }, rawId: "x" }, unknown("x")],
  [{ kind: "futureKind", communicationUser: { id: "8:acs:a_b" }, rawId: "x" }, unknown("x")],
  [{ rawId: `48:${tenant}` }, unknown(`48:${tenant}`)],
  [{ kind: "unknown", rawId: `48:${tenant}` }, unknown(`48:${tenant}`)],
  [{ rawId: "42", someOtherProp: true }, unknown("42")],
  [
    { microsoftTeamsUser: { userId: tenant, isAnonymous: true, cloud: "public", someOtherProp: true }, rawId: "r" },
    { kind: "microsoftTeamsUser", microsoftTeamsUserId: tenant, isAnonymous: true, cloud: "public", rawId: "r" }
  ]
]

/** wire models that lack a required property: the model, its type, the property. */
export const lacking: ReadonlyArray<readonly [unknown, string, string]> = [
  [{ communicationUser: {} }, "communicationUser", "id"],
  [{ phoneNumber: {} }, "phoneNumber", "value"],
  [{ phoneNumber: { value: "+1" } }, "phoneNumber", "rawId"],
  [{ microsoftTeamsUser: { isAnonymous: false } }, "microsoftTeamsUser", "userId"],
  [{ microsoftTeamsUser: { userId: tenant, cloud: "public" } }, "microsoftTeamsUser", "isAnonymous"],
  [{ microsoftTeamsUser: { userId: tenant, isAnonymous: false } }, "microsoftTeamsUser", "cloud"],
  [{ microsoftTeamsUser: { userId: tenant, isAnonymous: false, cloud: "public" } }, "microsoftTeamsUser", "rawId"],
  [{ microsoftTeamsApp: { cloud: "public" } }, "microsoftTeamsApp", "appId"],
  [{ microsoftTeamsApp: { appId: app } }, "microsoftTeamsApp", "cloud"],
  [{ microsoftTeamsApp: { appId: app, cloud: "gcch" } }, "microsoftTeamsApp", "rawId"],
  [{ teamsExtensionUser: { tenantId: tenant } }, "teamsExtensionUser", "userId"],
  [{ teamsExtensionUser: { userId: user } }, "teamsExtensionUser", "tenantId"],
  [{ teamsExtensionUser: { userId: user, tenantId: tenant } }, "teamsExtensionUser", "resourceId"],
  [{ teamsExtensionUser: { userId: user, tenantId: tenant, resourceId: resource } }, "teamsExtensionUser", "cloud"],
  [
    { teamsExtensionUser: { userId: user, tenantId: tenant, resourceId: resource, cloud: "dod" } },
    "teamsExtensionUser",
    "rawId"
  ],
  [{ someProp: true }, "unknown", "rawId"],
  [{ kind: "communicationUser" }, "unknown", "rawId"]
]

/** wire models with more than one nested model, and the names the error lists. */
export const ambiguous: ReadonlyArray<readonly [unknown, string]> = [
  [
    {
      rawId: "r",
      microsoftTeamsUser: { userId: tenant, isAnonymous: false, cloud: "public" },
      communicationUser: { id: "x" }
    },
    `["communicationUser","microsoftTeamsUser"]`
  ],
  [{ rawId: "r", communicationUser: { id: "x" }, phoneNumber: { value: "1" } }, `["communicationUser","phoneNumber"]`],
  [
    {
      rawId: "r",
      microsoftTeamsUser: { userId: tenant, isAnonymous: false, cloud: "public" },
      phoneNumber: { value: "1" }
    },
    `["microsoftTeamsUser","phoneNumber"]`
  ],
  [
    {
      rawId: "r",
      microsoftTeamsUser: { userId: tenant, isAnonymous: false, cloud: "public" },
      communicationUser: { id: "x" },
      phoneNumber: { value: "1" }
    },
    `["communicationUser","microsoftTeamsUser","phoneNumber"]`
  ],
  [
    {
      rawId: "r",
      teamsExtensionUser: { userId: user, tenantId: tenant, resourceId: resource, cloud: "public" },
      communicationUser: { id: "x" }
    },
    `["communicationUser","teamsExtensionUser"]`
  ],
  [
    { rawId: "r", microsoftTeamsApp: { appId: app, cloud: "public" }, phoneNumber: {} },
    `["microsoftTeamsApp","phoneNumber"]`
  ]
]

/** inputs that are not the wire model at all. */
export const notWireModels: ReadonlyArray<readonly [unknown]> = [
  [null],
  ["8:acs:x"],
  [[]],
  [{ communicationUser: { id: 42 } }],
  [{ communicationUser: "8:acs:x" }],
  [{ rawId: 42 }],
  [{ kind: 1, rawId: "x" }],
  [{ rawId: "r", microsoftTeamsUser: { userId: tenant, isAnonymous: "no", cloud: "public" } }],
  [{ rawId: "r", microsoftTeamsUser: { userId: tenant, isAnonymous: false, cloud: "usgov" } }],
  [{ rawId: "r", phoneNumber: { value: "1", assertedId: null } }]
]

const cloud = fc.constantFrom("public" as const, "dod" as const, "gcch" as const)
const text = (chars: string) =>
  fc.array(fc.oneof(fc.constantFrom(...chars.split("")), fc.string({ maxLength: 3 })), { maxLength: 8 }).map((parts) =>
    parts.join("")
  )
const noColon = text("ab0-_+").map((s) => s.replace(/:/g, ""))
const noColonNoUnderscore = text("ab0-+").map((s) => s.replace(/[:_]/g, ""))

/** Raw ids that stress the parser: known prefixes, any number of `:` and `_`, trailing underscores. */
export const rawIdArbitrary = fc.oneof(
  fc.string(),
  fc.tuple(
    fc.constantFrom(
      "4:",
      "8:acs:",
      "8:spool:",
      "8:dod-acs:",
      "8:gcch-acs:",
      "8:orgid:",
      "8:dod:",
      "8:gcch:",
      "8:teamsvisitor:",
      "28:orgid:",
      "28:dod:",
      "28:gcch:",
      "28:gcch-global:",
      "48:",
      "8:",
      ""
    ),
    fc.array(fc.constantFrom("a", "_", ":", "anonymous", "+1425", "", "__", "b_c"), { maxLength: 6 }).map((xs) =>
      xs.join("")
    )
  ).map(([prefix, rest]) => prefix + rest)
)

/** Identifiers as `createIdentifierFromRawId` returns them (derived from the rules, not from the parser). */
export const canonicalArbitrary: fc.Arbitrary<CommunicationIdentifierKind> = fc.oneof(
  fc.tuple(fc.constantFrom("8:acs:", "8:dod-acs:", "8:gcch-acs:"), fc.array(noColonNoUnderscore, { maxLength: 5 }))
    .filter(([, parts]) => parts.length !== 3)
    .map(([prefix, parts]) => communicationUser(prefix + parts.join("_"))),
  noColon.map((id) => communicationUser(`8:spool:${id}`)),
  fc.tuple(noColonNoUnderscore, noColonNoUnderscore, noColonNoUnderscore, cloud).map(([r, t, u, c]) =>
    extensionUser(r, t, u, c)
  ),
  fc.tuple(noColon, cloud).map(([id, c]) => teamsUser(id, c)),
  noColon.map((id): CommunicationIdentifierKind => ({
    kind: "microsoftTeamsUser",
    microsoftTeamsUserId: id,
    isAnonymous: true
  })),
  fc.tuple(noColon, cloud).map(([id, c]) => teamsApp(id, c)),
  fc.tuple(
    fc.oneof(fc.constant("anonymous"), text("+0123456789:").map((s) => s.replace(/_/g, ""))),
    fc.option(text("a1").map((s) => s.replace(/_/g, "")).filter((s) => s !== ""), { nil: undefined })
  )
    .map(([base, asserted]) => {
      const phoneNumber = asserted === undefined ? base : `${base}_${asserted}`
      return phone(phoneNumber, {
        isAnonymous: phoneNumber === "anonymous",
        ...(asserted === undefined ? {} : { assertedId: asserted })
      })
    }),
  fc.string().filter((s) => !s.startsWith("4:") && s.split(":").length !== 3).map(unknown)
)
