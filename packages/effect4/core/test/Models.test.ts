import * as Models from "@effect-acs/identity-effect4/Models"
import * as ApiVersion from "@effect-acs/identity-effect4/ApiVersion"
import * as DateTimeText from "@effect-acs/identity-protocol/DateTime"
import { assert, describe, expect, it } from "@effect/vitest"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as fc from "fast-check"
import { inspect } from "node:util"
import * as Cases from "../../../../test/cases/Models.js"

/** The `Models` schema named `name`. */
const schemaNamed = (name: string | undefined): Schema.Codec<any, any> | undefined =>
  name === undefined ? undefined : (Models as unknown as Record<string, Schema.Codec<any, any>>)[name]

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
    expect(Cases.apiVersions).toEqual([...ApiVersion.all])
    expect(Cases.examples.length).toBeGreaterThan(20)
  })

  it("every example is either decoded with a core schema or known to have none", () => {
    for (const example of Cases.examples) {
      const known = example.operation in Cases.responseSchemas || Cases.withoutCoreSchema.test(example.operation)
      assert(known, `${example.apiVersion}/${example.operation} has no schema mapping`)
    }
  })

  describe.each(Cases.apiVersions)("%s", (apiVersion) => {
    const inVersion = Cases.examples.filter((e) => e.apiVersion === apiVersion)

    it("response bodies decode with the operation's schema", () => {
      let decoded = 0
      for (const example of inVersion) {
        for (const [status, response] of Object.entries(example.responses)) {
          const where = `${apiVersion}/${example.operation} ${status}`
          const code = Number(status)
          const schema = code >= 400 || status === "default"
            ? Models.CommunicationErrorResponse
            : schemaNamed(Cases.responseSchemas[example.operation])
          if (response.body === undefined) {
            // no-content responses carry no body (a PATCH answers 200 with one or 204 without)
            if (example.operation in Cases.responseSchemas && code !== 204) assert.fail(`${where}: expected a body`)
            continue
          }
          if (schema === undefined) continue
          const result = Schema.decodeUnknownResult(schema)(response.body)
          assert(Result.isSuccess(result), `${where}: ${Result.isFailure(result) ? result.failure.message : ""}`)
          // every timestamp decodes to the right instant
          const texts = Cases.timestampsIn(response.body)
          const dates = datesIn(result.success)
          expect(dates.map((d) => d.getTime())).toEqual(texts.map(Cases.instantOf))
          decoded++
        }
      }
      expect(decoded).toBeGreaterThan(0)
    })

    it("request bodies decode and encode back unchanged", () => {
      let checked = 0
      for (const example of inVersion) {
        const schema = schemaNamed(Cases.requestSchemas[example.operation])
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
  const calls: ReadonlyArray<any> = Cases.wireShapes.requests.calls

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
      () =>
        Schema.encodeSync(Models.CommunicationIdentityCreateRequest)({
          createTokenWithScopes: ["chat"],
          expiresInMinutes: 60
        })
    ],
    [
      "createUserAndToken(['chat','voip'])",
      () => Schema.encodeSync(Models.CommunicationIdentityCreateRequest)({ createTokenWithScopes: ["chat", "voip"] })
    ],
    [
      "getToken(user, ['chat'])",
      () => Schema.encodeSync(Models.CommunicationIdentityAccessTokenRequest)({ scopes: ["chat"] })
    ],
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
    for (const c of Cases.wireShapes.errorMapping.cases) {
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

  it.each(Cases.notErrorBodies)("rejects %j", (body) => {
    expect(Result.isFailure(Schema.decodeUnknownResult(Models.CommunicationErrorResponse)(body))).toBe(true)
  })
})

// ---------------------------------------------------------------------------
// DateTime
// ---------------------------------------------------------------------------

describe("DateTime", () => {
  const decode = Schema.decodeUnknownResult(Models.DateTime)
  const encode = Schema.encodeSync(Models.DateTime)

  it.each(Cases.dateTimes)("decodes %s", (text, millis) => {
    const result = decode(text)
    assert(Result.isSuccess(result), text)
    expect(result.success).toBeInstanceOf(Date)
    expect(result.success.getTime()).toBe(millis)
    expect(DateTimeText.parse(text)).toBe(millis)
  })

  it.each(Cases.notDateTimes)("rejects %j", (text) => {
    expect(Result.isFailure(decode(text))).toBe(true)
    expect(DateTimeText.parse(text)).toBeUndefined()
  })

  it.each(Cases.notStrings)("rejects the non-string %j", (value) => {
    expect(Result.isFailure(decode(value))).toBe(true)
  })

  it("encodes like the service: seven fractional digits and +00:00", () => {
    expect(encode(new Date(Date.UTC(2023, 9, 19, 15, 34, 17, 49)))).toBe("2023-10-19T15:34:17.0490000+00:00")
    expect(encode(new Date(0))).toBe("1970-01-01T00:00:00.0000000+00:00")
  })

  it("refuses to encode an invalid Date", () => {
    expect(() => encode(new Date(NaN))).toThrow()
  })

  it("decode(encode(d)) == d", () => {
    fc.assert(
      fc.property(Cases.dateArb, (date) => {
        const text = encode(date)
        expect(text).toMatch(Cases.servicePattern)
        const back = decode(text)
        assert(Result.isSuccess(back), text)
        expect(back.success.getTime()).toBe(date.getTime())
      }),
      { numRuns: 500 }
    )
  })

  it("any valid RFC 3339 rendering of an instant decodes to it (truncated to ms)", () => {
    fc.assert(
      fc.property(Cases.renderingArb, ({ expected, text }) => {
        const result = decode(text)
        assert(Result.isSuccess(result), text)
        expect(result.success.getTime()).toBe(expected)
      }),
      { numRuns: 300 }
    )
  })

  it("parseDateTime agrees with Date.parse, impossible fields and offsets included", () => {
    fc.assert(
      fc.property(Cases.timestampTextArb, (text) => {
        expect(DateTimeText.parse(text)).toBe(Cases.byDateParse(text))
      }),
      { numRuns: 2000 }
    )
  })
})

// ---------------------------------------------------------------------------
// request schemas
// ---------------------------------------------------------------------------

describe("request schemas", () => {
  it.each(Cases.acceptedMinutes)("expiresInMinutes %d is accepted", (minutes) => {
    const body = { scopes: ["chat"], expiresInMinutes: minutes }
    expect(Schema.decodeUnknownSync(Models.CommunicationIdentityAccessTokenRequest)(body)).toEqual(body)
    expect(Schema.decodeUnknownSync(Models.CommunicationIdentityCreateRequest)({ expiresInMinutes: minutes })).toEqual({
      expiresInMinutes: minutes
    })
  })

  it.each(Cases.rejectedMinutes)("expiresInMinutes %j is rejected", (minutes) => {
    const body = { scopes: ["chat"], expiresInMinutes: minutes }
    expect(Result.isFailure(Schema.decodeUnknownResult(Models.CommunicationIdentityAccessTokenRequest)(body))).toBe(
      true
    )
    expect(() => Schema.encodeSync(Models.CommunicationIdentityAccessTokenRequest)(body as any)).toThrow()
  })

  it("omits absent optional fields", () => {
    expect(JSON.stringify(Schema.encodeSync(Models.CommunicationIdentityCreateRequest)({}))).toBe("{}")
    expect(JSON.stringify(Schema.encodeSync(Models.CommunicationIdentityAccessTokenRequest)({ scopes: ["voip"] })))
      .toBe(
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
  const { expiresOn, secret } = Cases

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
    const result = Schema.decodeUnknownResult(Models.CommunicationIdentityAccessToken)({
      token: secret,
      expiresOn: "bad"
    })
    assert(Result.isFailure(result))
    expect(result.failure.message).not.toContain(secret)
    expect(String(result.failure)).not.toContain(secret)
  })
})
