/**
 * The benchmark's server: a minimal node:http Identity endpoint in its own
 * process that verifies every request's HMAC signature exactly as the
 * service does (core `Signing.verify`) and answers `createUserAndToken` and
 * `getToken` with fixed-size tokens. Its CPU is not counted for any client.
 *
 * Prints `PORT=<port>` and `KEY=<base64>` once listening; `GET /stats`
 * (unsigned) returns `{ requests, authFailures, connections }`.
 */
import { Crypto } from "@effect-acs/identity/Crypto"
import * as Signing from "@effect-acs/identity/Signing"
import * as NodeCrypto from "@effect-acs/identity-node/NodeCrypto"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Http from "node:http"
import { randomBytes, randomUUID } from "node:crypto"

const key = randomBytes(64)
const hmacKey = Effect.runSync(NodeCrypto.make.hmacKey(key))
const resourceId = randomUUID()
const payload = Buffer.from(
  JSON.stringify({ skypeid: `acs:${resourceId}_x`, scp: 1792, acsScope: "chat", exp: 4102444800 })
)
  .toString("base64url")
const token = `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${payload}.${randomBytes(32).toString("base64url")}`
const stats = { requests: 0, authFailures: 0, connections: 0 }

const expiresOn = () => `${new Date(Date.now() + 86_400_000).toISOString().slice(0, 23)}0000+00:00`

const server = Http.createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
  const chunks: Array<Buffer> = []
  req.on("data", (chunk: Buffer) => chunks.push(chunk))
  req.on("end", () => {
    if (req.url === "/stats") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(stats))
      return
    }
    stats.requests++
    const verified = Effect.runSync(Effect.either(Effect.provideService(
      Signing.verify(hmacKey, {
        method: req.method ?? "",
        target: req.url ?? "",
        header: (name) => req.headers[name] as string | undefined,
        body: chunks.length === 0 ? new Uint8Array() : Buffer.concat(chunks)
      }, { now: Date.now(), tolerant: false }),
      Crypto,
      NodeCrypto.make
    )))
    if (Either.isLeft(verified)) {
      stats.authFailures++
      res.writeHead(401, { "content-type": "application/json" })
        .end(JSON.stringify({ error: { code: "Denied", message: verified.left.message } }))
      return
    }
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(body))
    if (req.method === "POST" && req.url?.startsWith("/identities?")) {
      return json(201, {
        identity: { id: `8:acs:${resourceId}_${randomUUID()}` },
        accessToken: { token, expiresOn: expiresOn() }
      })
    }
    if (req.method === "POST" && req.url?.includes("/:issueAccessToken?")) {
      return json(200, { token, expiresOn: expiresOn() })
    }
    json(404, { error: { code: "NotFound", message: "Unknown route" } })
  })
})

server.on("connection", () => stats.connections++)
server.listen(0, "127.0.0.1", () => {
  const address = server.address()
  if (address === null || typeof address === "string") throw new Error("no port")
  process.stdout.write(`PORT=${address.port}\nKEY=${key.toString("base64")}\n`)
})
process.on("SIGTERM", () => server.close(() => process.exit(0)))
