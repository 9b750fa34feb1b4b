/**
 * The faces under attack — the Effect API over the direct transport and over
 * an `HttpClient` (node:http and fetch), and the drop-in — and what every
 * attack must end in: a typed outcome, no secret in any message, no handle left.
 */
import * as Auth from "@effect-acs/identity/Auth"
import * as Client from "@effect-acs/identity/CommunicationIdentityClient"
import type { IdentityError } from "@effect-acs/identity/IdentityError"
import * as NodeCrypto from "@effect-acs/identity-node/NodeCrypto"
import * as NodeHttpClient from "@effect-acs/identity-node/NodeHttpClient"
import { assert } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import { inspect } from "node:util"
import { eventually, failedWith, outcome } from "../reliability/harness.js"

/** An access key no test shares, found in no message. */
export const key = Buffer.from("adversarial-test-key-0123456789ab").toString("base64")

/** The connection string of a loopback server. */
export const connection = (url: string) => `endpoint=${url};accesskey=${key}`

type Options = Client.CommunicationIdentityClient.Options

/** One way to build the Effect client on Node. */
export interface Face {
  readonly name: string
  readonly make: (options: Options) => Effect.Effect<Client.CommunicationIdentityClient.Service, IdentityError>
}

/** Every Effect face: direct, node:http `HttpClient`, fetch `HttpClient`. */
export const faces: ReadonlyArray<Face> = [
  {
    name: "direct",
    make: (options) =>
      Client.makeDirect(options).pipe(Effect.provide(Layer.merge(NodeHttpClient.layer(), NodeCrypto.layer)))
  },
  {
    name: "HttpClient (node:http)",
    make: (options) => Client.make(options).pipe(Effect.provide(Layer.merge(NodeHttpClient.layer(), NodeCrypto.layer)))
  },
  {
    name: "HttpClient (fetch)",
    make: (options) =>
      Client.make(options).pipe(Effect.provide(Layer.merge(NodeHttpClient.layerFetch, NodeCrypto.layer)))
  }
]

/** Tight limits, so that every attack ends soon whatever it does. */
export const bounded: Limits = {
  attemptTimeout: "500 millis",
  timeout: "2 seconds",
  retry: { maxRetries: 1, baseDelay: "10 millis" }
}

/** The client options that bound a call. */
export type Limits = Pick<Options, "attemptTimeout" | "timeout" | "retry">

/** An Entra credential from a getToken function. */
export const entra = (getToken: () => Promise<unknown>) =>
  Auth.fromAzureTokenCredential({
    getToken: () => getToken() as Promise<{ token: string; expiresOnTimestamp: number }>
  })

/** Runs `effect` to a typed failure of `tag` and checks that no `secrets` appear in it. */
export const typedFailure = <A, Tag extends IdentityError["_tag"]>(
  effect: Effect.Effect<A, IdentityError>,
  tag: Tag,
  secrets: ReadonlyArray<string>
) =>
  Effect.map(outcome(effect), (result) => {
    const error = failedWith(result, tag)
    noSecrets(error, secrets)
    return error
  })

/** Every rendering of `value` is free of each secret (and its first 12 characters). */
export const noSecrets = (value: unknown, secrets: ReadonlyArray<string>) => {
  // as a logger would print it, too
  const texts = [
    String(value),
    JSON.stringify(value),
    (value as { message?: string }).message ?? "",
    inspect(value, { depth: 10 })
  ]
  for (const secret of secrets.filter((s) => s.length >= 8)) {
    for (const text of texts) {
      assert.notInclude(text, secret.slice(0, 12), `a secret in: ${text.slice(0, 300)}`)
    }
  }
}

/** Sockets and servers of this process. */
const handles = () =>
  process.getActiveResourcesInfo().filter((name) => name === "TCPSocketWrap" || name === "TCPServerWrap").length

/** Runs `effect` in a scope, then checks that the sockets and servers it opened are all closed. */
export const noLeaks = <A, E>(effect: Effect.Effect<A, E, Scope.Scope>) =>
  Effect.gen(function*() {
    const before = handles()
    const result = yield* Effect.scoped(effect)
    const after = yield* eventually(Effect.sync(handles), (n) => n <= before)
    assert.isAtMost(after, before, "sockets or servers left open")
    return result
  })
