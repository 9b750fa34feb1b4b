/**
 * Model-based test: random bounded sequences of identity commands run through
 * our Effect client against a fresh in-process emulator (TestClock), each
 * outcome compared with a small pure model's prediction. After every command
 * the emulator's `tokenStatus` of every token issued so far must be the
 * model's: tokens issued before a revoke or delete are revoked, later ones
 * active, and every token expires at its `expiresOn`.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Client from "@effect-acs/identity/CommunicationIdentityClient"
import type { IdentityError } from "@effect-acs/identity/IdentityError"
import * as Emulator from "@effect-acs/identity-emulator/Emulator"
import * as EmulatorHttpClient from "@effect-acs/identity-emulator/EmulatorHttpClient"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import { type Command, fixed, Model, NEW, type Outcome, sequences, shape, type Target } from "./model.js"
import { inProcess, isUserOf, start } from "./utils.js"

// ---------------------------------------------------------------------------
// running a command through the client

const failure = (error: IdentityError): Outcome =>
  error._tag === "ServiceError"
    ? { ok: false, status: error.status, code: error.code }
    : error._tag === "InvalidInput"
    ? { ok: false, invalidInput: error.field }
    : { ok: false, status: -1, code: `${error._tag}: ${error.message}` }

const execute = (client: Client.CommunicationIdentityClient.Service, model: Model, command: Command) => {
  type Ran = { readonly outcome: Outcome; readonly id?: string; readonly token?: string }
  const run = <A>(effect: Effect.Effect<A, IdentityError>, f: (a: A) => Ran) =>
    Effect.match(effect, { onFailure: (error): Ran => ({ outcome: failure(error) }), onSuccess: f })
  const minutes = (m: number | undefined) => m === undefined ? {} : { expiresInMinutes: m }
  const customId = (c: string | undefined) => c === undefined ? {} : { customId: c }
  const user = (target: Target): Client.CommunicationUser => ({ communicationUserId: model.resolve(target).id })
  switch (command.op) {
    case "create":
      return run(client.createUser(customId(command.customId)), (created) => ({
        outcome: { ok: true, user: model.label(created.communicationUserId) },
        id: created.communicationUserId
      }))
    case "createWithToken":
      return run(
        client.createUserAndToken(command.scopes, { ...minutes(command.minutes), ...customId(command.customId) }),
        (created) => ({
          outcome: {
            ok: true,
            user: model.label(created.user.communicationUserId),
            token: shape(Redacted.value(created.token), created.expiresOn, created.user.communicationUserId)
          },
          id: created.user.communicationUserId,
          token: Redacted.value(created.token)
        })
      )
    case "issue": {
      const target = user(command.target)
      return run(client.getToken(target, command.scopes, minutes(command.minutes)), (issued) => ({
        outcome: { ok: true, token: shape(Redacted.value(issued.token), issued.expiresOn, target.communicationUserId) },
        token: Redacted.value(issued.token)
      }))
    }
    case "revoke":
      return run(client.revokeTokens(user(command.target)), (): Ran => ({ outcome: { ok: true } }))
    case "delete":
      return run(client.deleteUser(user(command.target)), (): Ran => ({ outcome: { ok: true } }))
    case "get":
      return run(client.getUser(user(command.target)), (detail): Ran => ({
        outcome: {
          ok: true,
          user: model.label(detail.user.communicationUserId),
          detail: { customId: detail.customId, lastTokenIssuedAt: detail.lastTokenIssuedAt?.getTime() }
        }
      }))
    case "advance":
      return Effect.as(TestClock.adjust(`${command.minutes} minutes`), { outcome: { ok: true } } as Ran)
  }
}

const describeCommand = (command: Command) => JSON.stringify(command)

/** Runs a sequence against a fresh emulator, checking every step against the model. */
const check = (commands: ReadonlyArray<Command>) =>
  Effect.gen(function*() {
    yield* TestClock.setTime(start)
    const emulator = yield* Emulator.Emulator
    const client = yield* Client.make({
      connectionString: emulator.connectionString(EmulatorHttpClient.endpoint),
      apiVersion: "2025-03-02-preview",
      retry: { maxRetries: 0 }
    })
    const model = new Model(emulator.resourceId)
    for (const [step, command] of commands.entries()) {
      const at = `step ${step}: ${describeCommand(command)}`
      const predicted = model.predict(command)
      const ran = yield* execute(client, model, command)
      expect(ran.outcome, at).toEqual(predicted)
      if (ran.outcome.ok && ran.outcome.user === NEW) {
        // a new identity has a fresh id of this resource
        expect(isUserOf(emulator.resourceId, ran.id!), at).toBe(true)
      }
      model.apply(command, ran.outcome, ran)
      expect(yield* Effect.forEach(model.tokens, (token) => emulator.tokenStatus(token.token)), at).toEqual(
        model.tokens.map((token) => model.status(token))
      )
    }
    const stats = yield* emulator.stats
    expect(stats.requests).toEqual(model.requests)
    expect(stats.identitiesCreated).toBe(model.identitiesCreated)
    expect(stats.tokensIssued).toBe(model.tokensIssued)
    return model
  })

describe("model-based: the Effect client against the in-process emulator", () => {
  it.effect.prop(
    "random command sequences agree with the model (outcomes and token statuses)",
    [sequences],
    ([commands]) => Effect.asVoid(Effect.provide(check(commands), inProcess())),
    { fastCheck: { numRuns: 50 } }
  )

  it.effect("a fixed sequence: revoke and delete revoke earlier tokens only; tokens expire; customIds come back after delete", () =>
    Effect.gen(function*() {
      const model = yield* check(fixed)
      // the sequence is what it claims to be: two identities, four tokens, all of them expired in the end
      expect(model.users.map((user) => [user.customId, user.deleted])).toEqual([["alice", true], ["alice", false]])
      expect(model.tokens.map((token) => model.status(token))).toEqual(["expired", "expired", "expired", "expired"])
    }).pipe(Effect.provide(inProcess())))
})
