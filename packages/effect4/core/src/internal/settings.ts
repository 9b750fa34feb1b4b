/**
 * A client's settings, resolved once from its options: where it connects,
 * how it authenticates, its api-version, limits and fixed headers.
 */
import * as ApiVersion from "@effect-acs/identity-protocol/ApiVersion"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import type * as Redacted from "effect/Redacted"
import * as Auth from "../Auth.js"
import * as Authorizer from "./authorizer.js"
import * as ConnectionString from "../ConnectionString.js"
import type { Crypto } from "../Crypto.js"
import type { CredentialError } from "../IdentityError.js"
import { InvalidInput } from "../IdentityError.js"
import type * as Retry from "../Retry.js"

/** The `User-Agent` this library sends. */
export const userAgent = "effect-acs-identity-effect4/0.40.0"

/** What every client takes, whatever it sends through. */
export type Options =
  & (
    | { readonly connectionString: string | Redacted.Redacted<string> }
    | { readonly endpoint: string | URL; readonly credential: Auth.Credential }
  )
  & {
    /** Default `2023-10-01`. */
    readonly apiVersion?: ApiVersion.ApiVersion
    /** Retry policy; `{ maxRetries: 0 }` disables retries. */
    readonly retry?: Retry.Policy
    /** Time allowed for one attempt, credentials included; default 30 seconds. */
    readonly attemptTimeout?: Duration.Input
    /** Time allowed for a whole operation, retries included; default 2 minutes. */
    readonly timeout?: Duration.Input
    /** Header that carries the user agent; browsers use `x-ms-useragent`. Default `user-agent`. */
    readonly userAgentHeader?: string
  }

/** Resolved settings. */
export interface Settings {
  readonly endpoint: string
  readonly apiVersion: ApiVersion.ApiVersion
  readonly authorizer: Authorizer.Authorizer
  /** `?api-version=…`. */
  readonly query: string
  /** Headers of every request. */
  readonly baseHeaders: Readonly<Record<string, string>>
  /** One attempt's time limit, at most the overall one (ms; `Infinity` for none). */
  readonly attemptMillis: number
  readonly timeout: Duration.Duration
  readonly timeoutMillis: number
  readonly retry: Retry.Policy
  readonly spanAttributes: Readonly<Record<string, string>>
}

const invalid = (field: string, message: string) => new InvalidInput({ field, message })

/** Resolves options; bad input is an `InvalidInput` and nothing is sent. */
export const resolve = (options: Options): Effect.Effect<Settings, InvalidInput | CredentialError, Crypto> =>
  Effect.gen(function*() {
    const { credential, endpoint } = yield* Effect.fromResult(
      "connectionString" in options
        ? Result.map(ConnectionString.parse(options.connectionString), (cs) => ({
          endpoint: cs.endpoint,
          credential: Auth.keyCredential(cs.accessKey) as Auth.Credential
        }))
        : Result.map(ConnectionString.parseEndpoint(options.endpoint), (endpoint) => ({
          endpoint,
          credential: options.credential
        }))
    )
    const apiVersion = options.apiVersion ?? ApiVersion.defaultVersion
    if (!ApiVersion.isApiVersion(apiVersion)) {
      return yield* invalid("apiVersion", `apiVersion must be one of ${ApiVersion.all.join(", ")}`)
    }
    const timeout = yield* duration(options.timeout, Duration.minutes(2), "timeout")
    const attemptTimeout = yield* duration(options.attemptTimeout, Duration.seconds(30), "attemptTimeout")
    return {
      endpoint,
      apiVersion,
      authorizer: yield* Authorizer.authorizer(credential, endpoint),
      query: `?api-version=${apiVersion}`,
      baseHeaders: {
        accept: "application/json",
        [(options.userAgentHeader ?? "user-agent").toLowerCase()]: userAgent
      },
      attemptMillis: Duration.toMillis(Duration.min(attemptTimeout, timeout)),
      timeout,
      timeoutMillis: Duration.toMillis(timeout),
      retry: options.retry ?? {},
      spanAttributes: { "acs.api_version": apiVersion, "server.address": endpoint }
    }
  })

/** A time limit: a positive duration (infinite means none). */
const duration = (
  input: Duration.Input | undefined,
  fallback: Duration.Duration,
  field: string
): Effect.Effect<Duration.Duration, InvalidInput> => {
  if (input === undefined) return Effect.succeed(fallback)
  const decoded = Duration.fromInput(input)
  return decoded._tag === "Some" && Duration.isGreaterThan(decoded.value, Duration.zero)
    ? Effect.succeed(decoded.value)
    : Effect.fail(invalid(field, `${field} must be a positive duration`))
}
