// Floor: the least an Effect 4 page ships for `createUserAndToken` on the shared contract — the protocol's
// connection string, request rules, operation table and signing, WebCrypto, the HttpClient and a Schema
// decode — with none of the client (typed errors, retries, timeouts, credentials, the other operations).
import * as Base64 from "@effect-acs/identity-protocol/Base64"
import * as ConnectionString from "@effect-acs/identity-protocol/ConnectionString"
import * as Operation from "@effect-acs/identity-protocol/Operation"
import * as Requests from "@effect-acs/identity-protocol/Requests"
import * as Signing from "@effect-acs/identity-protocol/Signing"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Schema from "effect/Schema"

const Result = Schema.Struct({
  identity: Schema.Struct({ id: Schema.String }),
  accessToken: Schema.Struct({ token: Schema.String, expiresOn: Schema.String })
})
const subtle = globalThis.crypto.subtle
const base64 = (buffer: ArrayBuffer) => Base64.encode(new Uint8Array(buffer))

const program = Effect.gen(function*() {
  const cs = ConnectionString.parse(location.hash.slice(1))
  const request = Requests.createIdentity("2023-10-01", {}, ["chat"])
  if (!cs.ok) return yield* Effect.fail(cs.violation)
  if (!request.ok) return yield* Effect.fail(request.violation)
  const url = new URL(`${cs.value.endpoint}${Operation.path(request.value.name).slice(1)}?api-version=2023-10-01`)
  const body = JSON.stringify(request.value.body)
  const signing = { method: Operation.get(request.value.name).method, url, date: Signing.formatDate(Date.now()) }
  const headers = yield* Effect.promise(async () => {
    const key = await subtle.importKey(
      "raw",
      new Uint8Array(Base64.decodeStrict(cs.value.accessKey)!),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"]
    )
    const hash = base64(await subtle.digest("SHA-256", new TextEncoder().encode(body)))
    const signature = base64(
      await subtle.sign("HMAC", key, new TextEncoder().encode(Signing.requestToSign(signing, hash)))
    )
    return Signing.headers(signing, hash, signature)
  })
  const client = yield* Effect.service(HttpClient.HttpClient)
  const response = yield* client.execute(
    HttpClientRequest.post(url).pipe(
      HttpClientRequest.setHeaders(headers),
      HttpClientRequest.bodyText(body, "application/json")
    )
  )
  return yield* HttpClientResponse.schemaBodyJson(Result)(response)
})
Effect.runPromise(program.pipe(Effect.provide(FetchHttpClient.layer)))
  .then((result) => (document.body.textContent = `${result.identity.id} ${result.accessToken.token.length}`))
