/**
 * Test scripts as child processes: the emulator CLI, the browser example server.
 */
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import type * as Scope from "effect/Scope"
import * as ChildProcess from "node:child_process"
import * as Path from "node:path"

/** The repository root. */
const root = Path.join(import.meta.dirname, "../../../..")

/** A child process, killed with the scope if still running. */
export interface Child {
  readonly process: ChildProcess.ChildProcess
  readonly stdout: () => string
  readonly stderr: () => string
  /** The exit code, within 30 s. */
  readonly exited: Effect.Effect<number | null, Error>
}

/**
 * Runs `<script> <args>` as `tsx --conditions=@effect-acs/source` does, from
 * the repository root, in one process (`node --import tsx`), so that signals
 * reach the script itself and a kill leaves no orphan behind.
 */
export const spawnScript = (
  script: string,
  args: ReadonlyArray<string> = [],
  env: Record<string, string> = {}
): Effect.Effect<Child, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.sync((): Child => {
      const child = ChildProcess.spawn(
        process.execPath,
        ["--import", "tsx", "--conditions=@effect-acs/source", script, ...args],
        { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] }
      )
      let stdout = ""
      let stderr = ""
      child.stdout!.on("data", (chunk: Buffer) => stdout += chunk.toString("utf8"))
      child.stderr!.on("data", (chunk: Buffer) => stderr += chunk.toString("utf8"))
      const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)))
      return {
        process: child,
        stdout: () => stdout,
        stderr: () => stderr,
        exited: Effect.promise(() => exit).pipe(
          Effect.timeoutFail({
            duration: "30 seconds",
            onTimeout: () => new Error(`${script} did not exit within 30 s`)
          })
        )
      }
    }),
    (child) => Effect.sync(() => child.process.exitCode === null && child.process.kill("SIGKILL"))
  )

/** The first stdout line, polled every 50 ms for at most `seconds`. */
export const firstLine = (child: Child, seconds = 30): Effect.Effect<string, Error> =>
  Effect.suspend(() => {
    const text = child.stdout()
    return text.includes("\n") ? Effect.succeed(text.slice(0, text.indexOf("\n"))) : Effect.fail("not yet")
  }).pipe(
    Effect.retry({ schedule: Schedule.spaced("50 millis"), times: seconds * 20 }),
    Effect.catchAll(() => Effect.fail(new Error(`no line on stdout; stderr: ${child.stderr()}`)))
  )
