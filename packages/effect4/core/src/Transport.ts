/**
 * A direct transport: what the client sends through when it needs nothing of
 * an `HttpClient` but the exchange itself (no `transformClient` hook). A
 * request is a plain method, URL, headers and text body with its time limit;
 * the answer is the status, headers and the whole body as text. Sending one
 * is a single `Effect.async`, where an `HttpClient` request passes through
 * request and response objects, middleware and a fork for the per-attempt
 * timeout, which on loopback cost more CPU than the exchange itself. The node
 * package provides one, HTTP/1.1 on its own pooled sockets, beside its `HttpClient`.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import type * as Effect from "effect/Effect"

/**
 * @since 0.1.0
 * @category tags
 */
export class Direct extends Context.Service<Direct, Direct.Service>()("@effect-acs/identity/Transport/Direct") {}

/**
 * @since 0.1.0
 */
export declare namespace Direct {
  /**
   * @since 0.1.0
   * @category models
   */
  export interface Service {
    /**
     * Sends a request and reads the whole response. When `timeoutMillis`
     * passes first, the request is aborted and fails with an
     * {@link AttemptTimeoutError} as the cause; interruption aborts it too.
     */
    readonly send: (request: Request) => Effect.Effect<Response, RequestFailed>
  }

  /**
   * @since 0.1.0
   * @category models
   */
  export interface Request {
    readonly method: string
    readonly url: URL
    /** Header values by lower-case name (`content-length` is the transport's). */
    readonly headers: Readonly<Record<string, string>>
    /** The body, sent as UTF-8. */
    readonly body: string | undefined
    readonly timeoutMillis: number
  }

  /**
   * @since 0.1.0
   * @category models
   */
  export interface Response {
    readonly status: number
    /** A header by lower-case name. */
    readonly header: (name: string) => string | undefined
    /** The body, decoded as UTF-8. */
    readonly text: string
  }
}

/**
 * A direct request got no (complete) response: the connection failed, the
 * attempt ran out of time ({@link AttemptTimeoutError}) or the body was too
 * large (`ResponseTooLargeError`), as `cause` says.
 *
 * @since 0.1.0
 * @category errors
 */
export class RequestFailed extends Data.TaggedError("@effect-acs/identity/Transport/RequestFailed")<{
  readonly cause: unknown
}> {}

/**
 * The cause a transport fails with when an attempt ran out of time.
 *
 * @since 0.1.0
 * @category errors
 */
export class AttemptTimeoutError extends Error {
  /** Tells this error apart across copies of the module. */
  readonly _tag = "AttemptTimeoutError"
  override readonly name = "AttemptTimeoutError"

  constructor(readonly millis: number) {
    super(`No response within ${millis} ms.`)
  }
}

/**
 * Whether `cause` is an {@link AttemptTimeoutError} (from any copy of this module).
 *
 * @since 0.1.0
 * @category predicates
 */
export const isAttemptTimeout = (cause: unknown): cause is AttemptTimeoutError =>
  cause instanceof Error && (cause as { readonly _tag?: unknown })._tag === "AttemptTimeoutError"
