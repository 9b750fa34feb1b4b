import * as ConnectionString from "@effect-acs/identity-effect4/ConnectionString"
import { InvalidInput } from "@effect-acs/identity-effect4/IdentityError"
import { assert, describe, expect, it } from "@effect/vitest"
import * as Base64 from "effect/encoding/Base64"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import * as fc from "fast-check"
import { inspect } from "node:util"

/** A distinctive, valid (canonical) key: 16 base64 characters, 12 bytes. */
const KEY = "SECRETkeyTEXTw=="
/** The hex-looking 48-byte key of the official tests. */
const K48 = "68810419818922fb0263dd6ee4b9c56537dbad914aa7324a119fce26778a286e"
/** A portal-style key: 64 bytes. */
const K64 = Base64.encode(Uint8Array.from({ length: 64 }, (_, i) => (i * 37 + 11) & 0xff))

const parsed = (input: string | Redacted.Redacted<string>) => {
  const result = ConnectionString.parse(input)
  if (Result.isFailure(result)) assert.fail(`expected ${JSON.stringify(String(input))} to parse: ${result.failure.message}`)
  return result.success
}

const failure = (input: string) => {
  const result = ConnectionString.parse(input)
  if (Result.isSuccess(result)) assert.fail(`expected ${JSON.stringify(input)} to be rejected`)
  return result.failure
}

describe("ConnectionString.parse: accepted", () => {
  const good: ReadonlyArray<readonly [string, string, string, string]> = [
    // [name, input, endpoint, key]
    [
      "canonical form",
      `endpoint=https://my-resource.communication.azure.com/;accesskey=${KEY}`,
      "https://my-resource.communication.azure.com/",
      KEY
    ],
    ["keys in the other order", `accesskey=${KEY};endpoint=https://h.example.com/`, "https://h.example.com/", KEY],
    ["mixed-case keys", `Endpoint=https://h.example.com/;AccessKey=${KEY}`, "https://h.example.com/", KEY],
    ["upper-case keys", `ENDPOINT=https://h.example.com/;ACCESSKEY=${KEY}`, "https://h.example.com/", KEY],
    ["spaces around keys and values", `  endpoint = https://h.example.com/ ;\taccesskey =  ${KEY}  `, "https://h.example.com/", KEY],
    ["one trailing ;", `endpoint=https://h.example.com/;accesskey=${KEY};`, "https://h.example.com/", KEY],
    ["trailing ; followed by spaces", `endpoint=https://h.example.com/;accesskey=${KEY}; `, "https://h.example.com/", KEY],
    ["endpoint without trailing /", `endpoint=https://h.example.com;accesskey=${KEY}`, "https://h.example.com/", KEY],
    ["loopback http with a port", `endpoint=http://127.0.0.1:8080;accesskey=${KEY}`, "http://127.0.0.1:8080/", KEY],
    ["localhost", `endpoint=http://localhost:10000/;accesskey=${KEY}`, "http://localhost:10000/", KEY],
    // default ports are dropped, as WHATWG `url.host` (the signed host) drops them
    ["https default port 443", `endpoint=https://host:443/;accesskey=${KEY}`, "https://host/", KEY],
    ["http default port 80", `endpoint=http://host:80;accesskey=${KEY}`, "http://host/", KEY],
    ["non-default https port kept", `endpoint=https://host:8443/;accesskey=${KEY}`, "https://host:8443/", KEY],
    ["host lower-cased", `endpoint=https://My-Resource.Communication.AZURE.com/;accesskey=${KEY}`, "https://my-resource.communication.azure.com/", KEY],
    ["IPv6 loopback", `endpoint=http://[::1]:8080/;accesskey=${KEY}`, "http://[::1]:8080/", KEY],
    ["the 48-byte test key", `endpoint=https://h.example.com/;accesskey=${K48}`, "https://h.example.com/", K48],
    ["a 64-byte portal key", `endpoint=https://h.example.com/;accesskey=${K64}`, "https://h.example.com/", K64],
    ["short key with padding", "endpoint=https://h.example.com/;accesskey=pw==", "https://h.example.com/", "pw=="]
  ]

  it.each(good)("%s", (_, input, endpoint, key) => {
    const cs = parsed(input)
    expect(cs.endpoint).toBe(endpoint)
    expect(Redacted.isRedacted(cs.accessKey)).toBe(true)
    expect(Redacted.value(cs.accessKey)).toBe(key)
    // a redacted connection string parses the same
    const again = parsed(Redacted.make(input))
    expect(again.endpoint).toBe(endpoint)
    expect(Redacted.value(again.accessKey)).toBe(key)
  })

  it("keeps the key redacted", () => {
    const cs = parsed(`endpoint=https://h.example.com/;accesskey=${KEY}`)
    expect(String(cs.accessKey)).toBe("<redacted>")
    expect(JSON.stringify(cs)).not.toContain(KEY)
    expect(inspect(cs, { depth: 10 })).not.toContain(KEY)
    expect(String(ConnectionString.format(cs))).not.toContain(KEY)
  })

  it("format gives the canonical form", () => {
    const cs = parsed(`AccessKey = ${KEY} ; Endpoint = https://HOST:443`)
    expect(Redacted.value(ConnectionString.format(cs))).toBe(`endpoint=https://host/;accesskey=${KEY}`)
  })
})

describe("ConnectionString.parse: rejected", () => {
  const cs = "connectionString"
  const endpoint = "connectionString endpoint"
  const accesskey = "connectionString accesskey"
  const bad: ReadonlyArray<readonly [string, string, string, string, string]> = [
    // [name, input, field, message fragment, secret text that must not leak]
    ["missing endpoint", `accesskey=${KEY}`, cs, "no endpoint", KEY],
    ["missing accesskey", "endpoint=https://h.example.com/", cs, "no accesskey", KEY],
    ["empty string", "", cs, "empty setting", KEY],
    ["duplicate endpoint", `endpoint=https://h.example.com/;endpoint=https://g.example.com/;accesskey=${KEY}`, cs, "more than once", KEY],
    ["duplicate accesskey (case-insensitive)", `accesskey=${KEY};endpoint=https://h.example.com/;AccessKey=${KEY}`, cs, "more than once", KEY],
    ["unknown key", `endpoint=https://h.example.com/;accesskey=${KEY};region=westeurope`, cs, "unknown setting", KEY],
    ["empty key name", `endpoint=https://h.example.com/;accesskey=${KEY};=x`, cs, "unknown setting", KEY],
    ["empty endpoint value", `endpoint=;accesskey=${KEY}`, cs, "empty endpoint", KEY],
    ["empty accesskey value", "endpoint=https://h.example.com/;accesskey=", cs, "empty accesskey", KEY],
    ["blank accesskey value", "endpoint=https://h.example.com/;accesskey=   ", cs, "empty accesskey", KEY],
    ["leading ;", `;endpoint=https://h.example.com/;accesskey=${KEY}`, cs, "empty setting", KEY],
    ["doubled ;", `endpoint=https://h.example.com/;;accesskey=${KEY}`, cs, "empty setting", KEY],
    ["doubled trailing ;", `endpoint=https://h.example.com/;accesskey=${KEY};;`, cs, "empty setting", KEY],
    ["setting without =", `endpoint=https://h.example.com/;${K48}`, cs, "not key=value", K48],
    // the padding makes it look like `name=`: the name must not be echoed either
    ["key pasted without accesskey=", `endpoint=https://h.example.com/;${KEY}`, cs, "unknown setting", KEY.slice(0, -2)],
    ["accesskey without =", "endpoint=https://h.example.com/;accesskey", cs, "not key=value", KEY],
    ["bad base64 key", "endpoint=https://h.example.com/;accesskey=SECRET*KEY*TEXT!", accesskey, "not valid base64", "SECRET*KEY*TEXT!"],
    ["url-safe base64 key", "endpoint=https://h.example.com/;accesskey=SECRET-key_TEXTw==", accesskey, "base64", "SECRET-key_TEXTw=="],
    ["unpadded base64 key", "endpoint=https://h.example.com/;accesskey=SECRETkeyTEXTw", accesskey, "base64", "SECRETkeyTEXTw"],
    ["non-canonical base64 key", "endpoint=https://h.example.com/;accesskey=SECRETkeyTEXTx==", accesskey, "canonical base64", "SECRETkeyTEXTx=="],
    ["key with inner space", "endpoint=https://h.example.com/;accesskey=SECRET keyTEXTw==", accesskey, "base64", "SECRET keyTEXTw=="],
    ["ftp endpoint", `endpoint=ftp://h.example.com/;accesskey=${KEY}`, endpoint, "http or https", KEY],
    ["endpoint with a path", `endpoint=https://h.example.com/foo;accesskey=${KEY}`, endpoint, "path, query or fragment", KEY],
    ["endpoint with a query", `endpoint=https://h.example.com/?x=1;accesskey=${KEY}`, endpoint, "path, query or fragment", KEY],
    ["endpoint with an empty query", `endpoint=https://h.example.com/?;accesskey=${KEY}`, endpoint, "path, query or fragment", KEY],
    ["endpoint with a fragment", `endpoint=https://h.example.com/#top;accesskey=${KEY}`, endpoint, "path, query or fragment", KEY],
    ["credentials in the endpoint", `endpoint=https://user:${KEY}@h.example.com/;accesskey=${KEY}`, endpoint, "credentials", KEY],
    ["trailing-dot host", `endpoint=https://h.example.com./;accesskey=${KEY}`, endpoint, "trailing dot", KEY],
    ["not a URL", `endpoint=not a url;accesskey=${KEY}`, endpoint, "not an absolute URL", KEY],
    ["relative URL", `endpoint=/identities;accesskey=${KEY}`, endpoint, "not an absolute URL", KEY]
  ]

  it.each(bad)("%s", (_, input, field, fragment, secret) => {
    const error = failure(input)
    expect(error).toBeInstanceOf(InvalidInput)
    expect(error._tag).toBe("InvalidInput")
    expect(error.field).toBe(field)
    expect(error.message).toContain(fragment)
    for (const rendered of [error.message, String(error), JSON.stringify(error), inspect(error, { depth: 10 })]) {
      expect(rendered).not.toContain(secret)
    }
    // also when the whole connection string comes redacted
    const redacted = ConnectionString.parse(Redacted.make(input))
    assert(Result.isFailure(redacted))
    expect(redacted.failure.message).toBe(error.message)
  })
})

describe("ConnectionString.parseEndpoint", () => {
  it.each([
    ["https://h.example.com", "https://h.example.com/"],
    ["https://h.example.com:443/", "https://h.example.com/"],
    ["http://h.example.com:80/", "http://h.example.com/"],
    ["http://h.example.com:443/", "http://h.example.com:443/"],
    ["http://[::1]:8080/", "http://[::1]:8080/"],
    ["http://[::1]", "http://[::1]/"],
    [" https://h.example.com/ ", "https://h.example.com/"]
  ])("%s -> %s", (input, expected) => {
    expect(ConnectionString.parseEndpoint(input)).toEqual(Result.succeed(expected))
    expect(ConnectionString.parseEndpoint(new URL(input.trim()))).toEqual(Result.succeed(expected))
  })

  it("names the field it was given", () => {
    const result = ConnectionString.parseEndpoint("ftp://h/", "options.endpoint")
    assert(Result.isFailure(result))
    expect(result.failure.field).toBe("options.endpoint")
    expect(result.failure.message).toContain("options.endpoint")
  })
})

describe("ConnectionString.decodeAccessKey", () => {
  it.each([
    ["pw==", [0xa7]],
    ["aGVsbG8=", [104, 101, 108, 108, 111]],
    ["AAAA", [0, 0, 0]]
  ])("%s decodes", (key, bytes) => {
    expect(ConnectionString.decodeAccessKey(Redacted.make(key))).toEqual(Result.succeed(Uint8Array.from(bytes)))
  })

  it.each(["", "pw", "px==", "aGVsbG9=", "p===", "pw==\n", " pw==", "a-_w", "===="])("%j is rejected without echo", (key) => {
    const result = ConnectionString.decodeAccessKey(Redacted.make(key), "accessKey")
    assert(Result.isFailure(result))
    expect(result.failure.field).toBe("accessKey")
    if (key.trim().length > 1) expect(JSON.stringify(result.failure)).not.toContain(key.trim())
  })
})

describe("ConnectionString properties", () => {
  const endpointArb = fc
    .record({
      scheme: fc.constantFrom("http", "https"),
      host: fc.oneof(
        fc.domain(),
        fc.domain().map((d) => d.toUpperCase()),
        fc.ipV4(),
        fc.constantFrom("localhost", "[::1]", "my-resource.communication.azure.com")
      ),
      port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
      slash: fc.boolean()
    })
    .map(({ host, port, scheme, slash }) => `${scheme}://${host}${port === undefined ? "" : `:${port}`}${slash ? "/" : ""}`)

  const keyArb = fc.uint8Array({ minLength: 1, maxLength: 96 }).map(Base64.encode)

  it("parse(format(cs)) equals cs", () => {
    fc.assert(
      fc.property(endpointArb, keyArb, (raw, key) => {
        const normalised = ConnectionString.parseEndpoint(raw)
        assert(Result.isSuccess(normalised), `endpoint ${raw} rejected`)
        expect(normalised.success).toMatch(/^https?:\/\/[^/]+\/$/)
        // normalisation is idempotent
        expect(ConnectionString.parseEndpoint(normalised.success)).toEqual(normalised)

        const cs: ConnectionString.ConnectionString = { endpoint: normalised.success, accessKey: Redacted.make(key) }
        const back = parsed(ConnectionString.format(cs))
        expect(back.endpoint).toBe(cs.endpoint)
        expect(Redacted.value(back.accessKey)).toBe(key)
      }),
      { numRuns: 300 }
    )
  })

  it("order, key case, spaces and a trailing ; do not matter", () => {
    fc.assert(
      fc.property(
        endpointArb,
        keyArb,
        fc.boolean(),
        fc.constantFrom("endpoint", "Endpoint", "ENDPOINT"),
        fc.constantFrom("accesskey", "AccessKey", "ACCESSKEY"),
        fc.constantFrom("", " ", "  \t"),
        fc.boolean(),
        (raw, key, swap, endpointName, keyName, space, trailing) => {
          const canonical = parsed(`endpoint=${raw};accesskey=${key}`)
          const pairs = [`${space}${endpointName}${space}=${space}${raw}${space}`, `${space}${keyName}=${key}${space}`]
          const input = (swap ? pairs.reverse() : pairs).join(";") + (trailing ? ";" : "")
          const variant = parsed(input)
          expect(variant.endpoint).toBe(canonical.endpoint)
          expect(Redacted.value(variant.accessKey)).toBe(key)
        }
      ),
      { numRuns: 200 }
    )
  })

  it("a rejected connection string never shows its key", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 6, maxLength: 96 }).map(Base64.encode),
        fc.constantFrom(
          (k: string) => `endpoint=ftp://h/;accesskey=${k}`,
          (k: string) => `endpoint=https://h/x;accesskey=${k}`,
          (k: string) => `accesskey=${k}`,
          (k: string) => `endpoint=https://h/;accesskey=${k};accesskey=${k}`,
          (k: string) => `endpoint=https://h/;accesskey=${k};x=1`,
          (k: string) => `endpoint=https://h/;accesskey=${k}*`,
          (k: string) => `endpoint=https://h/;;accesskey=${k}`
        ),
        (key, build) => {
          const error = failure(build(key))
          for (const rendered of [error.message, String(error), JSON.stringify(error)]) {
            expect(rendered).not.toContain(key)
          }
        }
      ),
      { numRuns: 200 }
    )
  })
})
