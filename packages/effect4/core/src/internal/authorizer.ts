/**
 * Authorizers: a credential made ready to authenticate requests, as headers
 * for the direct transport and (through `sendClient.ts`) as `HttpClient`
 * middleware — one for both.
 */
import * as Rules from "@effect-acs/identity-protocol/Rules"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Redacted from "effect/Redacted"
import * as SynchronizedRef from "effect/SynchronizedRef"
import * as Auth from "../Auth.js"
import { decodeAccessKey } from "../ConnectionString.js"
import { Crypto } from "../Crypto.js"
import { CredentialError, InvalidInput } from "../IdentityError.js"
import * as Signing from "../Signing.js"
import type { AccessToken } from "../TokenCredential.js"
import { type SyncRequest, syncSigner } from "./signing.js"

/**
 * A credential made ready to authenticate requests: the headers for a
 * request's method, URL, body and date.
 */
export interface Authorizer {
  /** The headers that authenticate a request (getting or refreshing a token when needed). */
  readonly headers: (request: Signing.Request) => Effect.Effect<Readonly<Record<string, string>>, CredentialError>
  /**
   * The same without Effect steps, when none is needed (an access key with a
   * synchronous `Crypto`); `undefined` when this request needs them (a rotated key to prepare).
   */
  readonly headersSync?: (request: SyncRequest) => Readonly<Record<string, string>> | undefined
  /** The headers when they do not depend on the request (a bearer token); absent when requests are signed. */
  readonly bearer?: Effect.Effect<Readonly<Record<string, string>>, CredentialError>
  /** The secrets it sends (the key, the last token), to redact from anything a server echoes. */
  readonly secrets: () => ReadonlyArray<string>
}

/**
 * HMAC-SHA256 signing with an access key. The key is decoded and prepared
 * once; every request (every attempt) is signed with a fresh `x-ms-date`.
 */
export const hmacAuthorizer = (
  credential: Auth.KeyCredential
): Effect.Effect<Authorizer, InvalidInput | CredentialError, Crypto> =>
  Effect.gen(function*() {
    const crypto = yield* Crypto
    /** A key made ready to sign: its text, and its signers. */
    interface Prepared {
      readonly text: string
      readonly headers: (request: Signing.Request) => Effect.Effect<Signing.Headers>
      readonly headersSync: ((request: SyncRequest) => Signing.Headers) | undefined
    }
    const prepare = (key: Redacted.Redacted<string>): Effect.Effect<Prepared, InvalidInput | CredentialError> =>
      Effect.map(Effect.flatMap(Effect.fromResult(decodeAccessKey(key)), crypto.hmacKey), (hmacKey) => ({
        text: Redacted.value(key),
        headers: Signing.signer(crypto, hmacKey),
        headersSync: syncSigner(crypto, hmacKey)
      }))
    let prepared = yield* prepare(credential.key)
    const { current } = credential
    /** The prepared current key: the same one until the source's key changes. */
    const latest: Effect.Effect<Prepared, CredentialError> = current === undefined
      ? Effect.succeed(prepared)
      : Effect.suspend(() => {
        const key = current()
        return Redacted.value(key) === prepared.text ? Effect.succeed(prepared) : Effect.mapBoth(prepare(key), {
          onFailure: (error) =>
            error._tag === "CredentialError"
              ? error
              : new CredentialError({ message: `The rotated key: ${error.message}` }),
          onSuccess: (fresh) => (prepared = fresh)
        })
      })
    const headers = (request: Signing.Request) => Effect.flatMap(latest, (key) => key.headers(request))
    const headersSync = prepared.headersSync === undefined ? undefined : (request: SyncRequest) => {
      if (current !== undefined && Redacted.value(current()) !== prepared.text) return undefined
      return prepared.headersSync?.(request)
    }
    const secrets = () => [prepared.text]
    return headersSync === undefined
      ? { headers, secrets }
      : { headers, headersSync, secrets }
  })

const isLoopback = (hostname: string) =>
  hostname === "localhost" || hostname === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)

/**
 * `Authorization: Bearer` from a token credential, cached until two minutes
 * before expiry (one refresh at a time). Refused over plain http except on
 * loopback.
 */
export const bearerAuthorizer = (
  credential: Auth.EntraTokenCredential,
  endpoint: string
): Effect.Effect<Authorizer, InvalidInput> =>
  Effect.gen(function*() {
    const url = yield* Effect.fromResult(Result.try({
      try: () => new URL(endpoint),
      catch: () => new InvalidInput({ field: "endpoint", message: "endpoint is not an absolute URL" })
    }))
    if (url.protocol !== "https:" && !isLoopback(url.hostname)) {
      return yield* new InvalidInput({
        field: "endpoint",
        message: "Bearer token authentication needs an https endpoint (plain http is allowed on loopback only)."
      })
    }
    const cache = yield* SynchronizedRef.make<AccessToken | undefined>(undefined)
    let sent: ReadonlyArray<string> = []
    const fresh = Effect.flatMap(Effect.suspend(() => credential.getToken(Auth.scope)), (token) => {
      const value = Redacted.value(token.token)
      if (!Rules.isHeaderValue(value)) {
        return Effect.fail(
          new CredentialError({ message: "The token credential returned a token that an HTTP header cannot carry." })
        )
      }
      sent = [value]
      return Effect.succeed([token.token, token] as const)
    })
    const current = SynchronizedRef.modifyEffect(cache, (cached) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) =>
        cached !== undefined && now < cached.expiresOnTimestamp - 120_000
          ? Effect.succeed([cached.token, cached] as const)
          : fresh))
    const headers = Effect.map(current, (token) => ({ authorization: `Bearer ${Redacted.value(token)}` }))
    return {
      headers: () =>
        headers,
      bearer: headers,
      secrets: () =>
        sent
    }
  })

/**
 * The authorizer for any credential.
 */
export const authorizer = (
  credential: Auth.Credential,
  endpoint: string
): Effect.Effect<Authorizer, InvalidInput | CredentialError, Crypto> =>
  credential._tag === "KeyCredential" ? hmacAuthorizer(credential) : bearerAuthorizer(credential, endpoint)
