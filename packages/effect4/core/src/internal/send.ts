/**
 * The two ways one attempt reaches the wire: through an `HttpClient` (with its
 * middleware and the user's `transformClient` hook) or through a direct
 * transport (`Transport.Direct`: one callback, signed in one step). Both
 * authenticate with the same authorizer, fail with the same errors and are
 * bounded by the same attempt timeout — obtaining credentials included.
 */
import * as Effect from "effect/Effect"
import * as HttpClient from "effect/http/HttpClient"
import type * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Redacted from "effect/Redacted"
import type { CredentialError, IdentityError } from "../IdentityError.js"
import { TransportError } from "../IdentityError.js"
import * as Signing from "../Signing.js"
import type * as Transport from "../Transport.js"
import { type Attempt, noResponse, type Prepared, transportError } from "./executor.js"
import type { Settings } from "./settings.js"

/** The authenticated client that operations send through. */
export type Client = HttpClient.HttpClient.With<HttpClientError.HttpClientError | CredentialError>

const encoder = new TextEncoder()

/** The `authorization` header for a user's own token (checked by the operation). */
const userBearer = (token: Redacted.Redacted<string>) => ({ authorization: `Bearer ${Redacted.value(token)}` })

const untraced = () => true

/** The attempt timeout as a `TransportError`. */
const timedOut = (prepared: Prepared, millis: number) =>
  new TransportError({
    operation: prepared.operation,
    requestId: prepared.requestId,
    timedOut: true,
    message: noResponse(prepared.operation, millis)
  })

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
  const client = transformClient(HttpClient.mapRequestEffect(plain, settings.authorizer.middleware))
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

/**
 * Attempts through a direct transport: signed without Effect steps when the
 * crypto is synchronous, then sent and read in one `Effect.async` whose own
 * timer bounds the attempt. A credential that must be awaited counts against
 * the same attempt timeout.
 */
export const viaDirect = (settings: Settings, transport: Transport.Direct.Service): Attempt => {
  const { attemptMillis, authorizer } = settings
  return (prepared) => {
    const { body, operation, requestId } = prepared
    const url = new URL(prepared.url)
    const send = (auth: Readonly<Record<string, string>>) =>
      Effect.mapError(
        transport.send({
          method: prepared.method,
          url,
          // `Object.assign`, not object spread: spreading these costs ≈ 2.5 µs per request on Node 20
          headers: Object.assign({}, prepared.headers, auth),
          body,
          timeoutMillis: attemptMillis
        }),
        (error) => transportError(operation, requestId, "Transport", error.cause)
      )
    // called once per attempt: each is signed anew, with a fresh date
    if (prepared.userToken !== undefined) return send(userBearer(prepared.userToken))
    const signing = {
      method: prepared.method,
      url,
      body: body === undefined ? undefined : encoder.encode(body),
      date: Signing.formatDate(prepared.now())
    }
    const signed = authorizer.headersSync?.(signing)
    return signed !== undefined
      ? send(signed)
      : Effect.timeoutOrElse(Effect.flatMap(authorizer.headers(signing), send), {
        duration: attemptMillis,
        orElse: () => Effect.fail(timedOut(prepared, attemptMillis))
      })
  }
}
