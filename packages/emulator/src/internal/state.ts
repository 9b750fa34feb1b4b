import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as HashMap from "effect/HashMap"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as Crypto from "node:crypto"
import * as Fs from "node:fs/promises"
import * as Os from "node:os"
import * as Path from "node:path"
import * as Models from "@effect-acs/identity/Models"
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
  users: Schema.Array(User),
  teamsExtensionAssignments: Schema.optionalWith(Schema.Array(Models.TeamsExtensionAssignmentResponse), {
    exact: true
  }),
  entraAssignments: Schema.optionalWith(Schema.Array(Models.EntraAssignment), { exact: true })
})

/** @see Snapshot */
export type Snapshot = typeof Snapshot.Type

const SnapshotJson = Schema.parseJson(Snapshot, { space: 2 })

/** The identities, by id and by active `customId`, and the access assignments. */
export interface Identities {
  readonly users: HashMap.HashMap<string, User>
  /** The live identities of each `customId`: one, or more after a race (`customIdRace`). */
  readonly customIds: HashMap.HashMap<string, ReadonlyArray<string>>
  /** Teams Phone extension assignments, by {@link teamsAssignmentKey}. */
  readonly teamsAssignments: HashMap.HashMap<string, Models.TeamsExtensionAssignmentResponse>
  /** Entra assignments, by lower-case object id. */
  readonly entraAssignments: HashMap.HashMap<string, Models.EntraAssignment>
}

/** The key of a Teams Phone extension assignment (ids compared case-insensitively, as GUIDs). */
export const teamsAssignmentKey = (tenantId: string, objectId: string): string =>
  `${tenantId.toLowerCase()}/${objectId.toLowerCase()}`

/** Stores a user, keeping the `customId` index in step (tombstones leave it). */
export const setUser = (identities: Identities, user: User): Identities => ({
  ...identities,
  users: HashMap.set(identities.users, user.id, user),
  customIds: user.customId === undefined
    ? identities.customIds
    : indexCustomId(identities.customIds, user.customId, user)
})

const indexCustomId = (
  index: HashMap.HashMap<string, ReadonlyArray<string>>,
  customId: string,
  user: User
): HashMap.HashMap<string, ReadonlyArray<string>> => {
  const others = Option.getOrElse(HashMap.get(index, customId), () => []).filter((id) => id !== user.id)
  const ids = user.deletedAt === undefined ? [...others, user.id] : others
  return ids.length === 0 ? HashMap.remove(index, customId) : HashMap.set(index, customId, ids)
}

/** Indexes users. */
export const fromUsers = (users: Iterable<User>): Identities => {
  let identities: Identities = {
    users: HashMap.empty(),
    customIds: HashMap.empty(),
    teamsAssignments: HashMap.empty(),
    entraAssignments: HashMap.empty()
  }
  for (const user of users) identities = setUser(identities, user)
  return identities
}

/** The state of a state file's content. */
export const fromSnapshot = (snapshot: Snapshot | undefined): Identities => ({
  ...fromUsers(snapshot?.users ?? []),
  teamsAssignments: HashMap.fromIterable(
    (snapshot?.teamsExtensionAssignments ?? []).map((a) => [teamsAssignmentKey(a.tenantId, a.objectId), a] as const)
  ),
  entraAssignments: HashMap.fromIterable(
    (snapshot?.entraAssignments ?? []).map((a) => [a.objectId.toLowerCase(), a] as const)
  )
})

/** What a state file holds of the state (assignments only when there are any). */
export const toSnapshot = (
  identities: Identities
): Pick<Snapshot, "users" | "teamsExtensionAssignments" | "entraAssignments"> => ({
  users: [...HashMap.values(identities.users)],
  ...(HashMap.size(identities.teamsAssignments) > 0 &&
    { teamsExtensionAssignments: [...HashMap.values(identities.teamsAssignments)] }),
  ...(HashMap.size(identities.entraAssignments) > 0 &&
    { entraAssignments: [...HashMap.values(identities.entraAssignments)] })
})

/**
 * The identities, changed one serialised step at a time. With a state file the
 * changes are saved by group commit: the changes made while a write is under
 * way go out together in the next write, and a change is committed and
 * acknowledged only once a write that includes it is durable.
 */
export interface Store {
  /** The committed (saved) identities. */
  readonly current: Effect.Effect<Identities>
  /**
   * Runs `f` alone on the state the previous change left; succeeds once the new
   * state is saved. Returning the same state writes nothing but still waits
   * until the state `f` saw is saved. A failed write fails every change it held
   * and every change made on top of them since, and the store goes back to the
   * last saved state.
   */
  readonly modify: <A, E>(
    f: (identities: Identities) => Effect.Effect<readonly [A, Identities], E>
  ) => Effect.Effect<A, E | EmulatorError>
}

/**
 * A store; `save` persists a state (when persistent). When the scope closes,
 * the changes still pending are saved and later ones fail.
 */
export const makeStore = (
  initial: Identities,
  save: ((identities: Identities) => Effect.Effect<void, EmulatorError>) | undefined
): Effect.Effect<Store, never, Scope.Scope> =>
  Effect.gen(function*() {
    // serialises the changes (and a rollback)
    const changes = yield* Effect.makeSemaphore(1)
    // open while changes are pending
    const wake = yield* Effect.makeLatch(false)
    let working = initial
    let committed = initial
    // the acknowledgements of the changes in `working` that no write has taken yet
    let pending: Array<Deferred.Deferred<void, EmulatorError>> = []
    let closed = false

    /** Writes `working` once for all the changes pending, then acknowledges each with the outcome. */
    const flush = Effect.uninterruptible(Effect.suspend(() => {
      const batch = pending
      const state = working
      pending = []
      wake.unsafeClose()
      if (batch.length === 0) return Effect.void
      return Effect.exit(state === committed || save === undefined ? Effect.void : save(state)).pipe(
        Effect.tap((exit) =>
          Exit.isSuccess(exit)
            ? Effect.sync(() => {
              committed = state
            })
            // the changes made since saw the unsaved state: they fail with it
            : changes.withPermits(1)(Effect.sync(() => {
              working = committed
              batch.push(...pending)
              pending = []
            }))
        ),
        Effect.flatMap((exit) => Effect.forEach(batch, (ack) => Deferred.done(ack, exit), { discard: true }))
      )
    }))

    /** Makes `next` the working state; the acknowledgement to wait for, if it is not saved yet. */
    const enqueue = (next: Identities) =>
      Effect.flatMap(Deferred.make<void, EmulatorError>(), (ack) =>
        Effect.sync(() => {
          working = next
          if (save === undefined) committed = next
          if (working === committed) return undefined
          pending.push(ack)
          wake.unsafeOpen()
          return ack
        }))

    const close = changes.withPermits(1)(Effect.sync(() => {
      closed = true
    }))
    if (save === undefined) {
      // in memory every change is committed at once: no writer to run
      yield* Effect.addFinalizer(() => close)
    } else {
      const writer = yield* Effect.forkScoped(Effect.forever(Effect.zipRight(wake.await, flush)))
      yield* Effect.addFinalizer(() => close.pipe(Effect.zipRight(Fiber.interrupt(writer)), Effect.zipRight(flush)))
    }

    return {
      current: Effect.sync(() => committed),
      modify: <A, E>(f: (identities: Identities) => Effect.Effect<readonly [A, Identities], E>) =>
        Effect.flatMap(
          changes.withPermits(1)(Effect.suspend((): Effect.Effect<
            readonly [A, Deferred.Deferred<void, EmulatorError> | undefined],
            E | EmulatorError
          > =>
            closed
              ? Effect.fail(
                new EmulatorError({
                  reason: "StateFile",
                  message: "The emulator has stopped: the change was not saved."
                })
              )
              : Effect.flatMap(
                f(working),
                ([result, next]) => Effect.map(enqueue(next), (ack) => [result, ack] as const)
              )
          )),
          ([result, ack]) => ack === undefined ? Effect.succeed(result) : Effect.as(Deferred.await(ack), result)
        )
    }
  })

const stateFileError = (path: string, action: string) => (cause: unknown) =>
  new EmulatorError({ reason: "StateFile", message: `Could not ${action} the state file ${path}.`, cause })

const errorCode = (error: unknown): unknown => (error as NodeJS.ErrnoException | undefined)?.code

/** A file's text; `undefined` when it does not exist. */
const readIfExists = (path: string): Promise<string | undefined> =>
  Fs.readFile(path, "utf8").catch((error) => errorCode(error) === "ENOENT" ? undefined : Promise.reject(error))

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** A new temporary file name beside the state file, `.<name>.<uuid>.tmp`. */
const temporaryPath = (path: string) =>
  Path.join(Path.dirname(path), `.${Path.basename(path)}.${Crypto.randomUUID()}.tmp`)

/** Whether a file name (in the state file's directory) is one of its temporary files. */
const isTemporary = (path: string) => {
  const prefix = `.${Path.basename(path)}.`
  return (name: string) =>
    name.startsWith(prefix) && name.endsWith(".tmp") && uuidPattern.test(name.slice(prefix.length, -".tmp".length))
}

/** Who holds a state file's lock; `id` tells apart the locks of one process. */
const Holder = Schema.Struct({ pid: Schema.Int, host: Schema.String, id: Schema.String })

type Holder = typeof Holder.Type

const decodeHolder = Schema.decodeUnknownOption(Schema.parseJson(Holder))

/** The ids of the locks this process holds: a lock naming this pid and another id is a previous process's. */
const held = new Set<string>()

/** Whether a lock's holder may still run (a holder on another host is assumed to). */
const alive = (holder: Holder): boolean => {
  if (holder.host !== Os.hostname()) return true
  if (holder.pid === process.pid) return held.has(holder.id)
  try {
    process.kill(holder.pid, 0)
    return true
  } catch (error) {
    return errorCode(error) === "EPERM"
  }
}

/**
 * Creates `lock` with `content` if it does not exist: written beside it, then
 * hard-linked into place, so that it is never seen empty. `false` when it exists
 * (or a holder starting removed the file beside it: then it exists too).
 */
const place = async (path: string, lock: string, content: string): Promise<boolean> => {
  const temporary = temporaryPath(path)
  try {
    await Fs.writeFile(temporary, content, { flag: "wx", mode: 0o600 })
    await Fs.link(temporary, lock)
    return true
  } catch (error) {
    if (errorCode(error) === "EEXIST" || errorCode(error) === "ENOENT") return false
    throw error
  } finally {
    await Fs.rm(temporary, { force: true })
  }
}

/**
 * Creates `lock` naming `own`, taking over a lock whose holder is gone.
 * `undefined` once acquired, else the live holder (`None`: a lock file that is
 * not an emulator's).
 */
const acquire = async (path: string, lock: string, own: Holder): Promise<Option.Option<Holder> | undefined> => {
  // listed first, so that this process never takes the lock for stale once it is in place
  held.add(own.id)
  let acquired = false
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      if (await place(path, lock, JSON.stringify(own))) {
        acquired = true
        return undefined
      }
      const text = await readIfExists(lock)
      if (text === undefined) continue
      const holder = decodeHolder(text)
      if (Option.isNone(holder) || alive(holder.value)) return holder
      // a stale lock: move it aside (one taker can), and put it back if it was not the stale one
      const aside = temporaryPath(path)
      try {
        await Fs.rename(lock, aside)
      } catch (error) {
        if (errorCode(error) === "ENOENT") continue
        throw error
      }
      try {
        if (await Fs.readFile(aside, "utf8") !== text) {
          await Fs.link(aside, lock).catch((error) => errorCode(error) === "EEXIST" ? undefined : Promise.reject(error))
        }
      } finally {
        await Fs.rm(aside, { force: true })
      }
    }
    throw new Error(`${lock} kept changing`)
  } finally {
    if (!acquired) held.delete(own.id)
  }
}

/** Locks a state file for this process until the scope closes. */
const lock = (path: string): Effect.Effect<void, EmulatorError, Scope.Scope> => {
  const lockPath = `${path}.lock`
  const own: Holder = { pid: process.pid, host: Os.hostname(), id: Crypto.randomUUID() }
  return Effect.acquireRelease(
    Effect.flatMap(
      Effect.tryPromise({
        try: async () => {
          await Fs.mkdir(Path.dirname(path), { recursive: true })
          return acquire(path, lockPath, own)
        },
        catch: stateFileError(path, "lock")
      }),
      (holder) =>
        holder === undefined
          ? Effect.void
          : Effect.fail(
            new EmulatorError({
              reason: "StateFile",
              message: Option.match(holder, {
                onNone: () =>
                  `The state file ${path} is locked by ${lockPath}, which is not an emulator's lock; remove it if no emulator uses the file.`,
                onSome: ({ host, pid }) =>
                  `The state file ${path} is in use by another emulator (process ${pid} on ${host}); stop it or use another file.`
              })
            })
          )
    ),
    () =>
      Effect.promise(async () => {
        if (await readIfExists(lockPath).catch(() => undefined) === JSON.stringify(own)) {
          await Fs.rm(lockPath, { force: true }).catch(() => undefined)
        }
        held.delete(own.id)
      })
  )
}

/** Removes the temporary files of a state file (left by an emulator that was killed while writing). */
const removeTemporaries = (path: string): Effect.Effect<void, EmulatorError> =>
  Effect.tryPromise({
    try: async () => {
      const directory = Path.dirname(path)
      const names = (await Fs.readdir(directory)).filter(isTemporary(path))
      await Promise.all(names.map((name) => Fs.rm(Path.join(directory, name), { force: true })))
    },
    catch: stateFileError(path, "clean up beside")
  })

/** Reads a state file; `None` when it does not exist yet. */
const load = (path: string): Effect.Effect<Option.Option<Snapshot>, EmulatorError> =>
  Effect.tryPromise({ try: () => readIfExists(path), catch: stateFileError(path, "read") }).pipe(
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
 * Opens a state file for this process alone until the scope closes: creates
 * its directory, locks it (`<file>.lock` names the process; a lock whose
 * process is gone is taken over, a live one is refused), removes the
 * temporary files an emulator killed while writing left (they hold the key),
 * and reads it (`None` when it does not exist yet).
 */
export const open = (path: string): Effect.Effect<Option.Option<Snapshot>, EmulatorError, Scope.Scope> =>
  Effect.zipRight(Effect.zipRight(lock(path), removeTemporaries(path)), load(path))

/**
 * Writes a state file durably and atomically: a temporary file in the same
 * directory, flushed, renamed over the target, then the directory flushed.
 * Readable by the owner only.
 */
export const save = (path: string, snapshot: Snapshot): Effect.Effect<void, EmulatorError> =>
  Effect.flatMap(Effect.orDie(Schema.encode(SnapshotJson)(snapshot)), (text) =>
    Effect.tryPromise({
      try: async () => {
        const directory = Path.dirname(path)
        await Fs.mkdir(directory, { recursive: true })
        const temporary = temporaryPath(path)
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
        // the rename is durable once the directory is (Windows cannot open a directory for this)
        if (process.platform !== "win32") {
          const handle = await Fs.open(directory, "r")
          try {
            await handle.sync()
          } finally {
            await handle.close()
          }
        }
      },
      catch: stateFileError(path, "write")
    }))
