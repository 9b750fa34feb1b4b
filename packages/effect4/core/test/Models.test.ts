import * as Models from "@effect-acs/identity-effect4/Models"
import * as ApiVersion from "@effect-acs/identity-effect4/ApiVersion"
import * as DateTimeText from "@effect-acs/identity-protocol/DateTime"
import { assert, describe, expect, it } from "@effect/vitest"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as fc from "fast-check"
import { readdirSync, readFileSync } from "node:fs"
import { inspect } from "node:util"

// ---------------------------------------------------------------------------
// fixtures
// ---------------------------------------------------------------------------

const fixtures = new URL("../../../../test/fixtures/", import.meta.url)
const readJson = (url: URL): any => JSON.parse(readFileSync(url, "utf8"))

interface Example {
  readonly apiVersion: string
  readonly operation: string
  readonly parameters: Record<string, unknown> & { readonly body?: unknown }
  readonly responses: Record<string, { readonly body?: unknown }>
}

const examplesRoot = new URL("examples/", fixtures)
const apiVersions = readdirSync(examplesRoot).sort()
const examples: ReadonlyArray<Example> = apiVersions.flatMap((apiVersion) =>
  readdirSync(new URL(`${apiVersion}/`, examplesRoot))
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => ({
      apiVersion,
      operation: file.slice(0, -".json".length),
      ...readJson(new URL(`${apiVersion}/${file}`, examplesRoot))
    }))
)

/** The core schema of each operation's success response body (by example file name). */
const responseSchemas: Record<string, Schema.Codec<any, any>> = {
  CreateIdentity: Models.CommunicationIdentityAccessTokenResult,
  IdentityOperations_Create: Models.CommunicationIdentityAccessTokenResult,
  IssueAccessToken: Models.CommunicationIdentityAccessToken,
  CommunicationIdentity_IssueAccessToken: Models.CommunicationIdentityAccessToken,
  IdentityOperations_IssueAccessToken: Models.CommunicationIdentityAccessToken,
  ExchangeTeamsUserAccessToken: Models.CommunicationIdentityAccessToken,
  CommunicationIdentity_ExchangeTeamsUserAccessToken: Models.CommunicationIdentityAccessToken,
  GetIdentity: Models.CommunicationIdentity,
  // the Teams-extension and Entra exchanges answer with the create shape (identity-api.md §2.3, §2.4)
  ExchangeTeamsExtensionToken: Models.CommunicationIdentityAccessTokenResult,
  ExchangeTeamsPhoneToken: Models.CommunicationIdentityAccessTokenResult,
  TeamsExtensionToken_Exchange: Models.CommunicationIdentityAccessTokenResult,
  ExchangeEntraIdToken: Models.CommunicationIdentityAccessTokenResult,
  GetTeamsExtensionAssignment: Models.TeamsExtensionAssignmentResponse,
  CreateOrReplaceTeamsExtensionAssignment: Models.TeamsExtensionAssignmentResponse,
  TeamsExtensionAssignment_Upsert: Models.TeamsExtensionAssignmentResponse,
  TeamsExtensionOperations_UpsertAssignment: Models.TeamsExtensionAssignmentResponse,
  GetEntraAssignment: Models.EntraAssignment,
  CreateOrReplaceEntraAssignment: Models.EntraAssignment,
  ListEntraAssignments: Models.EntraAssignmentsResponse,
  UpdateEntraAssignments: Models.EntraAssignmentsResponse
}

/** The core schema of each operation's request body. */
const requestSchemas: Record<string, Schema.Codec<any, any>> = {
  CreateIdentity: Models.CommunicationIdentityCreateRequest,
  IdentityOperations_Create: Models.CommunicationIdentityCreateRequest,
  IssueAccessToken: Models.CommunicationIdentityAccessTokenRequest,
  CommunicationIdentity_IssueAccessToken: Models.CommunicationIdentityAccessTokenRequest,
  IdentityOperations_IssueAccessToken: Models.CommunicationIdentityAccessTokenRequest,
  ExchangeTeamsUserAccessToken: Models.TeamsUserExchangeTokenRequest,
  CommunicationIdentity_ExchangeTeamsUserAccessToken: Models.TeamsUserExchangeTokenRequest,
  CreateOrReplaceTeamsExtensionAssignment: Models.TeamsExtensionAssignmentCreateOrUpdateRequest,
  TeamsExtensionAssignment_Upsert: Models.TeamsExtensionAssignmentCreateOrUpdateRequest,
  TeamsExtensionOperations_UpsertAssignment: Models.TeamsExtensionAssignmentCreateOrUpdateRequest,
  // the example's principalType "teamsResourceAccount" is outside the open enum's known values: still a string
  CreateOrReplaceEntraAssignment: Models.EntraAssignmentCreateOrUpdateRequest,
  UpdateEntraAssignments: Models.EntraAssignmentUpdateBulkRequest
}

/** Operations with no body (204). */
const withoutCoreSchema =
  /^(Delete(TeamsExtension|Entra)Assignment|DeleteIdentity|IdentityOperations_Delete|CommunicationIdentity_Delete|(CommunicationIdentity_)?RevokeAccessTokens)$/

/** An independent oracle: what JS `Date` makes of the timestamp cut to milliseconds. */
const instantOf = (text: string): number => new Date(text.replace(/(\.\d{3})\d+/, "$1")).getTime()

const timestampsIn = (value: unknown): ReadonlyArray<string> =>
  typeof value === "string"
    ? (/^\d{4}-\d{2}-\d{2}T/.test(value) ? [value] : [])
    : typeof value === "object" && value !== null
    ? Object.values(value).flatMap(timestampsIn)
    : []

const datesIn = (value: unknown): ReadonlyArray<Date> =>
  value instanceof Date
    ? [value]
    : typeof value === "object" && value !== null && !Redacted.isRedacted(value)
    ? Object.values(value).flatMap(datesIn)
    : []

// ---------------------------------------------------------------------------
// official examples
// ---------------------------------------------------------------------------

describe("official examples", () => {
  it("are present for every api-version", () => {
    expect(apiVersions).toEqual([...ApiVersion.all])
    expect(examples.length).toBeGreaterThan(20)
  })

  it("every example is either decoded with a core schema or known to have none", () => {
    for (const example of examples) {
      const known = example.operation in responseSchemas || withoutCoreSchema.test(example.operation)
      assert(known, `${example.apiVersion}/${example.operation} has no schema mapping`)
    }
  })

  describe.each(apiVersions)("%s", (apiVersion) => {
    const inVersion = examples.filter((e) => e.apiVersion === apiVersion)

    it("response bodies decode with the operation's schema", () => {
      let decoded = 0
      for (const example of inVersion) {
        for (const [status, response] of Object.entries(example.responses)) {
          const where = `${apiVersion}/${example.operation} ${status}`
          const code = Number(status)
          const schema = code >= 400 || status === "default"
            ? Models.CommunicationErrorResponse
            : responseSchemas[example.operation]
          if (response.body === undefined) {
            // no-content responses carry no body (a PATCH answers 200 with one or 204 without)
            if (example.operation in responseSchemas && code !== 204) assert.fail(`${where}: expected a body`)
            continue
          }
          if (schema === undefined) continue
          const result = Schema.decodeUnknownResult(schema)(response.body)
          assert(Result.isSuccess(result), `${where}: ${Result.isFailure(result) ? result.failure.message : ""}`)
          // every timestamp decodes to the right instant
          const texts = timestampsIn(response.body)
          const dates = datesIn(result.success)
          expect(dates.map((d) => d.getTime())).toEqual(texts.map(instantOf))
          decoded++
        }
      }
      expect(decoded).toBeGreaterThan(0)
    })

    it("request bodies decode and encode back unchanged", () => {
      let checked = 0
      for (const example of inVersion) {
        const schema = requestSchemas[example.operation]
        if (schema === undefined || example.parameters.body === undefined) continue
        const decoded = Schema.decodeUnknownSync(schema)(example.parameters.body)
        expect(Schema.encodeSync(schema)(decoded)).toEqual(example.parameters.body)
        checked++
      }
      expect(checked).toBeGreaterThan(0)
    })
  })
})

// ---------------------------------------------------------------------------
// official client wire shapes
// ---------------------------------------------------------------------------

describe("official wire shapes", () => {
  const wire = readJson(new URL("official-wire-shapes.json", fixtures))
  const calls: ReadonlyArray<any> = wire.requests.calls

  const requestSchemaOf = (call: string): Schema.Codec<any, any> | undefined =>
    call.startsWith("createUserAndToken(")
      ? Models.CommunicationIdentityCreateRequest
      : call.startsWith("getTokenForTeamsUser(")
      ? Models.TeamsUserExchangeTokenRequest
      : call.startsWith("getToken(")
      ? Models.CommunicationIdentityAccessTokenRequest
      : undefined

  const responseSchemaOf = (call: string): Schema.Codec<any, any> | undefined =>
    call.startsWith("createUser")
      ? Models.CommunicationIdentityAccessTokenResult
      : call.startsWith("getToken")
      ? Models.CommunicationIdentityAccessToken
      : undefined

  it("encoding a decoded request body reproduces the official bytes", () => {
    let checked = 0
    for (const call of calls) {
      const schema = requestSchemaOf(call.call)
      if (call.request.body === null) continue
      assert(schema !== undefined, `no schema for ${call.call}`)
      const decoded = Schema.decodeUnknownSync(schema)(JSON.parse(call.request.body))
      expect(JSON.stringify(Schema.encodeSync(schema)(decoded))).toBe(call.request.body)
      checked++
    }
    expect(checked).toBeGreaterThanOrEqual(5)
  })

  it.each([
    [
      "createUserAndToken(['chat'], {tokenExpiresInMinutes: 60})",
      () => Schema.encodeSync(Models.CommunicationIdentityCreateRequest)({ createTokenWithScopes: ["chat"], expiresInMinutes: 60 })
    ],
    [
      "createUserAndToken(['chat','voip'])",
      () => Schema.encodeSync(Models.CommunicationIdentityCreateRequest)({ createTokenWithScopes: ["chat", "voip"] })
    ],
    ["getToken(user, ['chat'])", () => Schema.encodeSync(Models.CommunicationIdentityAccessTokenRequest)({ scopes: ["chat"] })],
    [
      "getToken(user, ['chat.join','voip.join'], {tokenExpiresInMinutes: 1440})",
      () =>
        Schema.encodeSync(Models.CommunicationIdentityAccessTokenRequest)({
          scopes: ["chat.join", "voip.join"],
          expiresInMinutes: 1440
        })
    ],
    [
      "getTokenForTeamsUser({teamsUserAadToken, clientId, userObjectId})",
      () =>
        Schema.encodeSync(Models.TeamsUserExchangeTokenRequest)({
          token: Redacted.make("<aad jwt>"),
          appId: "<app id>",
          userId: "<oid>"
        })
    ]
  ])("%s: an encoded value is the official body", (name, encode) => {
    const call = calls.find((c) => c.call === name)
    assert(call !== undefined, `missing call ${name}`)
    expect(JSON.stringify(encode())).toBe(call.request.body)
  })

  it("mock responses decode, with the official client's instants", () => {
    let checked = 0
    for (const call of calls) {
      const schema = responseSchemaOf(call.call)
      if (schema === undefined || call.mockResponse?.body == null) continue
      const decoded: any = Schema.decodeUnknownSync(schema)(call.mockResponse.body)
      const expiresOn: Date | undefined = decoded.expiresOn ?? decoded.accessToken?.expiresOn
      if (call.sdkResult?.expiresOn !== undefined) {
        expect(expiresOn?.toISOString()).toBe(call.sdkResult.expiresOn)
      }
      checked++
    }
    expect(checked).toBeGreaterThanOrEqual(5)
  })

  it("error bodies decode as CommunicationErrorResponse", () => {
    let checked = 0
    for (const c of wire.errorMapping.cases) {
      const body = c.response.body
      if (typeof body !== "object" || body === null) continue
      const decoded = Schema.decodeUnknownSync(Models.CommunicationErrorResponse)(body)
      expect(decoded.error.code).toBe(c.thrown.code)
      expect(decoded.error.message).toBe(c.thrown.message)
      expect(decoded.error.target).toBe(body.error.target)
      checked++
    }
    expect(checked).toBeGreaterThanOrEqual(3)
  })
})

describe("CommunicationErrorResponse", () => {
  it("decodes nested details and innererror", () => {
    const body = {
      error: {
        code: "ValidationError",
        message: "outer",
        target: "scopes",
        details: [{ code: "A", message: "a", details: [{ code: "B", message: "b" }] }],
        innererror: { code: "Inner", message: "inner", innererror: { code: "Innermost", message: "x" } }
      }
    }
    const decoded = Schema.decodeUnknownSync(Models.CommunicationErrorResponse)(body)
    expect(decoded).toEqual(body)
  })

  it.each([
    {},
    { error: {} },
    { error: { code: "X" } },
    { error: { message: "x" } },
    { error: { code: "X", message: "x", details: [{ code: 1, message: "y" }] } }
  ])("rejects %j", (body) => {
    expect(Result.isFailure(Schema.decodeUnknownResult(Models.CommunicationErrorResponse)(body))).toBe(true)
  })
})

// ---------------------------------------------------------------------------
// DateTime
// ---------------------------------------------------------------------------

describe("DateTime", () => {
  const decode = Schema.decodeUnknownResult(Models.DateTime)
  const encode = Schema.encodeSync(Models.DateTime)

  it.each([
    ["2023-10-19T15:34:17.049388+00:00", Date.UTC(2023, 9, 19, 15, 34, 17, 49)],
    ["2023-10-19T15:34:17.0493880+00:00", Date.UTC(2023, 9, 19, 15, 34, 17, 49)],
    ["2023-10-10T21:39:39.3244584+00:00", Date.UTC(2023, 9, 10, 21, 39, 39, 324)],
    ["2025-07-10T14:39:39.3244584-07:00", Date.UTC(2025, 6, 10, 21, 39, 39, 324)],
    ["2025-04-14T21:02:35+05:30", Date.UTC(2025, 3, 14, 15, 32, 35)],
    ["2025-04-14T15:32:35+00:00", Date.UTC(2025, 3, 14, 15, 32, 35)],
    ["2025-04-14T15:32:35Z", Date.UTC(2025, 3, 14, 15, 32, 35)],
    ["2025-04-14T15:32:35.5Z", Date.UTC(2025, 3, 14, 15, 32, 35, 500)],
    ["2025-04-14T15:32:35.9999999Z", Date.UTC(2025, 3, 14, 15, 32, 35, 999)],
    ["2025-04-14T15:32:35.123456789+00:00", Date.UTC(2025, 3, 14, 15, 32, 35, 123)],
    ["2024-02-29T00:00:00Z", Date.UTC(2024, 1, 29)],
    ["2000-02-29T23:59:59Z", Date.UTC(2000, 1, 29, 23, 59, 59)],
    ["2023-12-31T23:30:00-01:00", Date.UTC(2024, 0, 1, 0, 30)]
  ])("decodes %s", (text, millis) => {
    const result = decode(text)
    assert(Result.isSuccess(result), text)
    expect(result.success).toBeInstanceOf(Date)
    expect(result.success.getTime()).toBe(millis)
    expect(DateTimeText.parse(text)).toBe(millis)
  })

  it.each([
    "garbage",
    "",
    "2023-10-19",
    "2023-10-19T15:34:17",
    "2023-10-19T15:34:17.049388",
    "2023-10-19 15:34:17Z",
    "2023-10-19T15:34Z",
    "2023-10-19T15:34:17.Z",
    "2023-10-19T15:34:17.1234567890Z",
    "2023-10-19T15:34:17+0000",
    "2023-10-19T15:34:17 +00:00",
    "2023-02-29T00:00:00Z",
    "1900-02-29T00:00:00Z",
    "2023-02-30T00:00:00Z",
    "2023-04-31T00:00:00Z",
    "2023-13-01T00:00:00Z",
    "2023-00-10T00:00:00Z",
    "2023-10-00T00:00:00Z",
    "2023-10-19T24:00:00Z",
    "2023-10-19T25:00:00Z",
    "2023-10-19T15:60:00Z",
    "2023-10-19T15:34:60Z",
    "2023-10-19T15:34:17+25:00",
    "2023-10-19T15:34:17+14:60",
    " 2023-10-19T15:34:17Z",
    "2023-10-19T15:34:17Z "
  ])("rejects %j", (text) => {
    expect(Result.isFailure(decode(text))).toBe(true)
    expect(DateTimeText.parse(text)).toBeUndefined()
  })

  it.each([123, null, undefined, new Date(0), {}])("rejects the non-string %j", (value) => {
    expect(Result.isFailure(decode(value))).toBe(true)
  })

  it("encodes like the service: seven fractional digits and +00:00", () => {
    expect(encode(new Date(Date.UTC(2023, 9, 19, 15, 34, 17, 49)))).toBe("2023-10-19T15:34:17.0490000+00:00")
    expect(encode(new Date(0))).toBe("1970-01-01T00:00:00.0000000+00:00")
  })

  it("refuses to encode an invalid Date", () => {
    expect(() => encode(new Date(NaN))).toThrow()
  })

  const servicePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}\+00:00$/
  const dateArb = fc.date({
    min: new Date("0000-01-01T00:00:00.000Z"),
    max: new Date("9999-12-31T23:59:59.999Z"),
    noInvalidDate: true
  })

  it("decode(encode(d)) == d", () => {
    fc.assert(
      fc.property(dateArb, (date) => {
        const text = encode(date)
        expect(text).toMatch(servicePattern)
        const back = decode(text)
        assert(Result.isSuccess(back), text)
        expect(back.success.getTime()).toBe(date.getTime())
      }),
      { numRuns: 500 }
    )
  })

  it("any valid RFC 3339 rendering of an instant decodes to it (truncated to ms)", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1000-01-02T00:00:00.000Z"), max: new Date("9999-12-30T23:59:59.999Z"), noInvalidDate: true }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 0, max: 999_999 }),
        (date, offsetMinutes, digits, extra) => {
          // render `date` in the local time of `offsetMinutes`
          const local = new Date(date.getTime() + offsetMinutes * 60_000).toISOString()
          const ms = local.slice(20, 23)
          const fraction = digits === 0 ? "" : `.${(ms + String(extra).padStart(6, "0")).slice(0, digits)}`
          const sign = offsetMinutes < 0 ? "-" : "+"
          const abs = Math.abs(offsetMinutes)
          const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`
          const text = `${local.slice(0, 19)}${fraction}${offset}`
          const expected = date.getTime() - date.getUTCMilliseconds() +
            (digits === 0 ? 0 : Number(ms.slice(0, digits).padEnd(3, "0")))
          const result = decode(text)
          assert(Result.isSuccess(result), text)
          expect(result.success.getTime()).toBe(expected)
        }
      ),
      { numRuns: 300 }
    )
  })

  /** The first parser: `Date.parse` after the same impossible-date checks; the arithmetic one must agree. */
  const byDateParse = (text: string): number | undefined => {
    const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i.exec(text)
    if (match === null) return undefined
    const [year, month, day, hour] = match[1]!.split(/[-T:]/i).map(Number) as [number, number, number, number]
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
    const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    if (days === undefined || day < 1 || day > days || hour > 23) return undefined
    const millis = Date.parse(`${match[1]}.${(match[2] ?? "").padEnd(3, "0").slice(0, 3)}${match[3]!.toUpperCase()}`)
    return Number.isNaN(millis) ? undefined : millis
  }
  const digits = (width: number, max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(width, "0"))

  it("parseDateTime agrees with Date.parse, impossible fields and offsets included", () => {
    fc.assert(
      fc.property(
        digits(4, 9999),
        digits(2, 13),
        digits(2, 32),
        fc.constantFrom("T", "t"),
        digits(2, 25),
        digits(2, 61),
        digits(2, 61),
        fc.option(fc.stringMatching(/^[0-9]{1,9}$/), { nil: undefined }),
        fc.oneof(
          fc.constantFrom("Z", "z"),
          fc.tuple(fc.constantFrom("+", "-"), digits(2, 25), digits(2, 61)).map(([sign, h, m]) => `${sign}${h}:${m}`)
        ),
        (year, month, day, t, hour, minute, second, fraction, zone) => {
          const text = `${year}-${month}-${day}${t}${hour}:${minute}:${second}${
            fraction === undefined ? "" : `.${fraction}`
          }${zone}`
          expect(DateTimeText.parse(text)).toBe(byDateParse(text))
        }
      ),
      { numRuns: 2000 }
    )
  })
})

// ---------------------------------------------------------------------------
// request schemas
// ---------------------------------------------------------------------------

describe("request schemas", () => {
  it.each([60, 61, 1439, 1440])("expiresInMinutes %d is accepted", (minutes) => {
    const body = { scopes: ["chat"], expiresInMinutes: minutes }
    expect(Schema.decodeUnknownSync(Models.CommunicationIdentityAccessTokenRequest)(body)).toEqual(body)
    expect(Schema.decodeUnknownSync(Models.CommunicationIdentityCreateRequest)({ expiresInMinutes: minutes })).toEqual({
      expiresInMinutes: minutes
    })
  })

  it.each([59, 1441, 0, -60, 60.5, Number.NaN, "60"])("expiresInMinutes %j is rejected", (minutes) => {
    const body = { scopes: ["chat"], expiresInMinutes: minutes }
    expect(Result.isFailure(Schema.decodeUnknownResult(Models.CommunicationIdentityAccessTokenRequest)(body))).toBe(true)
    expect(() =>
      Schema.encodeSync(Models.CommunicationIdentityAccessTokenRequest)(body as any)
    ).toThrow()
  })

  it("omits absent optional fields", () => {
    expect(JSON.stringify(Schema.encodeSync(Models.CommunicationIdentityCreateRequest)({}))).toBe("{}")
    expect(JSON.stringify(Schema.encodeSync(Models.CommunicationIdentityAccessTokenRequest)({ scopes: ["voip"] }))).toBe(
      "{\"scopes\":[\"voip\"]}"
    )
  })

  it("scopes are required on the issue request", () => {
    expect(Result.isFailure(Schema.decodeUnknownResult(Models.CommunicationIdentityAccessTokenRequest)({}))).toBe(true)
  })
})

// ---------------------------------------------------------------------------
// redaction
// ---------------------------------------------------------------------------

describe("tokens stay redacted", () => {
  const secret = "eyJhbGciOiJSUzI1NiJ9.SECRET-TOKEN-PAYLOAD.signature"
  const expiresOn = "2023-10-19T15:34:17.049388+00:00"

  const assertHidden = (value: unknown) => {
    expect(JSON.stringify(value)).not.toContain(secret)
    expect(String(value)).not.toContain(secret)
    expect(inspect(value, { depth: 10 })).not.toContain(secret)
    expect(`${JSON.stringify(value)}`).not.toContain("SECRET-TOKEN")
  }

  it("CommunicationIdentityAccessToken", () => {
    const decoded = Schema.decodeUnknownSync(Models.CommunicationIdentityAccessToken)({ token: secret, expiresOn })
    assert(Redacted.isRedacted(decoded.token))
    expect(String(decoded.token)).toBe("<redacted>")
    expect(Redacted.value(decoded.token)).toBe(secret)
    assertHidden(decoded)
    assertHidden(decoded.token)
    // encoding gives the wire value back
    expect(Schema.encodeSync(Models.CommunicationIdentityAccessToken)(decoded)).toEqual({
      token: secret,
      expiresOn: "2023-10-19T15:34:17.0490000+00:00"
    })
  })

  it("CommunicationIdentityAccessTokenResult", () => {
    const decoded = Schema.decodeUnknownSync(Models.CommunicationIdentityAccessTokenResult)({
      identity: { id: "8:acs:x_y" },
      accessToken: { token: secret, expiresOn }
    })
    assert(decoded.accessToken !== undefined)
    expect(Redacted.value(decoded.accessToken.token)).toBe(secret)
    assertHidden(decoded)
  })

  it("TeamsUserExchangeTokenRequest keeps the Entra token redacted", () => {
    const decoded = Schema.decodeUnknownSync(Models.TeamsUserExchangeTokenRequest)({
      token: secret,
      appId: "2c3e1e83-8fd7-4615-ad2b-b8c1229845ac",
      userId: "32c0a5db-05ec-78ea-51ab-3f06b329397e"
    })
    expect(Redacted.value(decoded.token)).toBe(secret)
    assertHidden(decoded)
  })

  it("decode errors do not echo the token", () => {
    const result = Schema.decodeUnknownResult(Models.CommunicationIdentityAccessToken)({ token: secret, expiresOn: "bad" })
    assert(Result.isFailure(result))
    expect(result.failure.message).not.toContain(secret)
    expect(String(result.failure)).not.toContain(secret)
  })
})
