/**
 * The model of the model-based suites: bounded random command sequences over
 * the identity operations and a small pure model that predicts each outcome
 * and every token's status. Line-neutral (no client, no Effect program; the
 * operation names from the Effect 3 client's method table), so the
 * Effect 3 suite (Model.test.ts) and the Effect 4 one (packages/effect4/test)
 * run the same commands against the same predictions.
 */
import * as Client from "@effect-acs/identity/CommunicationIdentityClient"
import * as Operation from "@effect-acs/identity-protocol/Operation"
import type * as Emulator from "@effect-acs/identity-emulator/Emulator"
import type { TokenScope } from "@effect-acs/identity-protocol/Rules"
import * as fc from "effect/FastCheck"
import { foreignId, jwtPayload } from "../interop/cases.js"
import { isUserOf, start } from "./utils.js"

// ---------------------------------------------------------------------------
// commands

/** An identity a command addresses: one created earlier (by index, modulo), another resource's, or a never-created one. */
export type Target = { readonly kind: "known"; readonly index: number } | { readonly kind: "foreign" } | {
  readonly kind: "unknown"
}

export type Command =
  | { readonly op: "create"; readonly customId?: string }
  | {
    readonly op: "createWithToken"
    readonly scopes: ReadonlyArray<TokenScope>
    readonly minutes?: number
    readonly customId?: string
  }
  | {
    readonly op: "issue"
    readonly target: Target
    readonly scopes: ReadonlyArray<TokenScope>
    readonly minutes?: number
  }
  | { readonly op: "revoke"; readonly target: Target }
  | { readonly op: "delete"; readonly target: Target }
  | { readonly op: "get"; readonly target: Target }
  | { readonly op: "advance"; readonly minutes: number }

const allScopes: ReadonlyArray<TokenScope> = ["chat", "voip", "chat.join", "chat.join.limited", "voip.join"]

const customIdArb = fc.option(fc.constantFrom("alice", "bob", "carol"), { nil: undefined })
/** Mostly valid lifetimes; 59 and 1441 are rejected by our client before sending. */
const minutesArb = fc.option(fc.constantFrom(60, 61, 720, 1440, 59, 1441), { nil: undefined })
const scopesArb = fc.subarray([...allScopes], { minLength: 1 })
const targetArb: fc.Arbitrary<Target> = fc.oneof(
  { weight: 8, arbitrary: fc.nat(9).map((index): Target => ({ kind: "known", index })) },
  { weight: 1, arbitrary: fc.constant<Target>({ kind: "foreign" }) },
  { weight: 1, arbitrary: fc.constant<Target>({ kind: "unknown" }) }
)

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  customIdArb.map((customId): Command => ({ op: "create", ...(customId !== undefined && { customId }) })),
  {
    weight: 2,
    arbitrary: fc.tuple(scopesArb, minutesArb, customIdArb).map(([scopes, minutes, customId]): Command => ({
      op: "createWithToken",
      scopes,
      ...(minutes !== undefined && { minutes }),
      ...(customId !== undefined && { customId })
    }))
  },
  {
    weight: 3,
    arbitrary: fc.tuple(targetArb, scopesArb, minutesArb).map(([target, scopes, minutes]): Command => ({
      op: "issue",
      target,
      scopes,
      ...(minutes !== undefined && { minutes })
    }))
  },
  targetArb.map((target): Command => ({ op: "revoke", target })),
  targetArb.map((target): Command => ({ op: "delete", target })),
  targetArb.map((target): Command => ({ op: "get", target })),
  // whole minutes across the lifetimes 60..1440 (tokens expire exactly at expiresOn)
  fc.constantFrom(1, 59, 60, 61, 720, 1441, 1441).map((minutes): Command => ({ op: "advance", minutes }))
)

// ---------------------------------------------------------------------------
// the model

interface ModelUser {
  readonly id: string
  readonly customId: string | undefined
  deleted: boolean
  lastTokenIssuedAt: number | undefined
}

interface ModelToken {
  readonly token: string
  readonly userId: string
  readonly expiresAt: number
  revoked: boolean
}

/** An outcome, comparable between the model and the client. */
export type Outcome =
  | { readonly ok: true; readonly user?: string; readonly token?: TokenShape; readonly detail?: Detail }
  | { readonly ok: false; readonly status: number; readonly code: string | undefined }
  | { readonly ok: false; readonly invalidInput: string }

export interface TokenShape {
  readonly acsScope: string
  readonly subject: string
  readonly expiresOn: number
}

export interface Detail {
  readonly customId: string | undefined
  readonly lastTokenIssuedAt: number | undefined
}

/** The REST operation each command sends (through the client method it calls). */
export const operationOf = {
  create: Client.operations.createUser,
  createWithToken: Client.operations.createUserAndToken,
  issue: Client.operations.getToken,
  revoke: Client.operations.revokeTokens,
  delete: Client.operations.deleteUser,
  get: Client.operations.getUser
} as const satisfies Record<Exclude<Command["op"], "advance">, Operation.Name>

/** A new identity, whose id the model learns from the emulator's answer. */
export const NEW = "a new identity"

const notOwned = { ok: false, status: 401, code: "IdentityNotOwned" } as const
const notFound = { ok: false, status: 404, code: "IdentityNotFound" } as const

export class Model {
  readonly users: Array<ModelUser> = []
  readonly tokens: Array<ModelToken> = []
  readonly customIds = new Map<string, ModelUser>()
  readonly requests = Object.fromEntries(Operation.names.map((name) => [name, 0])) as Record<Operation.Name, number>
  identitiesCreated = 0
  tokensIssued = 0
  now = start

  constructor(readonly resourceId: string) {}

  /** The id a target resolves to, and the user when it is one of ours. */
  resolve(target: Target): { readonly id: string; readonly user: ModelUser | undefined } {
    if (target.kind === "foreign") return { id: foreignId, user: undefined }
    const user = target.kind === "known" && this.users.length > 0
      ? this.users[target.index % this.users.length]
      : undefined
    // a uuid the emulator never mints (it draws v4 uuids)
    return user !== undefined
      ? { id: user.id, user }
      : { id: `8:acs:${this.resourceId}_00000000-0000-0000-0000-000000000000`, user: undefined }
  }

  label(id: string): string {
    const index = this.users.findIndex((user) => user.id === id)
    return index >= 0 ? `user #${index}` : isUserOf(this.resourceId, id) ? NEW : id
  }

  status(token: ModelToken): Emulator.TokenStatus {
    return token.expiresAt <= this.now ? "expired" : token.revoked ? "revoked" : "active"
  }

  /** The error an operation on an identity answers, if any (the emulator's documented choices). */
  refuse(target: Target, allowDeleted = false): Outcome | undefined {
    const { user } = this.resolve(target)
    if (target.kind === "foreign") return notOwned
    if (user === undefined) return notFound
    return user.deleted && !allowDeleted ? notFound : undefined
  }

  /** The predicted outcome of a command (before the command changes the model). */
  predict(command: Command): Outcome {
    const invalid = "minutes" in command && command.minutes !== undefined &&
      (command.minutes < 60 || command.minutes > 1440)
    switch (command.op) {
      case "create":
      case "createWithToken": {
        if (invalid) return { ok: false, invalidInput: "expiresInMinutes" }
        const existing = command.customId === undefined ? undefined : this.customIds.get(command.customId)
        const user = existing === undefined ? NEW : this.label(existing.id)
        return command.op === "create" ? { ok: true, user } : { ok: true, user, token: this.tokenShape(command) }
      }
      case "issue":
        if (invalid) return { ok: false, invalidInput: "expiresInMinutes" }
        return this.refuse(command.target) ?? { ok: true, token: this.tokenShape(command) }
      case "revoke":
        return this.refuse(command.target) ?? { ok: true }
      case "delete":
        return this.refuse(command.target, true) ?? { ok: true }
      case "get": {
        const refused = this.refuse(command.target)
        if (refused !== undefined) return refused
        const { id, user } = this.resolve(command.target)
        return {
          ok: true,
          user: this.label(id),
          detail: { customId: user?.customId, lastTokenIssuedAt: user?.lastTokenIssuedAt }
        }
      }
      case "advance":
        return { ok: true }
    }
  }

  tokenShape(command: { readonly scopes: ReadonlyArray<TokenScope>; readonly minutes?: number }): TokenShape {
    return {
      acsScope: command.scopes.join(","),
      subject: "the user",
      expiresOn: this.now + (command.minutes ?? 1440) * 60_000
    }
  }

  /** Applies a command whose outcome matched the prediction; `id` and `token` are what the emulator answered. */
  apply(command: Command, outcome: Outcome, answer: { readonly id?: string; readonly token?: string }) {
    if (command.op === "advance") {
      this.now += command.minutes * 60_000
      return
    }
    if ("invalidInput" in outcome) return
    this.requests[operationOf[command.op]]++
    if (!outcome.ok) return
    switch (command.op) {
      case "create":
      case "createWithToken": {
        let user = command.customId === undefined ? undefined : this.customIds.get(command.customId)
        if (user === undefined) {
          user = { id: answer.id!, customId: command.customId, deleted: false, lastTokenIssuedAt: undefined }
          this.users.push(user)
          this.identitiesCreated++
          if (command.customId !== undefined) this.customIds.set(command.customId, user)
        }
        if (command.op === "createWithToken") this.issue(user, command, answer.token!)
        return
      }
      case "issue":
        return this.issue(this.resolve(command.target).user!, command, answer.token!)
      case "revoke":
        return this.revoke(this.resolve(command.target).user!)
      case "delete": {
        const user = this.resolve(command.target).user!
        if (user.deleted) return
        user.deleted = true
        if (user.customId !== undefined) this.customIds.delete(user.customId)
        return this.revoke(user)
      }
      case "get":
        return
    }
  }

  issue(user: ModelUser, command: { readonly minutes?: number }, token: string) {
    user.lastTokenIssuedAt = this.now
    this.tokens.push({
      token,
      userId: user.id,
      expiresAt: this.now + (command.minutes ?? 1440) * 60_000,
      revoked: false
    })
    this.tokensIssued++
  }

  revoke(user: ModelUser) {
    for (const token of this.tokens) if (token.userId === user.id) token.revoked = true
  }
}

/** Bounded random command sequences (1 to 20 commands). */
export const sequences: fc.Arbitrary<ReadonlyArray<Command>> = fc.array(commandArb, { minLength: 1, maxLength: 20 })

/** Runs `check` on `numRuns` random sequences (a runner on another Effect line awaits it; it rejects with the shrunk counterexample). */
export const forSequences = (
  numRuns: number,
  check: (commands: ReadonlyArray<Command>) => Promise<unknown>
): Promise<void> =>
  fc.assert(fc.asyncProperty(sequences, (commands) => check(commands).then(() => undefined)), { numRuns })

const known = (index: number): Target => ({ kind: "known", index })

/**
 * A fixed sequence: revoke and delete revoke earlier tokens only, tokens
 * expire, customIds come back after delete. It leaves two identities
 * (`alice` deleted, then `alice` again) and four tokens, all expired.
 */
export const fixed: ReadonlyArray<Command> = [
  { op: "createWithToken", scopes: ["chat"], minutes: 60, customId: "alice" },
  { op: "issue", target: known(0), scopes: ["voip"] },
  { op: "revoke", target: known(0) },
  { op: "issue", target: known(0), scopes: ["chat", "voip"], minutes: 1440 },
  { op: "createWithToken", scopes: ["voip.join"], customId: "alice" },
  { op: "get", target: known(0) },
  { op: "advance", minutes: 61 },
  { op: "delete", target: known(0) },
  { op: "issue", target: known(0), scopes: ["chat"] },
  { op: "delete", target: known(0) },
  { op: "get", target: known(0) },
  { op: "create", customId: "alice" },
  { op: "get", target: known(1) },
  { op: "issue", target: { kind: "foreign" }, scopes: ["chat"] },
  { op: "issue", target: { kind: "unknown" }, scopes: ["chat"], minutes: 59 },
  { op: "advance", minutes: 1441 }
]

/** The shape of an issued token, as the model predicts it (`token` in clear). */
export const shape = (token: string, expiresOn: Date, userId: string): TokenShape => {
  const claims = jwtPayload(token)
  return {
    acsScope: String(claims?.["acsScope"]),
    subject: claims?.["skypeid"] === userId.slice(2) ? "the user" : String(claims?.["skypeid"]),
    expiresOn: expiresOn.getTime()
  }
}
