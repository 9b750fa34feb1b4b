/**
 * The `HttpClient` send path and the authorizers as request middleware. Only
 * a client that sends through an `HttpClient` (`make`) loads this module, and
 * `effect/http` with it: a client on a direct transport never does.
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as HttpClient from "effect/http/HttpClient"
import type * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Url from "effect/http/Url"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import { CredentialError } from "../IdentityError.js"
import type { IdentityError } from "../IdentityError.js"
import * as Signing from "../Signing.js"
import type { Authorizer } from "./authorizer.js"
import { type Attempt, transportError } from "./executor.js"
import { type Client, timedOut, userBearer } from "./send.js"
import type { Settings } from "./settings.js"

/** Adds authentication to a request. */
export type Authenticate = (
  request: HttpClientRequest.HttpClientRequest
) => Effect.Effect<HttpClientRequest.HttpClientRequest, CredentialError>

const requestUrl = (request: HttpClientRequest.HttpClientRequest): Result.Result<URL, CredentialError> =>
  Result.mapError(
    Url.make(request.url, request.urlParams, Option.getOrUndefined(request.hash)),
    () => new CredentialError({ message: "The request URL is not valid." })
  )

/**
 * An authorizer as request middleware: a bearer token added as it is, or the
 * request signed (its method, URL, body and a fresh date).
 */
export const authenticate = (authorizer: Authorizer): Authenticate => {
  const { bearer, headers } = authorizer
  if (bearer !== undefined)
    return (request) => Effect.map(bearer, (added) => HttpClientRequest.setHeaders(request, added))
  return (request) => {
    if (request.body._tag !== "Uint8Array" && request.body._tag !== "Empty") {
      return Effect.fail(new CredentialError({ message: `A ${request.body._tag} body cannot be signed.` }))
    }
    const body = request.body._tag === "Uint8Array" ? request.body.body : undefined
    return Result.match(requestUrl(request), {
      onFailure: Effect.fail,
      onSuccess: (url) =>
        Effect.flatMap(Clock.currentTimeMillis, (now) =>
          Effect.map(
            headers({ method: request.method, url, body, date: Signing.formatDate(now) }),
            (signed) => HttpClientRequest.setHeaders(request, signed)
          ))
    })
  }
}

const untraced = () => true

/** Attempts through an `HttpClient`; the attempt timeout is `Effect.timeout` around it. */
export const viaClient = (
  settings: Settings,
  transport: HttpClient.HttpClient,
  transformClient: (client: Client) => Client
): Attempt => {
  // no per-request span and no trace headers: the operation span describes the call
  const plain = HttpClient.transform(transport, (effect) =>
    effect.pipe(
      Effect.provideService(HttpClient.TracerPropagationEnabled, false),
      Effect.provideService(HttpClient.TracerDisabledWhen, untraced)
    ))
  const client = transformClient(HttpClient.mapRequestEffect(plain, authenticate(settings.authorizer)))
  /** For calls authenticated by the end user's own Entra token instead of the resource's credential. */
  // (a client that never fails with a `CredentialError` is a `Client`)
  const userClient = transformClient(plain as HttpClient.HttpClient as Client)
  const { attemptMillis } = settings
  return (prepared) => {
    const { operation, requestId } = prepared
    const toError = (error: HttpClientError.HttpClientError | CredentialError): IdentityError =>
      error._tag === "CredentialError"
        ? error
        : transportError(operation, requestId, error.reason._tag.replace(/Error$/, ""), error.reason.cause)
    const send = (request: HttpClientRequest.HttpClientRequest, via: Client) =>
      Effect.flatMap(
        Effect.mapError(via.execute(request), toError),
        (response) =>
          Effect.mapBoth(response.text, {
            onFailure: toError,
            onSuccess: (text) => ({ status: response.status, header: (name: string) => response.headers[name], text })
          })
      )
    let request = HttpClientRequest.make(prepared.method)(prepared.url, { headers: prepared.headers })
    if (prepared.body !== undefined) request = HttpClientRequest.bodyText(request, prepared.body, "application/json")
    const sent = prepared.userToken === undefined
      ? send(request, client)
      : send(HttpClientRequest.setHeaders(request, userBearer(prepared.userToken)), userClient)
    return Effect.timeoutOrElse(sent, {
      duration: attemptMillis,
      orElse: () => Effect.fail(timedOut(prepared, attemptMillis))
    })
  }
}

/** {@link viaClient} over the `HttpClient` in context. */
export const fromContext = (
  settings: Settings,
  transformClient: (client: Client) => Client
): Effect.Effect<Attempt, never, HttpClient.HttpClient> =>
  Effect.map(Effect.service(HttpClient.HttpClient), (transport) => viaClient(settings, transport, transformClient))
