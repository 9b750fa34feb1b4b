import * as Effect from "effect/Effect"
import * as HashMap from "effect/HashMap"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as SynchronizedRef from "effect/SynchronizedRef"
import * as Crypto from "node:crypto"
import * as Fs from "node:fs/promises"
import * as Path from "node:path"
import { EmulatorError } from "../EmulatorError.js"

/** A token issued to an identity, known by the SHA-256 of its text (the token itself is never stored). */
export const TokenRecord = Schema.Struct({
  digest: Schema.String,
  issuedAt: Schema.Number,
  expiresAt: Schema.Number,
  scopes: Schema.Array(Schema.String),
  revoked: Schema.Boolean
})

/** @see TokenRecord */
export type TokenRecord = typeof TokenRecord.Type

/** An identity; times are epoch ms. A deleted identity stays as a tombstone. */
export const User = Schema.Struct({
  id: Schema.String,
  customId: Schema.optionalWith(Schema.String, { exact: true }),
  createdAt: Schema.Number,
  lastTokenIssuedAt: Schema.optionalWith(Schema.Number, { exact: true }),
  tokensRevokedAt: Schema.optionalWith(Schema.Number, { exact: true }),
  deletedAt: Schema.optionalWith(Schema.Number, { exact: true }),
  tokens: Schema.Array(TokenRecord)
})

/** @see User */
export type User = typeof User.Type

/** The state file's content. */
const Snapshot = Schema.Struct({
  version: Schema.Literal(1),
  resourceId: Schema.String,
  accessKey: Schema.String,
  tokenSecret: Schema.String,
  users: Schema.Array(User)
})

type Snapshot = typeof Snapshot.Type

const SnapshotJson = Schema.parseJson(Snapshot, { space: 2 })

/** The identities, by id and by active `customId`. */
export interface Identities {
  readonly users: HashMap.HashMap<string, User>
  readonly customIds: HashMap.HashMap<string, string>
}

/** Stores a user, keeping the `customId` index in step (tombstones leave it). */
export const setUser = (identities: Identities, user: User): Identities => ({
  users: HashMap.set(identities.users, user.id, user),
  customIds: user.customId === undefined
    ? identities.customIds
    : user.deletedAt === undefined
    ? HashMap.set(identities.customIds, user.customId, user.id)
    : HashMap.remove(identities.customIds, user.customId)
})

/** Indexes users. */
export const fromUsers = (users: Iterable<User>): Identities => {
  let identities: Identities = { users: HashMap.empty(), customIds: HashMap.empty() }
  for (const user of users) identities = setUser(identities, user)
  return identities
}

/** The identities, changed one serialised step at a time and saved before each change is committed. */
export interface Store {
  readonly current: Effect.Effect<Identities>
  /** Runs `f` alone; its new state is saved (when persistent), then committed. Returning the same state skips the save. */
  readonly modify: <A, E>(
    f: (identities: Identities) => Effect.Effect<readonly [A, Identities], E>
  ) => Effect.Effect<A, E | EmulatorError>
}

/** A store; `save` persists every new state. */
export const makeStore = (
  initial: Identities,
  save: ((identities: Identities) => Effect.Effect<void, EmulatorError>) | undefined
): Effect.Effect<Store> =>
  Effect.map(SynchronizedRef.make(initial), (ref) => ({
    current: SynchronizedRef.get(ref),
    modify: <A, E>(f: (identities: Identities) => Effect.Effect<readonly [A, Identities], E>) =>
      SynchronizedRef.modifyEffect(ref, (identities) =>
        Effect.flatMap(f(identities), (result): Effect.Effect<readonly [A, Identities], E | EmulatorError> =>
          save === undefined || result[1] === identities ? Effect.succeed(result) : Effect.as(save(result[1]), result)))
  }))

const stateFileError = (path: string, action: string) => (cause: unknown) =>
  new EmulatorError({ reason: "StateFile", message: `Could not ${action} the state file ${path}.`, cause })

/** Reads a state file; `None` when it does not exist yet. */
export const load = (path: string): Effect.Effect<Option.Option<Snapshot>, EmulatorError> =>
  Effect.tryPromise({
    try: () =>
      Fs.readFile(path, "utf8").then(
        (text): string | undefined => text,
        (error: NodeJS.ErrnoException) => error.code === "ENOENT" ? undefined : Promise.reject(error)
      ),
    catch: stateFileError(path, "read")
  }).pipe(
    Effect.flatMap((text) =>
      text === undefined ? Effect.succeedNone : Effect.asSome(Effect.mapError(
        Schema.decode(SnapshotJson)(text),
        (error) =>
          new EmulatorError({
            reason: "StateFile",
            // paths only: a message with the actual values could echo the key
            message: `The state file ${path} is not valid (at ${
              ParseResult.ArrayFormatter.formatErrorSync(error).map((issue) => issue.path.join(".") || "the root")
                .join(", ")
            }).`
          })
      ))
    )
  )

/**
 * Writes a state file atomically: a temporary file in the same directory,
 * flushed, then renamed over the target. Readable by the owner only.
 */
export const save = (path: string, snapshot: Snapshot): Effect.Effect<void, EmulatorError> =>
  Effect.flatMap(Effect.orDie(Schema.encode(SnapshotJson)(snapshot)), (text) =>
    Effect.tryPromise({
      try: async () => {
        const directory = Path.dirname(path)
        await Fs.mkdir(directory, { recursive: true })
        const temporary = Path.join(directory, `.${Path.basename(path)}.${Crypto.randomUUID()}.tmp`)
        try {
          const handle = await Fs.open(temporary, "w", 0o600)
          try {
            await handle.writeFile(text)
            await handle.sync()
          } finally {
            await handle.close()
          }
          await Fs.rename(temporary, path)
        } catch (error) {
          await Fs.rm(temporary, { force: true })
          throw error
        }
      },
      catch: stateFileError(path, "write")
    }))
