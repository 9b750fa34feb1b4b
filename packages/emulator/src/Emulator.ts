/**
 * A local emulator of the Azure Communication Services Identity REST service,
 * as an `@effect/platform` `HttpApp`: serve it in-process with
 * `EmulatorHttpClient` or on a socket with `EmulatorServer`.
 *
 * Behaviour, where the real service is undocumented:
 *
 * - **Versions**: `api-version` is required (`2022-10-01`, `2023-10-01`,
 *   `2025-03-02-preview`, `2025-06-30`, `2026-07-22`, `2026-09-23`), else 400
 *   `MissingApiVersion` / `UnsupportedApiVersion`. Join scopes need `2023-10-01`+
 *   and `customId` needs `2025-03-02-preview` (else 400 `ValidationError`);
 *   `GET /identities/{id}` (`2025-03-02-preview`) and the Teams-extension
 *   exchange (`2025-03-02-preview`, `2025-06-30` and the 2026 versions, which
 *   have the operations of `2025-06-30`) are 404 `NotFound` in other versions,
 *   like unknown routes.
 * - **Authentication** (`auth`): `"hmac"` (default) verifies the HMAC-SHA256
 *   signature with the core verifier (received `Host`, raw request target,
 *   raw body bytes, ±`maxSkewMillis`, tolerant variants unless `tolerant: false`;
 *   retried requests with the same signature are accepted). `"bearer"` accepts
 *   `Authorization: Bearer <jwt>` whose payload `aud` is
 *   `https://communication.azure.com` (trailing `/` allowed) and whose `exp`,
 *   if any, has not passed; the signature is not checked. `"any"` accepts
 *   either. Failures are 401 `Denied` ("Denied by the resource provider.")
 *   with the reason in `innererror`. The Teams-extension and Entra exchanges
 *   are always authenticated by the user's bearer Entra token (claims `tid`,
 *   `oid`, `exp`); the Entra exchange (`2025-03-02-preview`) answers the
 *   identity `8:acs:<resourceId>_wf_<tid>_<oid>`, as the official example.
 * - **Identities**: ids are `8:acs:<resourceId>_<uuid>`. An id that is not an
 *   identity id of this resource (another resource, malformed) is 401
 *   `IdentityNotOwned`, as the service does. An unknown id of this resource is
 *   404 `IdentityNotFound`, and so is a deleted one for get, issue and revoke;
 *   deleting a deleted identity answers 204 again, so a retried delete succeeds.
 *   Delete and revoke mark the identity's tokens revoked ({@link Emulator.Service.tokenStatus}).
 *   A create with a known `customId` returns the same identity (201), also
 *   under concurrent creates: all changes are serialised — unless the
 *   `customIdRace` fault opens the service's race window.
 * - **Validation**: the service's bodies (`ValidationError` with targets
 *   `scopes`, `ExpiresInMinutes`, `customId`); a body that is not a JSON
 *   object is 400 `BadRequest`. The Teams user exchange takes an unexpired
 *   JWT (signature unchecked) whose `appid` (or `azp`) is `appId` and whose
 *   `oid` is `userId`; else 401 `InvalidAccessToken`, or 400
 *   `ValidationError` with target `appId` / `userId`.
 * - **Tokens**: HS256 JWTs signed with the emulator's secret, header
 *   `{"alg":"HS256","kid":"1","typ":"JWT"}`, claims `skypeid` (the id without
 *   `8:`), `scp: 1792`, `csi` (issue time, a string), `iat`, `exp`
 *   (`exp - iat` = the lifetime), `acsScope` (comma-joined scopes),
 *   `resourceId`, and a random `jti` that tells apart tokens issued in the
 *   same second. The Teams user exchange keeps the Entra token's `exp`
 *   (`skypeid` `orgid:<oid>`); the Teams-extension exchange too (identity
 *   `8:acs:<resourceId>_<tid>_<oid>`).
 * - **Assignments**: Teams Phone extension assignments (by tenant and object
 *   id) and Entra assignments (by object id), kept in the state: PUT answers
 *   201 when it created, 200 when it replaced; GET and DELETE of a missing one
 *   are 404 `AssignmentNotFound`; ids must be GUIDs and principal types in
 *   their enum (else 400 `ValidationError` with the field as target); an
 *   Entra merge patch is checked whole before any entry applies and answers
 *   the assignments it set (204 when it only removed). Lists come in one page.
 * - **Faults** ({@link Faults}): `status` and `stall` answer before processing
 *   (no state change), `latency` delays processing; `malformed`, `reset` and
 *   `truncate` apply after processing, so the change happened although the
 *   caller sees a failure.
 * - **State**: with `statePath`, the identities, the access key, the resource
 *   id and the token-signing secret are loaded at start and saved durably
 *   (atomically: a temporary file, flushed, then a rename) before a change is
 *   answered; the changes made while a write is under way are saved together
 *   by the next one (group commit), and a failed write answers 500 to each of
 *   them and applies none. The file is locked while the emulator runs
 *   (`<statePath>.lock`, naming its process; released when its scope closes):
 *   another emulator on it is refused, and a lock whose process is gone is
 *   taken over, removing the temporary files that process left.
 *   Counters ({@link Stats}) and faults are not persisted.
 *
 * @since 0.1.0
 */
import type * as Protocol from "@effect-acs/identity-protocol/Operation"
import type * as HttpApp from "@effect/platform/HttpApp"
import * as ConnectionString from "@effect-acs/identity/ConnectionString"
import { Crypto } from "@effect-acs/identity/Crypto"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Encoding from "effect/Encoding"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import * as NodeCrypto from "node:crypto"
import { EmulatorError } from "./EmulatorError.js"
import * as App from "./internal/app.js"
import * as Auth from "./internal/auth.js"
import * as FaultQueue from "./internal/faults.js"
import * as Operations from "./internal/operations.js"
import * as State from "./internal/state.js"
import * as Counters from "./internal/stats.js"

/**
 * How resource operations are authenticated.
 *
 * @since 0.1.0
 * @category models
 */
export type AuthMode = "hmac" | "bearer" | "any"

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** The access key (base64). Default: the state file's, else 64 random bytes; a given key replaces the file's. */
  readonly accessKey?: string | Redacted.Redacted<string>
  /** The resource id (a UUID). Default: the state file's (a different one is refused), else random. */
  readonly resourceId?: string
  /** Default `"hmac"`. */
  readonly auth?: AuthMode
  /** Accept the documented cross-SDK signing variants; default `true`. */
  readonly tolerant?: boolean
  /** Allowed clock skew of a signed request's date; default 15 minutes. */
  readonly maxSkewMillis?: number
  /** A JSON file to load the state from and save it to (created when missing). */
  readonly statePath?: string
  /** Log one line per request (method, path, status, duration) with `Effect.log`. Default `false`. */
  readonly log?: boolean
  /**
   * The most Entra assignments one page of `GET /access/entra/assignments` lists (a positive
   * integer); the page then has a `nextLink` to the rest. Default: every assignment in one page.
   */
  readonly pageSize?: number
}

/**
 * An operation of the service, as counted in {@link Stats} and selected by faults.
 *
 * @since 0.1.0
 * @category models
 */
export type Operation = Protocol.Name

/**
 * An injected failure.
 *
 * - `latency`: waits `millis` (on the `Clock`) before processing.
 * - `status`: answers `status` before processing, with `retry-after` /
 *   `retry-after-ms` when given; the body is `body` (of type `contentType`,
 *   default `text/plain`) if given, else `Bad Gateway` (text) for 502 and an
 *   error envelope otherwise.
 * - `reset`: processes, then drops the connection (in-process: a transport error).
 * - `truncate`: processes, then sends half the body under the full
 *   `content-length` and closes (a bodiless response is reset instead).
 * - `malformed`: processes, then answers invalid JSON with the operation's
 *   success status (200 for operations that answer 204).
 * - `stall`: never answers (until the caller gives up).
 * - `customIdRace`: a create with a `customId` that has no identity yet looks
 *   the `customId` up, waits `millis` (on the `Clock`), then stores a new
 *   identity without looking again — as the service's creates, which are not
 *   atomic (Azure/azure-sdk-for-js#38531): a create of the same `customId` in
 *   that window makes a second identity. Both creates succeed, with different
 *   ids; every later create with that `customId` is 409
 *   `MultipleIdentitiesForCustomId` (the service's status is unverified) until
 *   all but one of them are deleted. Other requests it hits ignore it: select
 *   it with `operations: ["createIdentity"]`.
 *
 * @since 0.1.0
 * @category models
 */
export type Fault =
  | { readonly kind: "latency"; readonly millis: number }
  | {
    readonly kind: "status"
    readonly status: 429 | 500 | 502 | 503
    readonly retryAfterSeconds?: number
    readonly retryAfterMs?: number
    readonly contentType?: string
    readonly body?: string
  }
  | { readonly kind: "reset" }
  | { readonly kind: "truncate" }
  | { readonly kind: "malformed" }
  | { readonly kind: "stall" }
  | { readonly kind: "customIdRace"; readonly millis: number }

/**
 * Which requests a fault hits: the next `count` matching requests, or each
 * matching request with probability `fraction` (drawn from a generator seeded
 * with `seed`) up to `limit` times. `operations` restricts the match.
 *
 * @since 0.1.0
 * @category models
 */
export type FaultSelection =
  & (
    | { readonly count: number }
    | { readonly fraction: number; readonly seed: number | string; readonly limit: number }
  )
  & { readonly operations?: ReadonlyArray<Operation> }

/**
 * Fault injection. Rules apply in the order injected; the first that fires wins.
 *
 * @since 0.1.0
 * @category models
 */
export interface Faults {
  readonly inject: (fault: Fault, selection: FaultSelection) => Effect.Effect<void, EmulatorError>
  /** Removes every pending rule. */
  readonly clear: () => Effect.Effect<void>
}

/**
 * Counters since the emulator started.
 *
 * @since 0.1.0
 * @category models
 */
export interface Stats {
  /** Requests routed to each operation (rejected and faulted ones included). */
  readonly requests: Readonly<Record<Operation, number>>
  readonly identitiesCreated: number
  /** Tokens issued, by create, issue and the exchanges. */
  readonly tokensIssued: number
  readonly faultsApplied: number
}

/**
 * The status of an access token issued to an identity: `unknown` for tokens
 * this emulator did not issue to one of its identities (Teams exchanges included).
 *
 * @since 0.1.0
 * @category models
 */
export type TokenStatus = "active" | "revoked" | "expired" | "unknown"

/**
 * The emulator.
 *
 * @since 0.1.0
 * @category tags
 */
export class Emulator extends Context.Tag("@effect-acs/identity-emulator/Emulator")<Emulator, Emulator.Service>() {}

/**
 * @since 0.1.0
 */
export declare namespace Emulator {
  /**
   * @since 0.1.0
   * @category models
   */
  export interface Service {
    /** The service as an `HttpApp`. */
    readonly app: HttpApp.Default
    readonly accessKey: Redacted.Redacted<string>
    readonly resourceId: string
    /** `endpoint=<endpoint>;accesskey=<key>`, the endpoint as given. */
    readonly connectionString: (endpoint: string) => Redacted.Redacted<string>
    readonly faults: Faults
    readonly stats: Effect.Effect<Stats>
    /** Whether a token issued to an identity is still good (not revoked, deleted or expired). */
    readonly tokenStatus: (token: string | Redacted.Redacted<string>) => Effect.Effect<TokenStatus>
  }
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

const invalidOptions = (message: string) => new EmulatorError({ reason: "InvalidOptions", message })

const randomBase64 = (bytes: number) => NodeCrypto.randomBytes(bytes).toString("base64")

/**
 * Builds an emulator (and locks and loads or creates its state file, until the scope closes).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}): Effect.Effect<Emulator.Service, EmulatorError, Crypto | Scope.Scope> =>
  Effect.gen(function*() {
    const crypto = yield* Crypto
    if (options.pageSize !== undefined && !(Number.isSafeInteger(options.pageSize) && options.pageSize > 0)) {
      return yield* invalidOptions("pageSize must be a positive integer")
    }
    const maxSkewMillis = options.maxSkewMillis ?? 15 * 60_000
    if (!(Number.isFinite(maxSkewMillis) && maxSkewMillis >= 0)) {
      return yield* invalidOptions("maxSkewMillis must be a finite number >= 0")
    }
    if (options.resourceId !== undefined && !uuidPattern.test(options.resourceId)) {
      return yield* invalidOptions("resourceId must be a UUID")
    }
    const loaded = options.statePath === undefined ? Option.none() : yield* State.open(options.statePath)
    const stored = Option.getOrUndefined(loaded)
    const resourceId = (options.resourceId ?? stored?.resourceId ?? (yield* crypto.randomUUID)).toLowerCase()
    if (stored !== undefined && stored.resourceId.toLowerCase() !== resourceId) {
      return yield* invalidOptions(`The state file belongs to resource ${stored.resourceId}, not ${resourceId}.`)
    }
    const accessKey = options.accessKey === undefined
      ? Redacted.make(stored?.accessKey ?? randomBase64(64))
      : Redacted.isRedacted(options.accessKey)
      ? options.accessKey
      : Redacted.make(options.accessKey)
    const keyBytes = yield* Either.mapLeft(
      ConnectionString.decodeAccessKey(accessKey),
      (error) => invalidOptions(error.message)
    )
    const tokenSecret = stored?.tokenSecret ?? randomBase64(32)
    const prepare = (bytes: Uint8Array) =>
      Effect.mapError(crypto.hmacKey(bytes), (error) => invalidOptions(error.message))
    const key = yield* prepare(keyBytes)
    const tokenKey = yield* prepare(
      yield* Either.mapLeft(
        Encoding.decodeBase64(tokenSecret),
        () => new EmulatorError({ reason: "StateFile", message: "The state file's tokenSecret is not base64." })
      )
    )

    const statePath = options.statePath
    const save = statePath === undefined ? undefined : (identities: State.Identities) =>
      State.save(statePath, {
        version: 1,
        resourceId,
        accessKey: Redacted.value(accessKey),
        tokenSecret,
        ...State.toSnapshot(identities)
      })
    const initial = State.fromSnapshot(stored)
    if (save !== undefined) yield* save(initial)
    const store = yield* State.makeStore(initial, save)
    const stats = yield* Counters.make
    const faults = yield* FaultQueue.make
    const env: Operations.Env = { resourceId, tokenKey, crypto, store, stats, pageSize: options.pageSize }
    const app = yield* App.make({
      env,
      faults,
      log: options.log ?? false,
      authenticate: Auth.make({
        mode: options.auth ?? "hmac",
        key,
        crypto,
        tolerant: options.tolerant ?? true,
        maxSkewMillis
      })
    })
    return Emulator.of({
      app,
      accessKey,
      resourceId,
      connectionString: (endpoint) => ConnectionString.format({ endpoint, accessKey }),
      faults: { inject: faults.inject, clear: faults.clear },
      stats: stats.get,
      tokenStatus: (token) =>
        Effect.flatMap(
          Clock.currentTimeMillis,
          (now) => Operations.tokenStatus(env, Redacted.isRedacted(token) ? Redacted.value(token) : token, now)
        )
    })
  })

/**
 * The emulator as a layer.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<Emulator, EmulatorError, Crypto> =>
  Layer.scoped(Emulator, make(options))
