import { describe, expect, it } from "@effect/vitest"
import * as CommunicationIdentityClient from "@effect-acs/identity/CommunicationIdentityClient"
import * as NodeCrypto from "@effect-acs/identity-node/NodeCrypto"
import * as NodeHttpClient from "@effect-acs/identity-node/NodeHttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { firstLine, spawnScript } from "../../core/test/utils/child.js"

const root = Path.join(import.meta.dirname, "../../..")
const bin = Path.join(root, "packages/emulator/src/bin.ts")
const linePattern = /^ACS_CONNECTION_STRING=endpoint=http:\/\/127\.0\.0\.1:(\d+)\/;accesskey=(\S+)$/

/** Starts the CLI; it is killed with the scope if still running. */
const spawn = (args: ReadonlyArray<string>) => spawnScript(bin, args)

describe("CLI", () => {
  it.live(
    "prints one connection-string line, serves, logs requests to stderr and exits 0 on SIGTERM",
    () =>
      Effect.gen(function*() {
        const key = Buffer.alloc(64, 3).toString("base64")
        const cli = yield* spawn(["--port", "0", "--access-key", key, "--page-size", "2"])
        const line = yield* firstLine(cli)
        const match = linePattern.exec(line)
        expect(match?.[2]).toBe(key)
        const client = yield* CommunicationIdentityClient.make({
          connectionString: line.slice("ACS_CONNECTION_STRING=".length)
        })
        const { token, user } = yield* client.createUserAndToken(["chat"])
        yield* client.deleteUser(user)
        cli.process.kill("SIGTERM")
        expect(yield* cli.exited).toBe(0)
        expect(cli.stdout()).toBe(`${line}\n`)
        const log = cli.stderr()
        expect(log).toMatch(/POST \/identities 201 \d+ms/)
        expect(log).toMatch(/DELETE \/identities\/8%3Aacs%3A\S+ 204 \d+ms/)
        expect(log).not.toContain(key)
        expect(log).not.toContain(Redacted.value(token))
      }).pipe(
        Effect.scoped,
        Effect.provide(Layer.mergeAll(NodeHttpClient.layer(), NodeCrypto.layer))
      ),
    60_000
  )

  it.live("keeps identities across restarts with --state and exits 0 on SIGINT", () =>
    Effect.gen(function*() {
      const dir = yield* Effect.acquireRelease(
        Effect.sync(() => Fs.mkdtempSync(Path.join(Os.tmpdir(), "acs-emulator-cli-"))),
        (dir) => Effect.sync(() => Fs.rmSync(dir, { recursive: true, force: true }))
      )
      const state = Path.join(dir, "state.json")
      const run = (customId: string) =>
        Effect.gen(function*() {
          const cli = yield* spawn(["--port", "0", "--state", state])
          const line = yield* firstLine(cli)
          const client = yield* CommunicationIdentityClient.make({
            connectionString: line.slice("ACS_CONNECTION_STRING=".length),
            apiVersion: "2025-03-02-preview"
          })
          const user = yield* client.createUser({ customId })
          cli.process.kill("SIGINT")
          expect(yield* cli.exited).toBe(0)
          return { user, key: linePattern.exec(line)?.[2] }
        }).pipe(Effect.scoped)
      const first = yield* run("erin")
      const second = yield* run("erin")
      expect(second).toEqual(first)
    }).pipe(Effect.scoped, Effect.provide(Layer.mergeAll(NodeHttpClient.layer(), NodeCrypto.layer))), 60_000)

  it.live("bad arguments: usage on stderr, nothing on stdout, exit code 2", () =>
    Effect.forEach(
      [
        ["--port", "abc"],
        ["--port", "70000"],
        ["--host", "0.0.0.0"],
        ["--auth", "basic"],
        ["--access-key", "not base64!"],
        ["--page-size", "0"],
        ["--page-size", "two"],
        ["--unknown"],
        ["positional"]
      ],
      (args) =>
        Effect.gen(function*() {
          const cli = yield* spawn(args)
          expect([args, yield* cli.exited]).toEqual([args, 2])
          expect(cli.stdout()).toBe("")
          expect(cli.stderr()).toContain("Usage: identity-emulator")
        }).pipe(Effect.scoped),
      { concurrency: 2 }
    ), 120_000)
})
