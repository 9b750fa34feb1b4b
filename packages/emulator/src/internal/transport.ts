import type * as HttpApp from "@effect/platform/HttpApp"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import type * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"
import * as FiberRef from "effect/FiberRef"
import { globalValue } from "effect/GlobalValue"

/**
 * A fault only a transport can produce: `reset` drops the connection,
 * `truncate` sends part of the body under the full `content-length`.
 */
export type TransportFault = "reset" | "truncate"

const currentTransportFault = globalValue(
  "@effect-acs/identity-emulator/internal/transport/currentTransportFault",
  () => FiberRef.unsafeMake<TransportFault | undefined>(undefined)
)

/** Asks the transport serving the current request to apply `fault` to its response. */
export const request = (fault: TransportFault): Effect.Effect<void> => FiberRef.set(currentTransportFault, fault)

/** Runs the app for one request: its response and the transport fault it asked for. */
export const respond = (
  app: HttpApp.Default,
  request: HttpServerRequest.HttpServerRequest
): Effect.Effect<readonly [HttpServerResponse.HttpServerResponse, TransportFault | undefined]> =>
  Effect.locally(
    Effect.zip(
      Effect.provideService(app, HttpServerRequest.HttpServerRequest, request),
      FiberRef.get(currentTransportFault)
    ),
    currentTransportFault,
    undefined
  )
