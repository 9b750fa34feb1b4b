// Baseline: an Effect 4 page using only HttpClient + Schema (what any Effect 4 app already pays for).
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Schema from "effect/Schema"

const Result = Schema.Struct({ identity: Schema.Struct({ id: Schema.String }) })
const program = Effect.flatMap(
  Effect.service(HttpClient.HttpClient),
  (client) =>
    client.execute(
      HttpClientRequest.bodyJsonUnsafe(HttpClientRequest.post(location.hash.slice(1)), {
        createTokenWithScopes: ["chat"]
      })
    )
).pipe(Effect.flatMap(HttpClientResponse.schemaBodyJson(Result)))
Effect.runPromise(program.pipe(Effect.provide(FetchHttpClient.layer)))
  .then((result) => (document.body.textContent = result.identity.id))
