// Baseline: an Effect page using only HttpClient + Schema (what any Effect app already pays for).
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"

const Result = Schema.Struct({ identity: Schema.Struct({ id: Schema.String }) })
const program = Effect.flatMap(
  HttpClient.HttpClient,
  (client) =>
    client.execute(
      HttpClientRequest.bodyUnsafeJson(HttpClientRequest.post(location.hash.slice(1)), {
        createTokenWithScopes: ["chat"]
      })
    )
).pipe(Effect.flatMap(HttpClientResponse.schemaBodyJson(Result)), Effect.scoped)
Effect.runPromise(program.pipe(Effect.provide(FetchHttpClient.layer)))
  .then((result) => (document.body.textContent = result.identity.id))
