/**
 * The scenarios of `@azure/communication-common`'s Entra credential suite
 * (`test/public/node/entraCommunicationTokenCredential.spec.ts` in
 * azure-sdk-for-js), ported: every scenario runs against the official class
 * and against ours, with the same assertions, under both installations of
 * fake timers (with `shouldAdvanceTime`, since each scenario does real I/O).
 *
 * The official suite mocks the service with `nock`; here a loopback https
 * server (127.0.0.1, the throw-away certificate of `tls.setup.ts`) answers from
 * a list of expected requests, each matched by path, api-version and bearer
 * token — `isDone()` tells whether an expectation was used up, as nock's. The
 * scenarios that read the official class's private fields (its cached
 * result) observe the Entra credential and the requests instead.
 */
import { readFileSync } from "node:fs"
import { createServer, type Server } from "node:https"
import type { AddressInfo } from "node:net"
import { join } from "node:path"
import { afterAll, afterEach, assert, beforeAll, beforeEach, describe, expect, it, vi } from "vitest"
import { type Clock, classes, installs } from "./credentialHarness.js"
import { tlsDirVariable } from "./tls.setup.js"

const entraToken = "entraToken"
const newEntraToken = "newEntraToken"
const acsToken = "acsToken"
const communicationClientsEndpoint = "/access/entra/:exchangeAccessToken?api-version=2025-03-02-preview"
const communicationClientsScope = "https://communication.azure.com/clients/VoIP"
const teamsExtensionEndpoint = "/access/teamsExtension/:exchangeAccessToken?api-version=2025-06-30"
const teamsExtensionScope = "https://auth.msft.communication.azure.com/TeamsExtension.ManageCalls"
const teamsExtensionGcchScope = "https://auth.msft.communication.azure.us/TeamsExtension.ManageCalls"

// ---------------------------------------------------------------------------
// the service: expected requests, answered in order

interface Reply {
  readonly status: number
  readonly body: unknown
  readonly headers?: Record<string, string>
}

interface Expectation {
  readonly path: string
  readonly bearer: string
  readonly reply: Reply
  remaining: number
  /** Whether every expected request came. */
  isDone(): boolean
}

interface Received {
  readonly method: string
  readonly path: string
  readonly authorization: string | undefined
  readonly body: string
}

let server: Server
let resourceEndpoint: string
let expectations: Array<Expectation> = []
let received: Array<Received> = []

/** Expects `times` POSTs to `path` with `Bearer <bearer>`, answered with `reply`. */
const expectRequest = (path: string, bearer: string, reply: Reply, times = 1): Expectation => {
  const expectation: Expectation = {
    path,
    bearer,
    reply,
    remaining: times,
    isDone: () => expectation.remaining === 0
  }
  expectations.push(expectation)
  return expectation
}

const success = (path: string, bearer = entraToken, expiresOn = new Date(Date.now() + 60 * 60 * 1000)) =>
  expectRequest(path, bearer, {
    status: 200,
    body: { identity: "8:acs:resource_user", accessToken: { token: acsToken, expiresOn: expiresOn.toISOString() } }
  })

beforeAll(async () => {
  const dir = process.env[tlsDirVariable]
  if (dir === undefined) throw new Error(`${tlsDirVariable} is not set: run with the root vitest config (tls.setup.ts)`)
  server = createServer({ key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) })
  server.on("request", (request, response) => {
    const chunks: Array<Buffer> = []
    request.on("data", (chunk: Buffer) => chunks.push(chunk))
    request.on("end", () => {
      const path = request.url ?? ""
      const authorization = request.headers.authorization
      received.push({ method: request.method ?? "", path, authorization, body: Buffer.concat(chunks).toString() })
      const expectation = expectations.find((candidate) =>
        candidate.remaining > 0 && request.method === "POST" && candidate.path === path &&
        authorization === `Bearer ${candidate.bearer}`
      )
      if (expectation === undefined) {
        response.writeHead(404, { "content-type": "application/json" })
        response.end(JSON.stringify({ error: "No expectation matches this request" }))
        return
      }
      expectation.remaining--
      response.writeHead(expectation.reply.status, { "content-type": "application/json", ...expectation.reply.headers })
      response.end(JSON.stringify(expectation.reply.body))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  resourceEndpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

// ---------------------------------------------------------------------------

/** An Entra credential that always returns `entraToken`; a spy records its calls. */
const makeTokenCredential = (token: () => string = () => entraToken) => ({
  getToken: vi.fn(async (_scopes: string | Array<string>, _options?: unknown) => ({
    token: token(),
    expiresOnTimestamp: Date.now() + 60 * 60 * 1000
  }))
})

describe.each(classes)("Entra AzureCommunicationTokenCredential: %s", (_, AzureCommunicationTokenCredential) => {
  /** The Entra form against the loopback service. */
  const connect = (scopes: Array<string> | undefined, tokenCredential = makeTokenCredential()) =>
    new AzureCommunicationTokenCredential({ resourceEndpoint, tokenCredential, ...(scopes ? { scopes } : {}) })

  describe.each(installs)("under %s", (_, install) => {
    let clock: Clock

    beforeEach(() => {
      expectations = []
      received = []
      clock = install({ shouldAdvanceTime: true })
    })
    afterEach(() => {
      clock.uninstall()
    })

    const routes = [
      { scopes: communicationClientsScope, endpoint: communicationClientsEndpoint },
      { scopes: teamsExtensionScope, endpoint: teamsExtensionEndpoint },
      { scopes: teamsExtensionGcchScope, endpoint: teamsExtensionEndpoint }
    ]

    describe.each(routes)("$scopes", ({ endpoint, scopes }) => {
      it("Token exchange is called when passing Entra credential", async () => {
        const apiMock = success(endpoint)
        const tokenCredential = makeTokenCredential()
        const credential = connect([scopes], tokenCredential)

        assert.strictEqual((await credential.getToken()).token, acsToken)
        for (const call of tokenCredential.getToken.mock.calls) assert.deepStrictEqual(call, [[scopes], undefined])
        expect(tokenCredential.getToken).toHaveBeenCalled()
        assert.isTrue(apiMock.isDone())
        // the request as the official client sends it
        const [request] = received
        assert.strictEqual(request?.method, "POST")
        assert.strictEqual(request?.body, "{}")
      })

      it("Token exchange is not called again when Entra token stays the same", async () => {
        let scope = success(endpoint)
        const credential = connect([scopes])
        assert.strictEqual((await credential.getToken()).token, acsToken)
        assert.isTrue(scope.isDone())

        scope = success(endpoint)
        assert.strictEqual((await credential.getToken()).token, acsToken)
        assert.isFalse(scope.isDone())
      })

      it("Token exchange gets called again when Entra token changes", async () => {
        let passNewToken = false
        const tokenCredential = makeTokenCredential(() => passNewToken ? newEntraToken : entraToken)
        let scope = success(endpoint)
        const credential = connect([scopes], tokenCredential)
        assert.strictEqual((await credential.getToken()).token, acsToken)
        assert.isTrue(scope.isDone())

        // not called again while the Entra token stays the same
        scope = success(endpoint)
        assert.strictEqual((await credential.getToken()).token, acsToken)
        assert.isFalse(scope.isDone())

        passNewToken = true
        scope = success(endpoint, newEntraToken)
        // called again when the Entra token changes
        assert.strictEqual((await credential.getToken()).token, acsToken)
        assert.isTrue(scope.isDone())
      })

      it("Token exchange gets called again when acs token expires", async () => {
        let scope = success(endpoint, entraToken, new Date(Date.now() - 60 * 1000))
        const credential = connect([scopes])
        assert.strictEqual((await credential.getToken()).token, acsToken)
        assert.isTrue(scope.isDone())

        scope = success(endpoint)
        assert.strictEqual((await credential.getToken()).token, acsToken)
        assert.isTrue(scope.isDone())
      })

      it("Retries when service is busy", async () => {
        const busy = expectRequest(endpoint, entraToken, {
          status: 503,
          body: { error: "Service Unavailable" },
          headers: { "Retry-After": "0" }
        })
        const succeeded = success(endpoint)
        const credential = connect([scopes])
        assert.strictEqual((await credential.getToken()).token, acsToken)
        assert.isTrue(busy.isDone())
        assert.isTrue(succeeded.isDone())
      })
    })

    it("Token exchange is called with default scopes when not passing scopes on AzureCommunicationTokenCredential", async () => {
      const scope = success(communicationClientsEndpoint)
      const tokenCredential = makeTokenCredential()
      const credential = connect(undefined, tokenCredential)
      assert.strictEqual((await credential.getToken()).token, acsToken)
      for (const call of tokenCredential.getToken.mock.calls) {
        assert.deepStrictEqual(call, [["https://communication.azure.com/clients/.default"], undefined])
      }
      expect(tokenCredential.getToken).toHaveBeenCalled()
      assert.isTrue(scope.isDone())
    })

    it("Respects abort signal: an already aborted one gets an empty token, no Entra call, no exchange", async () => {
      let scope = success(communicationClientsEndpoint)
      const tokenCredential = makeTokenCredential()
      const credential = connect([communicationClientsScope], tokenCredential)
      // the constructor starts the exchange at once (pre-warm)
      await credential.getToken()
      assert.isTrue(scope.isDone())
      tokenCredential.getToken.mockClear()
      scope = success(communicationClientsEndpoint)

      const abortController = new AbortController()
      abortController.abort()
      const tokenResult = (await credential.getToken({ abortSignal: abortController.signal })).token
      assert.strictEqual(tokenResult, "")
      expect(tokenCredential.getToken).not.toHaveBeenCalled()
      assert.isFalse(scope.isDone())
    })

    it("Continues when abort signal isn't aborted: the Entra credential gets it, and the exchange is sent", async () => {
      let passNewToken = false
      const tokenCredential = makeTokenCredential(() => passNewToken ? newEntraToken : entraToken)
      let scope = success(communicationClientsEndpoint)
      const credential = connect([communicationClientsScope], tokenCredential)
      await credential.getToken()
      assert.isTrue(scope.isDone())
      // a new Entra token forces a new exchange (the official suite clears the cache instead)
      passNewToken = true
      tokenCredential.getToken.mockClear()
      scope = success(communicationClientsEndpoint, newEntraToken)

      const abortController = new AbortController()
      const tokenResult = (await credential.getToken({ abortSignal: abortController.signal })).token
      assert.strictEqual(tokenResult, acsToken)
      expect(tokenCredential.getToken).toHaveBeenCalledExactlyOnceWith([communicationClientsScope], {
        abortSignal: abortController.signal
      })
      assert.isTrue(scope.isDone())
    })

    it("It retries only 3 times when service is busy", async () => {
      const busy = expectRequest(communicationClientsEndpoint, entraToken, {
        status: 503,
        body: { error: "Service Unavailable" },
        headers: { "Retry-After": "0" }
      }, 4)
      const succeeded = success(communicationClientsEndpoint)
      const credential = connect([communicationClientsScope])
      await expect(credential.getToken()).rejects.toThrow(
        "Service request failed. Status: 503, Body: {\"error\":\"Service Unavailable\"}"
      )
      assert.isTrue(busy.isDone())
      assert.isFalse(succeeded.isDone())
    })

    it("It returns error when tokenExchange fails", async () => {
      const failure = expectRequest(communicationClientsEndpoint, entraToken, {
        status: 401,
        body: { error: "Unauthorized" }
      })
      const succeeded = success(communicationClientsEndpoint)
      const credential = connect([communicationClientsScope])
      await expect(credential.getToken()).rejects.toThrow(
        "Service request failed. Status: 401, Body: {\"error\":\"Unauthorized\"}"
      )
      assert.isTrue(failure.isDone())
      assert.isFalse(succeeded.isDone())
    })

    it.each([
      ["empty", []],
      ["unrecognized", ["https://contoso.com/clients/unknown"]],
      ["mixed", [communicationClientsScope, teamsExtensionScope]]
    ])("It returns error when %s scopes provided, and sends nothing", async (_, scopes) => {
      const credential = connect(scopes)
      const succeeded = success(communicationClientsEndpoint)
      await expect(credential.getToken()).rejects.toThrow(
        "Scopes validation failed. Ensure all scopes start with one of https://auth.msft.communication.azure.com/, https://auth.msft.communication.azure.us/, https://communication.azure.com/clients/."
      )
      assert.isFalse(succeeded.isDone())
      assert.deepStrictEqual(received, [])
    })

    it("refuses a plain http endpoint, sending nothing", async () => {
      const httpEndpoint = resourceEndpoint.replace("https:", "http:")
      const credential = new AzureCommunicationTokenCredential({
        resourceEndpoint: httpEndpoint,
        tokenCredential: makeTokenCredential(),
        scopes: [communicationClientsScope]
      })
      await expect(credential.getToken()).rejects.toThrow(
        `Cannot connect to ${httpEndpoint}${communicationClientsEndpoint} while allowInsecureConnection is false.`
      )
      assert.deepStrictEqual(received, [])
    })

    it("rejects as disposed once disposed", async () => {
      success(communicationClientsEndpoint)
      const credential = connect([communicationClientsScope])
      await credential.getToken()
      credential.dispose()
      await expect(credential.getToken()).rejects.toThrow(/^User credential is disposed$/)
    })
  })
})
