/**
 * Connection strings (`endpoint=...;accesskey=...`) and endpoints.
 *
 * @since 0.1.0
 */
import * as Protocol from "@effect-acs/identity-protocol/ConnectionString"
import * as Result from "effect/Result"
import * as Redacted from "effect/Redacted"
import { InvalidInput } from "./IdentityError.js"

/**
 * A parsed connection string. `endpoint` is normalised to
 * `scheme://host[:port]/`; the key stays `Redacted`.
 *
 * @since 0.1.0
 * @category models
 */
export interface ConnectionString {
  readonly endpoint: string
  readonly accessKey: Redacted.Redacted<string>
}

const fromResult = <A>(result: Protocol.Result<A>): Result.Result<A, InvalidInput> =>
  result.ok ? Result.succeed(result.value) : Result.fail(new InvalidInput(result.violation))

/**
 * Validates and normalises a service endpoint: `http` or `https`, a host,
 * no credentials, no path beyond `/`, no query or fragment, no trailing dot.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parseEndpoint = (input: string | URL, field = "endpoint"): Result.Result<string, InvalidInput> =>
  fromResult(Protocol.parseEndpoint(input, field))

/**
 * Checks that an access key is non-empty, canonical base64 and returns its bytes.
 * The error never echoes the key.
 *
 * @since 0.1.0
 * @category parsing
 */
export const decodeAccessKey = (
  key: Redacted.Redacted<string>,
  field = "accessKey"
): Result.Result<Uint8Array, InvalidInput> => fromResult(Protocol.decodeAccessKey(Redacted.value(key), field))

/**
 * Parses `endpoint=<url>;accesskey=<base64>`: keys case-insensitive and in any
 * order, whitespace trimmed, one trailing `;` allowed; duplicate, unknown,
 * empty or missing settings are rejected. Errors never echo the key.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parse = (input: string | Redacted.Redacted<string>): Result.Result<ConnectionString, InvalidInput> =>
  Result.map(
    fromResult(Protocol.parse(Redacted.isRedacted(input) ? Redacted.value(input) : input)),
    (cs) => ({ endpoint: cs.endpoint, accessKey: Redacted.make(cs.accessKey) })
  )

/**
 * Formats a connection string; `parse(format(cs))` equals `cs`.
 *
 * @since 0.1.0
 * @category formatting
 */
export const format = (cs: ConnectionString): Redacted.Redacted<string> =>
  Redacted.make(Protocol.format({ endpoint: cs.endpoint, accessKey: Redacted.value(cs.accessKey) }))
