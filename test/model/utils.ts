import * as NodeCrypto from "@effect-acs/identity-node/NodeCrypto"
import * as Emulator from "@effect-acs/identity-emulator/Emulator"
import * as EmulatorHttpClient from "@effect-acs/identity-emulator/EmulatorHttpClient"
import * as Layer from "effect/Layer"

/** A fresh emulator with the in-process `HttpClient` and `Crypto`. */
export const inProcess = (options: Emulator.Options = {}) =>
  EmulatorHttpClient.layer.pipe(Layer.provideMerge(Emulator.layer(options)), Layer.provideMerge(NodeCrypto.layer))

/** A whole-second start time for `TestClock`. */
export const start = Date.UTC(2026, 0, 15, 12, 0, 0)

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** Whether `id` is `8:acs:<resourceId>_<uuid>`. */
export const isUserOf = (resourceId: string, id: string) =>
  id.startsWith(`8:acs:${resourceId}_`) && uuid.test(id.slice(`8:acs:${resourceId}_`.length))
