/**
 * The model-based suite of the root (test/model/model.ts: the commands and
 * the model) on the Effect 4 client: random bounded sequences against a fresh
 * in-process emulator whose clock is this test's `TestClock` time, each
 * outcome compared with the model's prediction, and after every command the
 * emulator's status of every token issued so far with the model's.
 */
import * as Client from "@effect-acs/identity-effect4/CommunicationIdentityClient"
import type { IdentityError } from "@effect-acs/identity-effect4/IdentityError"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/testing/TestClock"
import {
  type Command,
  fixed,
  forSequences,
  Model,
  NEW,
  type Outcome,
  shape,
  type Target
} from "../../../../test/model/model.js"
import { isUserOf, start } from "../../../../test/model/utils.js"
import * as Clocked from "../clocked.js"

const resourceId = "0b6f1f0e-2a4c-4d8e-9f3a-7c5e1d2b4a6f"

const failure = (error: IdentityError): Outcome =>
  error._tag === "ServiceError"
    ? { ok: false, status: error.status, code: error.code }
    : error._tag === "InvalidInput"
    ? { ok: false, invalidInput: error.field }
    : { ok: false, status: -1, code: `${error._tag}: ${error.message}` }

type Ran = { readonly outcome: Outcome; readonly id?: string; readonly token?: string }

/** Runs one command through the client (`advance` moves the clock both sides read). */
const execute = (
  client: Client.CommunicationIdentityClient.Service,
  model: Model,
  command: Command
): Effect.Effect<Ran> => {
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
      return Effect.as(TestClock.adjust(`${command.minutes} minutes`), { outcome: { ok: true } })
  }
}

/** Runs a sequence against a fresh emulator (reading the `TestClock`'s time), checking every step against the model. */
const check = (commands: ReadonlyArray<Command>) =>
  Effect.gen(function*() {
    yield* TestClock.setTime(start)
    const emulator = yield* Clocked.emulator({ resourceId })
    const client = yield* Effect.orDie(
      Clocked.client(emulator, { apiVersion: "2025-03-02-preview", retry: { maxRetries: 0 } })
    )
    const model = new Model(resourceId)
    for (const [step, command] of commands.entries()) {
      const at = `step ${step}: ${JSON.stringify(command)}`
      const predicted = model.predict(command)
      const ran = yield* execute(client, model, command)
      expect(ran.outcome, at).toEqual(predicted)
      // a new identity has a fresh id of this resource
      if (ran.outcome.ok && ran.outcome.user === NEW) expect(isUserOf(resourceId, ran.id!), at).toBe(true)
      model.apply(command, ran.outcome, ran)
      const statuses = yield* Effect.promise(() =>
        Promise.all(model.tokens.map((token) => emulator.tokenStatus(token.token)))
      )
      expect(statuses, at).toEqual(model.tokens.map((token) => model.status(token)))
    }
    const stats = yield* Effect.promise(() => emulator.stats())
    expect(stats.requests).toEqual(model.requests)
    expect(stats.identitiesCreated).toBe(model.identitiesCreated)
    expect(stats.tokensIssued).toBe(model.tokensIssued)
    return model
  })

describe("model-based: the Effect 4 client against the in-process emulator", () => {
  it.effect("random command sequences agree with the model (outcomes and token statuses)", () =>
    Effect.promise(() =>
      forSequences(
        50,
        (commands) => Effect.runPromise(Effect.scoped(check(commands)).pipe(Effect.provide(TestClock.layer())))
      )
    ))

  it.effect("the fixed sequence: revoke and delete revoke earlier tokens only; tokens expire; customIds come back after delete", () =>
    Effect.gen(function*() {
      const model = yield* check(fixed)
      expect(model.users.map((user) => [user.customId, user.deleted])).toEqual([["alice", true], ["alice", false]])
      expect(model.tokens.map((token) => model.status(token))).toEqual(["expired", "expired", "expired", "expired"])
    }))
})
