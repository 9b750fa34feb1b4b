/**
 * The README's main job: run the quickstart lifecycle against the embedded
 * emulator on a free loopback port — or, when `ACS_CONNECTION_STRING` is set,
 * against that real Communication Services resource.
 *
 *   npm run demo
 */
import * as Emulator from "@effect-acs/identity-emulator/Emulator"
import * as EmulatorServer from "@effect-acs/identity-emulator/EmulatorServer"
import * as ApiVersion from "@effect-acs/identity/ApiVersion"
import * as ConnectionString from "@effect-acs/identity/ConnectionString"
import * as NodeCrypto from "@effect-acs/identity-node/NodeCrypto"
import * as NodeIdentityClient from "@effect-acs/identity-node/NodeIdentityClient"
import * as Config from "effect/Config"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import { quickstart } from "./quickstart.js"

const run = (connectionString: Redacted.Redacted<string>, where: string) =>
  Effect.gen(function*() {
    const endpoint = Either.match(ConnectionString.parse(connectionString), {
      onLeft: () => "(invalid connection string)",
      onRight: (cs) => cs.endpoint
    })
    yield* Console.log(`\nACS Identity quickstart — ${endpoint} (${where}), api-version ${ApiVersion.defaultVersion}\n`)
    yield* quickstart.pipe(Effect.provide(NodeIdentityClient.layer({ connectionString })))
    yield* Console.log("\nDone.")
  })

const program = Effect.gen(function*() {
  const external = yield* Config.option(Config.redacted("ACS_CONNECTION_STRING"))
  if (Option.isSome(external)) return yield* run(external.value, "ACS_CONNECTION_STRING")
  const served = yield* EmulatorServer.serve({ port: 0 })
  yield* run(served.connectionString, "embedded emulator")
}).pipe(Effect.scoped, Effect.provide(Emulator.layer()), Effect.provide(NodeCrypto.layer))

program.pipe(Effect.tapErrorCause(Effect.logError), Effect.runPromiseExit).then((exit) =>
  process.exit(exit._tag === "Success" ? 0 : 1)
)
