/**
 * The root tampering scenarios (test/model/tampering.ts) with the Effect 4
 * core's `Signing.sign` over its `NodeCrypto`, on the test's Effect 4
 * `TestClock`: the emulator's verifier accepts what the Effect 4 signer signs,
 * and denies any single change to it.
 */
import * as ConnectionString from "@effect-acs/identity-effect4/ConnectionString"
import { Crypto } from "@effect-acs/identity-effect4/Crypto"
import * as Signing from "@effect-acs/identity-effect4/Signing"
import * as NodeCrypto from "@effect-acs/identity-effect4-node/NodeCrypto"
import { describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import * as TestClock from "effect/testing/TestClock"
import { scenarios, type TamperLine } from "../../../../test/model/tampering.js"

/** The Effect 4 signer and `clock`, the test's TestClock. */
const effect4 = (clock: TestClock.TestClock): TamperLine => ({
  sign: (key, request) =>
    Effect.runPromise(
      Effect.flatMap(
        Effect.orDie(NodeCrypto.make.hmacKey(Result.getOrThrow(ConnectionString.decodeAccessKey(Redacted.make(key))))),
        (hmacKey) => Signing.sign(hmacKey, request)
      ).pipe(Effect.provideService(Crypto, NodeCrypto.make))
    ),
  now: () => clock.currentTimeMillisUnsafe(),
  setTime: (millis) => Effect.runPromise(clock.setTime(millis)),
  adjust: (millis) => Effect.runPromise(clock.adjust(millis))
})

describe("tampering with a signed request (the Effect 4 signer)", () => {
  for (const scenario of scenarios) {
    it.effect(
      scenario.name,
      () => TestClock.testClockWith((clock) => Effect.promise(() => scenario.run(effect4(clock))))
    )
  }
})
