#!/usr/bin/env node
/**
 * The emulator CLI:
 *
 * ```sh
 * npx @effect-acs/identity-emulator [--port 0] [--host 127.0.0.1] [--access-key <base64>] [--state <file>] [--auth hmac|bearer|any] [--page-size <n>]
 * ```
 *
 * Once listening it prints exactly one line to stdout,
 * `ACS_CONNECTION_STRING=endpoint=http://<host>:<port>/;accesskey=<key>`,
 * then on stderr that the official client and the drop-in need
 * `{ allowInsecureConnection: true }` for it (the endpoint is plain http),
 * and one line per request (method, path, status, duration;
 * never a key or a token). SIGINT or SIGTERM stops it with exit code 0; bad
 * arguments print the usage to stderr and exit with code 2; other failures
 * exit with code 1. Only loopback hosts are accepted.
 *
 * @since 0.1.0
 */
import * as ConnectionString from "@effect-acs/identity/ConnectionString"
import * as NodeCrypto from "@effect-acs/identity-node/NodeCrypto"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { parseArgs } from "node:util"
import * as Emulator from "./Emulator.js"
import * as EmulatorServer from "./EmulatorServer.js"

const usage =
  "Usage: identity-emulator [--port <port>] [--host <loopback host>] [--access-key <base64>] [--state <file>] [--auth hmac|bearer|any] [--page-size <n>]\n" +
  "  --port        port to listen on; 0 (default) picks a free one\n" +
  "  --host        127.0.0.1 (default), ::1 or localhost\n" +
  "  --access-key  the resource's access key; default: the state file's, else random\n" +
  "  --state       JSON file to keep identities in across restarts\n" +
  "  --auth        hmac (default), bearer or any\n" +
  "  --page-size   the most Entra assignments a listed page has (then a nextLink); default: all in one page\n" +
  "  --help        prints this and exits\n" +
  "Prints one line, ACS_CONNECTION_STRING=..., once listening; SIGINT or SIGTERM stops it.\n" +
  "Its endpoint is plain http on loopback: the official client needs { allowInsecureConnection: true } for it.\n"

function badArguments(message: string): never {
  process.stderr.write(`${message}\n${usage}`)
  process.exit(2)
}

const parsed = (() => {
  try {
    return parseArgs({
      options: {
        port: { type: "string" },
        host: { type: "string" },
        "access-key": { type: "string" },
        state: { type: "string" },
        auth: { type: "string" },
        "page-size": { type: "string" },
        help: { type: "boolean" }
      },
      strict: true,
      allowPositionals: false
    }).values
  } catch (error) {
    return badArguments(error instanceof Error ? error.message : String(error))
  }
})()

if (parsed.help === true) {
  process.stdout.write(usage)
  process.exit(0)
}

const port = parsed.port === undefined ? 0 : /^\d{1,5}$/.test(parsed.port) ? Number(parsed.port) : NaN
if (!(port >= 0 && port <= 65535)) badArguments("--port must be an integer from 0 to 65535")
const host = parsed.host ?? "127.0.0.1"
if (!EmulatorServer.isLoopback(host)) badArguments(`--host must be a loopback host, not ${host}`)
const auth = parsed.auth ?? "hmac"
if (auth !== "hmac" && auth !== "bearer" && auth !== "any") badArguments("--auth must be hmac, bearer or any")
const accessKey = parsed["access-key"] === undefined ? undefined : Redacted.make(parsed["access-key"])
if (accessKey !== undefined && Either.isLeft(ConnectionString.decodeAccessKey(accessKey, "--access-key"))) {
  badArguments("--access-key must be non-empty canonical base64")
}

const pageSize = parsed["page-size"] === undefined ? undefined : Number(parsed["page-size"])
if (pageSize !== undefined && !(/^\d{1,9}$/.test(parsed["page-size"]!) && pageSize > 0)) {
  badArguments("--page-size must be a positive integer")
}

const program = Effect.gen(function*() {
  const served = yield* EmulatorServer.serve({ port, host })
  process.stdout.write(`ACS_CONNECTION_STRING=${Redacted.value(served.connectionString)}\n`)
  yield* Effect.logInfo(
    `Identity emulator listening on ${served.url} (plain http: pass { allowInsecureConnection: true } to ` +
      "the official @azure/communication-identity client or the drop-in CommunicationIdentityClient)"
  )
  return yield* Effect.never
}).pipe(
  Effect.scoped,
  Effect.provide(
    Emulator.layer({
      auth,
      log: true,
      ...(accessKey !== undefined && { accessKey }),
      ...(parsed.state !== undefined && { statePath: parsed.state }),
      ...(pageSize !== undefined && { pageSize })
    }).pipe(Layer.provide(NodeCrypto.layer))
  ),
  Effect.provide(Logger.replace(Logger.defaultLogger, Logger.withConsoleError(Logger.logfmtLogger)))
)

const fiber = Effect.runFork(program)
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => fiber.unsafeInterruptAsFork(fiber.id()))
}
fiber.addObserver((exit) => {
  if (Exit.isSuccess(exit) || Exit.isInterrupted(exit)) process.exit(0)
  const failure = Option.getOrUndefined(Cause.failureOption(exit.cause))
  if (failure?._tag === "EmulatorError" && failure.reason === "InvalidOptions") badArguments(failure.message)
  process.stderr.write(`${failure?.message ?? Cause.pretty(exit.cause)}\n`)
  process.exit(1)
})
