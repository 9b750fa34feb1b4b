/**
 * The Effect 4 client as the root suites' Effect 3 client: the scenarios of
 * test/reliability (and their harness's `Line`) are Effect 3 programs over an
 * Effect 3 `CommunicationIdentityClient.Service`; here each method runs the
 * Effect 4 client's and the program awaits that run (interrupting it when
 * interrupted), on a clock reading the calling Effect 3 fiber's time (so a
 * scenario's `Effect.withClock` skews the Effect 4 client's). Errors pass through as they are (the Effect 4 errors have the
 * same tags and fields); `Redacted` values cross into the other line's
 * `Redacted`.
 */
import type * as Auth3 from "@effect-acs/identity/Auth"
import type * as Client3 from "@effect-acs/identity/CommunicationIdentityClient"
import type { IdentityError as IdentityError3 } from "@effect-acs/identity/IdentityError"
import * as Auth from "@effect-acs/identity-effect4/Auth"
import * as Client from "@effect-acs/identity-effect4/CommunicationIdentityClient"
import { CredentialError, type IdentityError } from "@effect-acs/identity-effect4/IdentityError"
import * as Retry from "@effect-acs/identity-effect4/Retry"
import type { AccessToken } from "@effect-acs/identity-effect4/TokenCredential"
import * as BrowserHttpClient from "@effect-acs/identity-effect4-browser/BrowserHttpClient"
import * as NodeCrypto from "@effect-acs/identity-effect4-node/NodeCrypto"
import * as NodeHttpClient from "@effect-acs/identity-effect4-node/NodeHttpClient"
import { Crypto } from "@effect-acs/identity-effect4/Crypto"
import * as Transport from "@effect-acs/identity-effect4/Transport"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as HttpClient from "effect/http/HttpClient"
import type * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as UrlParams from "effect/http/UrlParams"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import * as Scope from "effect/Scope"
import * as Effect3 from "../../../test/effect3.js"
import type { Face } from "../../../test/adversarial/harness.js"
import type { Line, Tamper, Wire } from "../../../test/reliability/harness.js"

/** An Effect 4 run as an Effect 3 program. */
export const toEffect3 = <A, E>(effect: Effect.Effect<A, E>) =>
  Effect3.bridge<A, E>((settle) => {
    const fiber = Effect.runFork(effect)
    fiber.addObserver((exit) =>
      settle(
        Exit.isSuccess(exit)
          ? { _tag: "Success", value: exit.value }
          : Cause.hasInterruptsOnly(exit.cause)
          ? { _tag: "Interrupted" }
          : Cause.hasDies(exit.cause)
          ? { _tag: "Defect", defect: Cause.squash(exit.cause) }
          : { _tag: "Failure", error: Result.getOrThrow(Cause.findError(exit.cause)) }
      )
    )
    return () => void Effect.runFork(Fiber.interrupt(fiber))
  })

/** A value (or a plain object's own values) with every `Redacted` of one line made the other's. */
const crossing = (from: (value: unknown) => string | undefined, to: (value: string) => unknown) => {
  const one = (value: unknown) => {
    const revealed = from(value)
    return revealed === undefined ? value : to(revealed)
  }
  return (value: unknown): unknown =>
    Array.isArray(value) || value instanceof Date || typeof value !== "object" || value === null ||
      from(value) !== undefined
      ? one(value)
      : Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, one(inner)]))
}
const toEffect4Values = crossing(Effect3.reveal, Redacted.make)
/** An Effect 3 `Duration` (the suites' "no limit") as an Effect 4 one. */
const duration4 = (value: unknown) => {
  const millis = Effect3.durationMillis(value)
  return millis === undefined ? value : millis === Infinity ? Duration.infinity : Duration.millis(millis)
}
const toEffect3Values = crossing(
  (value) => Redacted.isRedacted(value) ? String(Redacted.value(value)) : undefined,
  Effect3.redact
)

/** `effect` on a clock that reads `now` and sleeps on `sleeps` (else on the one it had). */
const atTime = <A, E>(now: () => number, effect: Effect.Effect<A, E>, sleeps?: Clock.Clock) =>
  Effect.clockWith((live) =>
    Effect.provideService(effect, Clock.Clock, {
      ...live,
      currentTimeMillisUnsafe: now,
      currentTimeMillis: Effect.sync(now),
      currentTimeNanosUnsafe: () => BigInt(now()) * 1_000_000n,
      currentTimeNanos: Effect.sync(() => BigInt(now()) * 1_000_000n),
      sleep: (duration) => (sleeps ?? live).sleep(duration)
    })
  )

/** The Effect 4 client behind the Effect 3 client's interface (its waits on `sleeps` when given). */
export const asEffect3 = (
  service: Client.CommunicationIdentityClient.Service,
  sleeps?: Clock.Clock
): Client3.CommunicationIdentityClient.Service =>
  Object.fromEntries(
    Object.entries(service).map(([name, member]) => [
      name,
      typeof member === "function"
        ? (...args: Array<unknown>) =>
          Effect3.withCallerTime((now) =>
            toEffect3(atTime(
              now,
              Effect.map(
                (member as (...args: Array<unknown>) => Effect.Effect<unknown, IdentityError>)(
                  ...args.map(toEffect4Values)
                ),
                toEffect3Values
              ),
              sleeps
            ))
          )
        : member
    ])
  ) as unknown as Client3.CommunicationIdentityClient.Service

/** An Effect 3 credential as an Effect 4 one: the same key (and its rotation), or the same token source awaited. */
const credential4 = (credential: Auth3.Credential): Auth.Credential => {
  if (credential._tag === "KeyCredential") {
    const current = credential.current
    return {
      _tag: "KeyCredential",
      key: Redacted.make(Effect3.reveal(credential.key)!),
      ...(current !== undefined && { current: () => Redacted.make(Effect3.reveal(current())!) })
    }
  }
  return Auth.entraTokenCredential((scope) =>
    Effect.callback<AccessToken, CredentialError>((resume) => {
      const interrupt = Effect3.start(credential.getToken(scope), (settled) =>
        resume(
          settled._tag === "Success"
            ? Effect.succeed({
              token: Redacted.make(Effect3.reveal(settled.value.token)!),
              expiresOnTimestamp: settled.value.expiresOnTimestamp
            })
            : settled._tag === "Failure"
            ? Effect.fail(new CredentialError({ message: settled.error.message, cause: settled.error.cause }))
            : settled._tag === "Defect"
            ? Effect.die(settled.defect)
            : Effect.interrupt
        ))
      return Effect.sync(interrupt)
    })
  )
}

/** The Effect 3 options the root suites give (a connection or a credential, limits, retry, api-version), for the Effect 4 client. */
const options4 = (options: Client3.CommunicationIdentityClient.Options): Client.CommunicationIdentityClient.Options => {
  if (options.transformClient !== undefined) throw new Error("the Effect 4 line's adapter takes no transformClient")
  const converted = toEffect4Values(options) as Record<string, unknown>
  for (const limit of ["attemptTimeout", "timeout"]) {
    if (limit in converted) converted[limit] = duration4(converted[limit])
  }
  if ("credential" in options) converted["credential"] = credential4(options.credential)
  return converted as Client.CommunicationIdentityClient.Options
}

/** How the Effect 4 client sends: through the `HttpClient`, or on the direct transport. */
export type SendPath = "HttpClient" | "direct"

/** An `HttpClient` request as `tamper` alters it. */
const onWire = (request: HttpClientRequest.HttpClientRequest, tamper: (wire: Wire) => Wire) => {
  const query = UrlParams.toString(request.urlParams)
  const body = request.body._tag === "Uint8Array" ? new TextDecoder().decode(request.body.body) : undefined
  const wire = tamper({ url: query === "" ? request.url : `${request.url}?${query}`, headers: request.headers, body })
  const altered = HttpClientRequest.setHeaders(
    HttpClientRequest.setUrlParams(HttpClientRequest.setUrl(request, wire.url), UrlParams.empty),
    wire.headers
  )
  return wire.body === body || wire.body === undefined
    ? altered
    : HttpClientRequest.bodyText(altered, wire.body, "application/json")
}

/** A direct request as `tamper` alters it. */
const onWireDirect = (request: Transport.Direct.Request, tamper: (wire: Wire) => Wire): Transport.Direct.Request => {
  const wire = tamper({ url: request.url.href, headers: request.headers, body: request.body })
  return { ...request, url: new URL(wire.url), headers: { ...request.headers, ...wire.headers }, body: wire.body }
}

/** Builds the node platform (`NodeHttpClient` with `http`, `NodeCrypto`) in a scope of its own, both transports through `tamper` if given. */
const platform = async (http: NodeHttpClient.Options, tamper: Tamper | undefined) => {
  const scope = Effect.runSync(Scope.make())
  const node = await Effect.runPromise(Scope.provide(NodeHttpClient.make(http), scope))
  const context = Context.make(
    HttpClient.HttpClient,
    // on the wire: after every preprocessing step (the client signs in one), as the request is executed
    tamper === undefined ? node.client : HttpClient.makeWith<never, never, HttpClientError.HttpClientError, never>(
      (request) => Effect.flatMap(request, (signed) => node.client.execute(onWire(signed, tamper.current))),
      Effect.succeed
    )
  ).pipe(
    Context.add(
      Transport.Direct,
      tamper === undefined
        ? node.direct
        : { send: (request) => node.direct.send(onWireDirect(request, tamper.current)) }
    ),
    Context.add(Crypto, NodeCrypto.make)
  )
  return { scope, context }
}

/** The Effect 4 client made for Effect 3 options, as an Effect 3 program (the same errors, typed as the Effect 3 line's). */
const make3 = (
  make: (
    options: Client.CommunicationIdentityClient.Options
  ) => Effect.Effect<Client.CommunicationIdentityClient.Service, IdentityError>,
  sleeps?: Clock.Clock
) =>
(options: Client3.CommunicationIdentityClient.Options) =>
  Effect3.map(
    toEffect3(
      Effect.mapError(Effect.suspend(() => make(options4(options))), (error) => error as unknown as IdentityError3)
    ),
    (service) => asEffect3(service, sleeps)
  )

/**
 * The Effect 4 client's faces, as the root adversarial suites' `Face`s: the
 * direct transport (HTTP/1.1 on node:net), the `HttpClient` on node:http, and the `HttpClient` on
 * fetch (the browser package's), each on `NodeCrypto`.
 */
export const faces: ReadonlyArray<Face> = [
  {
    name: "direct",
    make: make3((options) =>
      Effect.provide(Client.makeDirect(options), Layer.merge(NodeHttpClient.layer(), NodeCrypto.layer))
    )
  },
  {
    name: "HttpClient (node:http)",
    make: make3((options) =>
      Effect.provide(Client.make(options), Layer.merge(NodeHttpClient.layer(), NodeCrypto.layer))
    )
  },
  {
    name: "HttpClient (fetch)",
    make: make3((options) =>
      Effect.provide(Client.make(options), Layer.merge(BrowserHttpClient.layer, NodeCrypto.layer))
    )
  }
]

/**
 * The Effect 4 client on `NodeHttpClient` (one transport per scope, its
 * clients sharing it) as a root suite's `Line`; with `sleeps` (an Effect 4
 * `TestClock`), its waits are on that clock, for a scenario on the TestClock.
 */
export const effect4 = (path: SendPath, sleeps?: Clock.Clock): Line => ({
  transport: (http, tamper) =>
    Effect3.map(
      Effect3.acquireRelease(() => platform(http, tamper), ({ scope }) =>
        Effect.runPromise(Scope.close(scope, Exit.void))),
      ({ context }) =>
        make3((options) =>
          path === "direct"
            ? Effect.provide(Client.makeDirect(options), context)
            : Effect.provide(Client.make(options), context), sleeps)
    ),
  isResponseTooLarge: Retry.isResponseTooLarge
})
