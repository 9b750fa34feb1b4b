/**
 * The tampering scenarios (tampering.ts) with the Effect 3 core's
 * `Signing.sign` over `NodeCrypto`, on the test's `TestClock`.
 */
import * as ConnectionString from "@effect-acs/identity/ConnectionString"
import { Crypto } from "@effect-acs/identity/Crypto"
import * as Signing from "@effect-acs/identity/Signing"
import * as NodeCrypto from "@effect-acs/identity-node/NodeCrypto"
import { describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import { scenarios, type TamperLine } from "./tampering.js"

/** The Effect 3 signer and `clock`, the test's TestClock. */
const effect3 = (clock: TestClock.TestClock): TamperLine => ({
  sign: (key, request) =>
    Effect.runPromise(
      Effect.flatMap(
        Effect.orDie(Effect.flatMap(ConnectionString.decodeAccessKey(Redacted.make(key)), NodeCrypto.make.hmacKey)),
        (hmacKey) => Signing.sign(hmacKey, request)
      ).pipe(Effect.provideService(Crypto, NodeCrypto.make))
    ),
  now: () => clock.unsafeCurrentTimeMillis(),
  setTime: (millis) => Effect.runPromise(clock.setTime(millis)),
  adjust: (millis) => Effect.runPromise(clock.adjust(millis))
})

describe("tampering with a signed request", () => {
  for (const scenario of scenarios) {
    it.effect(
      scenario.name,
      () => TestClock.testClockWith((clock) => Effect.promise(() => scenario.run(effect3(clock))))
    )
  }
})
