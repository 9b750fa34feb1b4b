import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as ApiVersion from "@effect-acs/identity/ApiVersion"
import * as CommunicationIdentityClient from "@effect-acs/identity/CommunicationIdentityClient"
import * as ConnectionString from "@effect-acs/identity/ConnectionString"
import { Crypto } from "@effect-acs/identity/Crypto"
import type * as Retry from "@effect-acs/identity/Retry"
import * as Signing from "@effect-acs/identity/Signing"
import * as NodeCrypto from "@effect-acs/identity-node/NodeCrypto"
import * as Emulator from "@effect-acs/identity-emulator/Emulator"
import * as EmulatorHttpClient from "@effect-acs/identity-emulator/EmulatorHttpClient"
import * as Clock from "effect/Clock"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Encoding from "effect/Encoding"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"

const encoder = new TextEncoder()

/** The emulator, the in-process `HttpClient` and `Crypto`. */
export const inProcess = (options: Emulator.Options = {}) =>
  EmulatorHttpClient.layer.pipe(Layer.provideMerge(Emulator.layer(options)), Layer.provideMerge(NodeCrypto.layer))

/** A core client for the emulator (in-process endpoint unless given). */
export const makeClient = (
  apiVersion: ApiVersion.ApiVersion = "2023-10-01",
  options: {
    readonly endpoint?: string
    readonly retry?: Retry.Policy
    readonly attemptTimeout?: Duration.DurationInput
  } = {}
) =>
  Effect.flatMap(Emulator.Emulator, (emulator) =>
    CommunicationIdentityClient.make({
      connectionString: emulator.connectionString(options.endpoint ?? EmulatorHttpClient.endpoint),
      apiVersion,
      ...(options.retry !== undefined && { retry: options.retry }),
      ...(options.attemptTimeout !== undefined && { attemptTimeout: options.attemptTimeout })
    }))

/** What a test signs, which may differ from what it sends. */
export interface SignInput {
  readonly method: string
  readonly pathAndQuery: string
  readonly host: string
  readonly body?: string | undefined
  /** Epoch ms; default the current (test) time. */
  readonly date?: number
  /** The signed date header; default `x-ms-date`. */
  readonly dateHeader?: "x-ms-date" | "date"
  /** Default the emulator's key. */
  readonly key?: Redacted.Redacted<string>
}

/** Signs by hand (so tests can produce the cross-SDK variants and forgeries). */
export const signHeaders = (input: SignInput) =>
  Effect.gen(function*() {
    const crypto = yield* Crypto
    const emulator = yield* Emulator.Emulator
    const keyBytes = yield* ConnectionString.decodeAccessKey(input.key ?? emulator.accessKey)
    const key = yield* crypto.hmacKey(keyBytes)
    const date = Signing.formatDate(input.date ?? (yield* Clock.currentTimeMillis))
    const hash = yield* Signing.contentHash(input.body === undefined ? undefined : encoder.encode(input.body))
    const dateHeader = input.dateHeader ?? "x-ms-date"
    const mac = yield* key.sign(
      encoder.encode(Signing.stringToSign(input.method, input.pathAndQuery, date, input.host, hash))
    )
    return {
      [dateHeader]: date,
      "x-ms-content-sha256": hash,
      authorization: `HMAC-SHA256 SignedHeaders=${dateHeader};host;x-ms-content-sha256&Signature=${
        Encoding.encodeBase64(mac)
      }`
    }
  })

/** A raw request to the in-process emulator. */
export interface Raw {
  readonly method: "GET" | "POST" | "DELETE" | "OPTIONS" | "PUT" | "PATCH"
  /** Path and query, e.g. `/identities?api-version=2023-10-01`. */
  readonly path: string
  readonly body?: string
  readonly headers?: Readonly<Record<string, string>>
  /** Sign as the official client would (default), not at all, or with overrides. */
  readonly sign?: false | Partial<SignInput>
  /** Default `emulator.local`. */
  readonly host?: string
}

/** A raw response. */
export interface RawResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly text: string
  readonly json: unknown
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** Sends a raw request through the in-process client; `json` is `undefined` unless the body is JSON. */
export const send = (raw: Raw) =>
  Effect.gen(function*() {
    const host = raw.host ?? "emulator.local"
    const url = new URL(raw.path, `http://${host}/`)
    const signed = raw.sign === false ? {} : yield* signHeaders({
      method: raw.method,
      pathAndQuery: Signing.pathAndQuery(url),
      host: url.host,
      body: raw.body,
      ...raw.sign
    })
    let request = HttpClientRequest.make(raw.method)(url, { headers: { ...signed, ...raw.headers } })
    if (raw.body !== undefined) request = HttpClientRequest.bodyText(request, raw.body, "application/json")
    const response = yield* HttpClient.execute(request)
    const text = yield* response.text
    return {
      status: response.status,
      headers: response.headers,
      text,
      json: parseJson(text)
    } satisfies RawResponse
  })

/** Decodes a JWT's header and payload (no signature check). */
export const decodeJwt = (token: string | Redacted.Redacted<string>) => {
  const [header, payload] = (Redacted.isRedacted(token) ? Redacted.value(token) : token).split(".")
  const decode = (part: string | undefined) => JSON.parse(Buffer.from(part ?? "", "base64url").toString("utf8"))
  return { header: decode(header) as Record<string, unknown>, payload: decode(payload) as Record<string, unknown> }
}

/** An unsigned JWT with `claims` (as an Entra token looks to the emulator, which checks no signature). */
export const fakeJwt = (claims: Readonly<Record<string, unknown>>) =>
  [{ alg: "RS256", typ: "JWT" }, claims].map((part) => Buffer.from(JSON.stringify(part)).toString("base64url"))
    .join(".") + ".c2lnbmF0dXJl"

/** `8:acs:<resourceId>_<uuid>` of another resource. */
export const foreignId = "8:acs:2dee53b4-368b-45b4-ab52-8493fb117652_00000005-14a2-493b-8a72-5a3a0d000081"

/** The path of an identity operation. */
export const identityPath = (id: string, suffix: string, version: string) =>
  `/identities/${encodeURIComponent(id)}${suffix}?api-version=${version}`
