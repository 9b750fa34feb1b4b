/**
 * What survives young-generation GCs (README, Performance): the heap's growth
 * across three minor GCs after 1,000 calls, per call, for
 *   client   this library's `createUserAndToken` over an in-process transport
 *   async    `Effect.async` resuming at once, run by `Effect.runPromise`
 *   promise  the same loop over Promises
 * each in three fresh processes (whether anything is kept varies per process).
 *
 *   npm run bench:retention
 */
import * as CommunicationIdentityClient from "@effect-acs/identity/CommunicationIdentityClient"
import * as Transport from "@effect-acs/identity/Transport"
import * as NodeCrypto from "@effect-acs/identity-node/NodeCrypto"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { execFileSync } from "node:child_process"
import { fileURLToPath } from "node:url"

const variants = ["client", "async", "promise"] as const
const calls = 1000
const processes = 3

/** One call of each variant, as a Promise. */
const setup = async (variant: (typeof variants)[number]): Promise<() => Promise<unknown>> => {
  switch (variant) {
    case "client": {
      const text = JSON.stringify({
        identity: { id: `8:acs:${crypto.randomUUID()}_${crypto.randomUUID()}` },
        accessToken: { token: `eyJ${"a".repeat(400)}.e30.sig`, expiresOn: "2026-11-30T03:00:00.123Z" }
      })
      // answers on the next turn of the event loop, as a socket would
      const transport = Layer.succeed(Transport.Direct, {
        send: () =>
          Effect.async<Transport.Direct.Response>((resume) => {
            setImmediate(() => resume(Effect.succeed({ status: 201, header: () => undefined, text })))
          })
      })
      const runtime = ManagedRuntime.make(
        CommunicationIdentityClient.layerDirect({
          connectionString: `endpoint=https://example.communication.azure.com/;accesskey=${btoa("k".repeat(32))}`
        }).pipe(Layer.provide(Layer.merge(NodeCrypto.layer, transport)))
      )
      const client = await runtime.runPromise(CommunicationIdentityClient.CommunicationIdentityClient)
      return () => runtime.runPromise(client.createUserAndToken(["chat"]))
    }
    case "async":
      return () => Effect.runPromise(Effect.async<number>((resume) => resume(Effect.succeed(1))))
    case "promise":
      return () => new Promise((resolve) => resolve(1))
  }
}

/** Bytes per call still on the heap after three minor GCs. */
const measure = async (variant: (typeof variants)[number]) => {
  const gc = (globalThis as { gc?: (options?: { type: "minor" | "major" }) => void }).gc
  if (gc === undefined) throw new Error("run with node --expose-gc")
  const call = await setup(variant)
  const tick = () => new Promise((resolve) => setImmediate(resolve))
  for (let i = 0; i < 3 * calls; i++) await call()
  gc()
  await tick()
  const before = process.memoryUsage().heapUsed
  for (let i = 0; i < calls; i++) await call()
  for (let i = 0; i < 3; i++) {
    await tick()
    gc({ type: "minor" })
  }
  return (process.memoryUsage().heapUsed - before) / calls
}

const variant = variants.find((v) => v === process.argv[2])
if (variant !== undefined) {
  console.log(String(Math.round(await measure(variant))))
} else {
  console.log(`| variant | bytes per call kept through three minor GCs, ${processes} processes |\n|---|---|`)
  for (const v of variants) {
    const runs = Array.from({ length: processes }, () =>
      execFileSync(
        process.execPath,
        ["--expose-gc", "--conditions=@effect-acs/source", "--import", "tsx", fileURLToPath(import.meta.url), v],
        { encoding: "utf8", timeout: 120_000 }
      ).trim())
    console.log(`| ${v} | ${runs.join(", ")} |`)
  }
}
