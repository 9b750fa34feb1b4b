/**
 * No generated access key or token ever appears in what a caller might log of
 * a `RestError` (message, `String`, JSON, `inspect`, stack) or of the client:
 * whatever a server echoes back, and whatever a constructor is handed.
 */
import fc from "fast-check"
import { inspect } from "node:util"
import { describe, expect, it } from "vitest"
import { json, type Reply, scripted } from "./scripted.js"

const base64url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
const segment = (minLength: number, maxLength: number) =>
  fc.array(fc.constantFrom(...base64url), { minLength, maxLength }).map((chars) => chars.join(""))
/** JWT-shaped tokens, as ACS and Entra issue them. */
const tokenArbitrary = fc.tuple(segment(17, 40), segment(20, 120), segment(22, 86)).map(([h, p, s]) =>
  `eyJ${h}.${p}.${s}`
)
/** Access keys: canonical base64 of 16 to 64 random bytes. */
const keyArbitrary = fc.uint8Array({ minLength: 16, maxLength: 64 }).map((bytes) =>
  Buffer.from(bytes).toString("base64")
)

/** Every rendering of `value` a logger might print. */
const renderings = (value: unknown): ReadonlyArray<string> => [
  String(value),
  JSON.stringify(value) ?? "",
  inspect(value, { depth: 10 }),
  ...(value instanceof Error ? [value.message, value.stack ?? ""] : [])
]

const assertNoSecret = (value: unknown, secrets: ReadonlyArray<string>) => {
  for (const text of renderings(value)) {
    for (const secret of secrets) {
      expect(text).not.toContain(secret)
      expect(text).not.toContain(secret.slice(0, 12))
    }
  }
}

/** What a hostile or careless server might answer, echoing `secrets`. */
const echoes = (secrets: ReadonlyArray<string>): ReadonlyArray<Reply> => {
  const all = secrets.join(" ")
  const envelope = {
    error: {
      code: "InvalidAccessToken",
      message: `rejected ${all}`,
      target: all,
      details: [{ code: "Detail", message: all }],
      innererror: { code: "Inner", message: all }
    }
  }
  return [
    json(401, envelope),
    json(500, envelope),
    json(400, `Bearer ${all} is not valid`),
    json(200, { token: [all], expiresOn: all, identity: { id: secrets } }),
    json(200, `not json ${all}`),
    json(302, "", { location: `https://elsewhere.example/${all}` })
  ]
}

describe("secrets never appear in a RestError or the client", () => {
  it("server echoes of the key, the Teams token, an Entra user's token and a TokenCredential's token", async () => {
    await fc.assert(
      fc.asyncProperty(keyArbitrary, tokenArbitrary, tokenArbitrary, async (key, token, entra) => {
        const connectionString = `endpoint=https://contoso.communication.azure.com/;accesskey=${key}`
        const secrets = [key, token, entra]
        for (const reply of echoes(secrets)) {
          const { CommunicationIdentityClient } = scripted([reply])
          const options = { apiVersion: "2025-03-02-preview" as const, retryOptions: { maxRetries: 0 } }
          const keyed = new CommunicationIdentityClient(connectionString, options)
          const bearer = new CommunicationIdentityClient(
            "https://contoso.communication.azure.com/",
            { getToken: () => Promise.resolve({ token: entra, expiresOnTimestamp: Date.now() + 3_600_000 }) },
            options
          )
          // each client redacts what it holds or sends (a bearer client never sees the key), and any JWT
          const calls = [
            [keyed.getTokenForTeamsUser({ teamsUserAadToken: token, clientId: "app", userObjectId: "oid" }), secrets],
            [keyed.getTokenForEntraUser(token), secrets],
            [keyed.createUserAndToken(["chat"]), secrets],
            [bearer.getToken({ communicationUserId: "8:acs:x" }, ["chat"]), [token, entra]]
          ] as const
          for (const [call, known] of calls) {
            const error = await call.then(() => expect.fail("resolved"), (e: unknown) => e)
            expect((error as Error).name).toBe("RestError")
            assertNoSecret(error, known)
          }
          assertNoSecret(keyed, secrets)
          assertNoSecret(bearer, secrets)
        }
      }),
      { numRuns: 25 }
    )
  })

  it("constructors handed a key where it does not belong throw without it", () => {
    const { CommunicationIdentityClient } = scripted([])
    fc.assert(
      fc.property(keyArbitrary, (key) => {
        for (
          const args of [
            [`endpoint=https://contoso.communication.azure.com/accesskey=${key}`],
            [`endpoint=https://contoso.communication.azure.com/${key};accesskey=${key}`],
            [`endpoint=https://contoso.communication.azure.com/;accesskey=${key}!`],
            [`endpoint=https://contoso.communication.azure.com/;accesskey=${key};secret=${key}`],
            [`ftp://contoso.communication.azure.com/${key}`, { key }]
          ] as const
        ) {
          let thrown: unknown = undefined
          try {
            new CommunicationIdentityClient(...(args as unknown as [string]))
          } catch (error) {
            thrown = error
          }
          expect((thrown as Error | undefined)?.name).toBe("RestError")
          assertNoSecret(thrown, [key])
        }
      }),
      { numRuns: 50 }
    )
  })
})
