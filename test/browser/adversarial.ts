/**
 * Adversarial defects 2, 3 and 8 of `test/adversarial` inside Chromium, through
 * either line's browser package (`BrowserIdentityClient` on the fetch
 * transport, no retries; Adversarial.test.ts runs them on this line's page,
 * packages/effect4/test/browser on the Effect 4 line's) against loopback
 * servers that any origin may call:
 *
 * - (2) an error body of about a megabyte of repeated `eyJ` (quadratic for a
 *   backtracking JWT pattern) is redacted in one linear pass: a ServiceError,
 *   with no token in its message (a call taking minutes would fail the test's
 *   own 30 s limit; nothing here measures time);
 * - (3) an error envelope whose `innererror` chain is 20,000 levels deep is a
 *   plain ServiceError with the outer code, not a RangeError;
 * - (8) control characters in a bearer token or an access key: CredentialError
 *   or InvalidInput, with no token or key in any rendering, and nothing sent.
 */
import * as Redaction from "@effect-acs/identity-protocol/Redaction"
import { assert } from "@effect/vitest"
import * as Effect from "effect/Effect"
import type * as Http from "node:http"
import { nested } from "../../packages/protocol/test/shared/Redaction.js"
import * as Harness from "./harness.js"
import type { HostileInput, HostileResult } from "./protocol.js"
import type { Scenario } from "./scenarios.js"

/** The transport's default response limit: the hostile bodies stay just under it, so that they are read. */
const maxResponseBytes = 1024 * 1024

/** An access key no other test shares. */
const key = Buffer.from("browser-adversarial-key-0123456789").toString("base64")

/** A JWT-shaped token. */
const token = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJicm93c2VyIn0.c2lnbmF0dXJlLWluLWEtYnJvd3Nlcg"

/**
 * Whether `text` holds a JWT-shaped run: `eyJ`, then two dots, in one run of
 * `[\w.-]`. Linear, where the regular expression `eyJ[\w-]*\.[\w-]*\.[\w-]*`
 * takes minutes on a megabyte of `eyJ`.
 */
const hasToken = (text: string): boolean =>
  text.split(/[^\w.-]+/).some((run) => {
    const start = run.indexOf("eyJ")
    return start >= 0 && run.slice(start).split(".").length >= 3
  })

/** `eyJ` repeated to `bytes` minus `reserve`. */
const eyJ = (reserve: number) => "eyJ".repeat(Math.floor((maxResponseBytes - 1024 - reserve) / 3))

const answer = (body: string, contentType: string): Http.RequestListener => (_request, response) => {
  response.writeHead(400, { "content-type": contentType }).end(body)
}

/** No rendering of the error holds a secret, nor its first 12 characters. */
const noSecrets = (result: HostileResult, secrets: ReadonlyArray<string>) => {
  assert.isAtLeast(result.renderings.length, 3)
  for (const text of [result.failure.message, ...result.renderings]) {
    for (const secret of secrets) assert.notInclude(text, secret.slice(0, 12), `a secret in: ${text.slice(0, 300)}`)
  }
}

/** The adversarial scenarios on a suite page. */
export const scenarios: ReadonlyArray<Scenario> = [
  {
    name: "(2) a megabyte of repeated eyJ in an error body is redacted at once: a ServiceError, no token in it",
    run: Effect.gen(function*() {
      const tab = yield* Harness.openSuitePage
      const bodies: ReadonlyArray<readonly [string, string, string, ReadonlyArray<string>, boolean]> = [
        // [what, body, content type, tokens that must not appear, whether a token was redacted]
        ["plain repetition (no token in it)", eyJ(0), "text/plain", [], false],
        ["a token, then the repetition", `${token} ${eyJ(token.length + 1)}`, "text/plain", [token], true],
        // a token-shaped run of 60 KB (within the 64 KiB of a body that is inspected), then the repetition
        ["a 60 KB token, then the repetition", `${"eyJ".repeat(20_000)}.x.y ${eyJ(60_005)}`, "text/plain", [], true],
        [
          "an envelope whose message is a token and the repetition",
          JSON.stringify({ error: { code: "Hostile", message: `${token} ${eyJ(token.length + 100)}` } }),
          "application/json",
          [token],
          true
        ]
      ]
      for (const [what, body, contentType, tokens, redacted] of bodies) {
        assert.isAbove(body.length, 1000 * 1000, what)
        assert.isBelow(body.length, maxResponseBytes, what)
        const server = yield* Harness.corsServer(answer(body, contentType))
        const result = yield* Harness.call(tab, "hostile", { endpoint: server.url, auth: { connectionStringKey: key } })
        assert.strictEqual(result.failure.name, "ServiceError", `${what}: ${result.failure.message}`)
        assert.strictEqual(result.failure.status, 400, what)
        // a text body is cut to 200 characters; an envelope's message is kept whole (redacted)
        if (contentType === "text/plain") assert.isAtMost(result.failure.message.length, 200, what)
        assert.isFalse(hasToken(result.failure.message), `${what}: a token in the message`)
        noSecrets(result, [key, ...tokens])
        if (redacted) assert.isTrue(result.failure.message.startsWith(`${Redaction.placeholder} `), what)
        if (contentType === "application/json") assert.strictEqual(result.failure.code, "Hostile")
      }
      assert.deepStrictEqual(tab.errors, [])
    })
  },
  {
    name: "(3) an envelope nested 20,000 levels deep is a ServiceError with its code, never a RangeError",
    run: Effect.gen(function*() {
      const tab = yield* Harness.openSuitePage
      const body = nested(20_000)
      assert.isBelow(body.length, maxResponseBytes)
      const server = yield* Harness.corsServer(answer(body, "application/json"))
      const result = yield* Harness.call(tab, "hostile", { endpoint: server.url, auth: { connectionStringKey: key } })
      assert.deepInclude(result.failure, { name: "ServiceError", status: 400, code: "C19999" })
      for (const text of [result.failure.message, ...result.renderings]) {
        assert.notMatch(text, /RangeError|Maximum call stack/)
      }
      noSecrets(result, [key])
      assert.deepStrictEqual(tab.errors, [])
    })
  },
  {
    name: "(8) control characters in a bearer token or a key: CredentialError or InvalidInput without it, nothing sent",
    run: Effect.gen(function*() {
      const tab = yield* Harness.openSuitePage
      // a server that would answer, so that only the credential can stop the call
      const server = yield* Harness.corsServer((_request, response) => {
        response.writeHead(204).end()
      })
      const cases: ReadonlyArray<readonly [HostileInput["auth"], string | undefined, string, string]> = [
        // [auth, Teams extension token, expected error, the secret]
        [{ bearer: `${token}\r\nX-Injected: 1` }, undefined, "CredentialError", token],
        [{ bearer: `${token}\u0000` }, undefined, "CredentialError", token],
        [{ bearer: `${token}\n` }, undefined, "CredentialError", token],
        [{ connectionStringKey: `${key}\r\nX-Injected: 1` }, undefined, "InvalidInput", key],
        [{ connectionStringKey: `${key.slice(0, 12)}\u0000${key.slice(12)}` }, undefined, "InvalidInput", key],
        [{ key: `${key}\r\n` }, undefined, "InvalidInput", key],
        [{ key: `${key.slice(0, 12)}\u0001${key.slice(12)}` }, undefined, "InvalidInput", key],
        [{ key }, `${token}\r\n`, "InvalidInput", token],
        [{ key }, `${token}\u0000x`, "InvalidInput", token],
        [{ key }, `${token}\u2028`, "InvalidInput", token]
      ]
      for (const [auth, teamsExtensionToken, name, secret] of cases) {
        const what = JSON.stringify({ auth, teamsExtensionToken })
        const result = yield* Harness.call(tab, "hostile", {
          endpoint: server.url,
          auth,
          ...(teamsExtensionToken !== undefined && { teamsExtensionToken })
        })
        assert.strictEqual(result.failure.name, name, `${what}: ${result.failure.message}`)
        noSecrets(result, [secret, key])
      }
      assert.strictEqual(server.requests(), 0, "a request (or a preflight) was sent")
      assert.isFalse(tab.requests.some((request) => request.url().startsWith(server.url)), "Chromium sent a request")
      assert.deepStrictEqual(tab.errors, [])
    })
  }
]
