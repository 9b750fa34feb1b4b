/**
 * The floor: bare node:http with a keep-alive agent and node:crypto, doing
 * the same signing, JSON parsing and result building as a real client.
 */
import * as Crypto from "node:crypto"
import * as Http from "node:http"
import type { Setup } from "./types.js"

export const setup: Setup = async (connectionString) => {
  const [, endpoint = "", key = ""] = /endpoint=(.*);accesskey=(.*)/i.exec(connectionString) ?? []
  const url = new URL(endpoint)
  const secret = Crypto.createSecretKey(Buffer.from(key, "base64"))
  const agent = new Http.Agent({ keepAlive: true, maxSockets: 256 })
  const send = (path: string, body: string, expected: number) =>
    new Promise<any>((resolve, reject) => {
      const date = new Date().toUTCString()
      const hash = Crypto.createHash("sha256").update(body).digest("base64")
      const signature = Crypto.createHmac("sha256", secret).update(`POST\n${path}\n${date};${url.host};${hash}`).digest(
        "base64"
      )
      const req = Http.request({
        host: url.hostname,
        port: url.port,
        path,
        method: "POST",
        agent,
        headers: {
          accept: "application/json",
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          "x-ms-client-request-id": Crypto.randomUUID(),
          "x-ms-date": date,
          "x-ms-content-sha256": hash,
          authorization: `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${signature}`
        }
      }, (res) => {
        const chunks: Array<Buffer> = []
        res.on("data", (c: Buffer) => chunks.push(c))
        res.on("end", () => {
          if (res.statusCode !== expected) return reject(new Error(`status ${res.statusCode}`))
          resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")))
        })
      })
      req.on("error", reject)
      req.end(body)
    })
  const query = "?api-version=2023-10-01"
  const createUserAndToken = async () => {
    const result = await send(`/identities${query}`, JSON.stringify({ createTokenWithScopes: ["chat"] }), 201)
    return {
      user: { communicationUserId: result.identity.id as string },
      token: result.accessToken.token as string,
      expiresOn: new Date(result.accessToken.expiresOn)
    }
  }
  const { user } = await createUserAndToken()
  const tokenPath = `/identities/${encodeURIComponent(user.communicationUserId)}/:issueAccessToken${query}`
  return {
    createUserAndToken,
    getToken: async () => {
      const result = await send(tokenPath, JSON.stringify({ scopes: ["chat"] }), 200)
      return { token: result.token as string, expiresOn: new Date(result.expiresOn) }
    },
    close: async () => agent.destroy()
  }
}
