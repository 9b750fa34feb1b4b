import { describe, expect, it } from "@effect/vitest"
import * as ApiVersion from "@effect-acs/identity/ApiVersion"
import * as Models from "@effect-acs/identity/Models"
import * as Emulator from "@effect-acs/identity-emulator/Emulator"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as TestClock from "effect/TestClock"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { fakeJwt, foreignId, identityPath, inProcess, type RawResponse, send } from "./utils.js"

const examples = Path.join(import.meta.dirname, "../../../test/fixtures/examples")
const supported = "2022-10-01, 2023-10-01, 2025-03-02-preview, 2025-06-30, 2026-07-22, 2026-09-23"
const dateTimePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}\+00:00$/
const start = Date.UTC(2026, 0, 15, 12, 0, 0)

const decodeError = Schema.decodeUnknownSync(Models.CommunicationErrorResponse)

/** Asserts an error response: status, the exact envelope, and that it decodes with the core schema. */
const expectError = (response: RawResponse, status: number, error: Models.CommunicationError) => {
  expect(response.status).toBe(status)
  expect(response.json).toEqual({ error })
  expect(decodeError(response.json)).toEqual({ error })
  expect(response.headers["content-type"]).toBe("application/json; charset=utf-8")
  expect(response.headers["api-supported-versions"]).toBe(supported)
}

const create = (version: string, body?: unknown) =>
  send({
    method: "POST",
    path: `/identities?api-version=${version}`,
    ...(body !== undefined && { body: JSON.stringify(body) })
  })

const createdId = (version: string) =>
  Effect.map(create(version), (response) => (response.json as { identity: { id: string } }).identity.id)

/** The structure of a JSON value: keys of objects, recursively; leaves by type. */
const shape = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(shape)
    : typeof value === "object" && value !== null
    ? Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shape(inner)]).sort())
    : typeof value

describe("wire", () => {
  it.effect("validation errors have the service's exact bodies", () =>
    Effect.gen(function*() {
      const v = "2023-10-01"
      const id = yield* createdId(v)
      const issue = (body: unknown) =>
        send({ method: "POST", path: identityPath(id, "/:issueAccessToken", v), body: JSON.stringify(body) })
      const scopesRequired = {
        code: "ValidationError",
        message: "Invalid scopes - Scopes field is required.",
        target: "scopes"
      }
      expectError(yield* issue({ scopes: [] }), 400, scopesRequired)
      expectError(yield* issue({}), 400, scopesRequired)
      expectError(yield* send({ method: "POST", path: identityPath(id, "/:issueAccessToken", v) }), 400, scopesRequired)
      expectError(yield* issue({ scopes: ["chat", "email"] }), 400, {
        code: "ValidationError",
        message: "Invalid scopes - Scope \"email\" is not valid.",
        target: "scopes"
      })
      expectError(yield* create(v, { createTokenWithScopes: ["fax"] }), 400, {
        code: "ValidationError",
        message: "Invalid scopes - Scope \"fax\" is not valid.",
        target: "scopes"
      })
      for (const minutes of [59, 1441, 60.5, "60"]) {
        const error = {
          code: "ValidationError",
          message: `ExpiresInMinutes value ${typeof minutes === "string" ? "\"60\"" : minutes} is invalid. ` +
            "Value must be within the [60, 1440] interval.",
          target: "ExpiresInMinutes"
        }
        expectError(yield* issue({ scopes: ["chat"], expiresInMinutes: minutes }), 400, error)
        expectError(yield* create(v, { createTokenWithScopes: ["chat"], expiresInMinutes: minutes }), 400, error)
      }
      expectError(yield* send({ method: "POST", path: `/identities?api-version=${v}`, body: "{\"scopes\":" }), 400, {
        code: "BadRequest",
        message: "The request body is not valid JSON."
      })
      expectError(yield* issue(["chat"]), 400, {
        code: "BadRequest",
        message: "The request body must be a JSON object."
      })
      // nothing was created or issued by the rejected requests
      const stats = yield* Effect.flatMap(Emulator.Emulator, (emulator) => emulator.stats)
      expect(stats.identitiesCreated).toBe(1)
      expect(stats.tokensIssued).toBe(0)
    }).pipe(Effect.provide(inProcess())))

  it.effect("customId: validated, and gated to 2025-03-02-preview", () =>
    Effect.gen(function*() {
      const preview = "2025-03-02-preview"
      const invalid = {
        code: "ValidationError",
        message: "Invalid customId - CustomId must be between 1 and 256 characters long.",
        target: "customId"
      }
      expectError(yield* create(preview, { customId: "" }), 400, invalid)
      expectError(yield* create(preview, { customId: "x".repeat(257) }), 400, invalid)
      expectError(yield* create(preview, { customId: 7 }), 400, invalid)
      expect((yield* create(preview, { customId: "x".repeat(256) })).status).toBe(201)
      for (const version of ["2022-10-01", "2023-10-01", "2025-06-30"]) {
        expectError(yield* create(version, { customId: "a" }), 400, {
          code: "ValidationError",
          message: `customId is not supported by api-version ${version}.`,
          target: "customId"
        })
      }
    }).pipe(Effect.provide(inProcess())))

  it.effect("join scopes need 2023-10-01 or later", () =>
    Effect.gen(function*() {
      for (const version of ApiVersion.all) {
        const response = yield* create(version, { createTokenWithScopes: ["chat.join.limited"] })
        if (ApiVersion.supports(version, "joinScopes")) {
          expect(response.status).toBe(201)
        } else {
          expectError(response, 400, {
            code: "ValidationError",
            message: `Invalid scopes - Scope "chat.join.limited" is not supported by api-version ${version}.`,
            target: "scopes"
          })
        }
      }
    }).pipe(Effect.provide(inProcess())))

  it.effect("api-version is required and must be supported", () =>
    Effect.gen(function*() {
      expectError(yield* send({ method: "POST", path: "/identities" }), 400, {
        code: "MissingApiVersion",
        message: `The api-version query parameter is required. Supported versions: ${supported}.`,
        target: "api-version"
      })
      for (const version of ["2021-03-07", "2023-08-01", "latest"]) {
        expectError(yield* create(version), 400, {
          code: "UnsupportedApiVersion",
          message: `The api-version '${version}' is not supported. Supported versions: ${supported}.`,
          target: "api-version"
        })
      }
    }).pipe(Effect.provide(inProcess())))

  it.effect("unknown routes and routes absent from an api-version are 404", () =>
    Effect.gen(function*() {
      expectError(yield* send({ method: "POST", path: "/users?api-version=2023-10-01" }), 404, {
        code: "NotFound",
        message: "POST /users does not exist."
      })
      expectError(yield* send({ method: "PUT", path: "/identities?api-version=2023-10-01" }), 404, {
        code: "NotFound",
        message: "PUT /identities does not exist."
      })
      const id = yield* createdId("2023-10-01")
      const path = identityPath(id, "", "2023-10-01")
      expectError(yield* send({ method: "GET", path }), 404, {
        code: "NotFound",
        message: `GET ${path.slice(0, path.indexOf("?"))} is not available in api-version 2023-10-01.`
      })
      for (const version of ["2022-10-01", "2023-10-01"]) {
        const response = yield* send({
          method: "POST",
          path: `/access/teamsExtension/:exchangeAccessToken?api-version=${version}`,
          body: "{}",
          sign: false
        })
        expect(response.status).toBe(404)
      }
    }).pipe(Effect.provide(inProcess())))

  it.effect("every response carries the common headers; 204 has no body", () =>
    Effect.gen(function*() {
      const created = yield* send({
        method: "POST",
        path: "/identities?api-version=2023-10-01",
        headers: { "x-ms-client-request-id": "my-request" }
      })
      expect(created.status).toBe(201)
      expect(created.headers["content-type"]).toBe("application/json; charset=utf-8")
      expect(created.headers["x-ms-client-request-id"]).toBe("my-request")
      expect(created.headers["api-supported-versions"]).toBe(supported)
      expect(created.headers["access-control-allow-origin"]).toBe("*")
      expect(created.headers["access-control-expose-headers"]).toBe(
        "ms-cv, api-supported-versions, retry-after, retry-after-ms, x-ms-client-request-id"
      )
      const id = (created.json as { identity: { id: string } }).identity.id
      const deleted = yield* send({ method: "DELETE", path: identityPath(id, "", "2023-10-01") })
      expect(deleted.status).toBe(204)
      expect(deleted.text).toBe("")
      expect(deleted.headers["content-type"]).toBeUndefined()
      const denied = yield* send({ method: "POST", path: "/identities?api-version=2023-10-01", sign: false })
      const missing = yield* send({ method: "GET", path: "/nowhere" })
      const cvs = [created, deleted, denied, missing].map((response) => response.headers["ms-cv"])
      expect(new Set(cvs).size).toBe(4)
      for (const response of [deleted, denied, missing]) {
        expect(response.headers["api-supported-versions"]).toBe(supported)
        expect(response.headers["x-ms-client-request-id"]).toBeUndefined()
      }
    }).pipe(Effect.provide(inProcess())))

  it.effect("CORS: preflights are answered without authentication, responses name the exposed headers", () =>
    Effect.gen(function*() {
      const preflight = yield* send({
        method: "OPTIONS",
        path: "/identities?api-version=2023-10-01",
        sign: false,
        headers: {
          origin: "http://localhost:5173",
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization,content-type,x-ms-date,x-ms-content-sha256"
        }
      })
      expect(preflight.status).toBe(204)
      expect(preflight.headers["access-control-allow-origin"]).toBe("http://localhost:5173")
      expect(preflight.headers["vary"]).toBe("origin")
      expect(preflight.headers["access-control-allow-methods"]).toBe("GET, POST, PUT, PATCH, DELETE, OPTIONS")
      expect(preflight.headers["access-control-allow-headers"]!.split(", ")).toEqual([
        "authorization",
        "content-type",
        "x-ms-date",
        "x-ms-content-sha256",
        "x-ms-client-request-id",
        "x-ms-useragent",
        "accept"
      ])
      const stats = yield* Effect.flatMap(Emulator.Emulator, (emulator) => emulator.stats)
      expect(stats.requests.createIdentity).toBe(0)
      const created = yield* send({
        method: "POST",
        path: "/identities?api-version=2023-10-01",
        headers: { origin: "http://localhost:5173" }
      })
      expect(created.headers["access-control-allow-origin"]).toBe("http://localhost:5173")
    }).pipe(Effect.provide(inProcess())))

  it.effect("responses to the official examples' requests have the examples' shapes and decode with the core schemas", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(start)
      const emulator = yield* Emulator.Emulator
      const entra = fakeJwt({
        aud: "https://auth.msft.communication.azure.com",
        tid: "c70d068c-2f32-484d-9455-73070cd5aadd",
        oid: "32c0a5db-05ec-78ea-51ab-3f06b329397e",
        appid: "2c3e1e83-8fd7-4615-ad2b-b8c1229845ac",
        exp: start / 1000 + 3600
      })
      let checked = 0
      for (const version of ApiVersion.all) {
        for (const file of Fs.readdirSync(Path.join(examples, version)).sort()) {
          const example = JSON.parse(Fs.readFileSync(Path.join(examples, version, file), "utf8")) as {
            readonly parameters: { readonly body?: Record<string, unknown> }
            readonly responses: Record<string, { readonly body?: unknown }>
          }
          const [status, expected] = Object.entries(example.responses)[0]!
          const body = example.parameters.body
          const bodyText = body === undefined ? undefined : JSON.stringify(body)
          // in the preview, GET shows customId and lastTokenIssuedAt: create the identity with both
          const existing = () =>
            Effect.map(
              create(
                version,
                ApiVersion.supports(version, "customId")
                  ? { createTokenWithScopes: ["chat"], customId: "sally@contoso.com" }
                  : undefined
              ),
              (response) => (response.json as { identity: { id: string } }).identity.id
            )
          let response: RawResponse | undefined
          let schema: Schema.Schema.AnyNoContext | undefined
          if (/^(CreateIdentity|IdentityOperations_Create)\.json$/.test(file)) {
            response = yield* create(version, body)
            schema = Models.CommunicationIdentityAccessTokenResult
          } else if (/^(DeleteIdentity|IdentityOperations_Delete|CommunicationIdentity_Delete)\.json$/.test(file)) {
            response = yield* send({ method: "DELETE", path: identityPath(yield* existing(), "", version) })
          } else if (/^(CommunicationIdentity_)?RevokeAccessTokens\.json$/.test(file)) {
            response = yield* send({
              method: "POST",
              path: identityPath(yield* existing(), "/:revokeAccessTokens", version)
            })
          } else if (/^(CommunicationIdentity_|IdentityOperations_)?IssueAccessToken\.json$/.test(file)) {
            response = yield* send({
              method: "POST",
              path: identityPath(yield* existing(), "/:issueAccessToken", version),
              ...(bodyText !== undefined && { body: bodyText })
            })
            schema = Models.CommunicationIdentityAccessToken
          } else if (file === "GetIdentity.json") {
            response = yield* send({ method: "GET", path: identityPath(yield* existing(), "", version) })
            schema = Models.CommunicationIdentity
          } else if (/^(CommunicationIdentity_)?ExchangeTeamsUserAccessToken\.json$/.test(file)) {
            response = yield* send({
              method: "POST",
              path: `/teamsUser/:exchangeAccessToken?api-version=${version}`,
              body: JSON.stringify({ ...body, token: entra })
            })
            schema = Models.CommunicationIdentityAccessToken
          } else if (
            /^(ExchangeTeamsExtensionToken|ExchangeTeamsPhoneToken|TeamsExtensionToken_Exchange)\.json$/.test(file)
          ) {
            response = yield* send({
              method: "POST",
              path: `/access/teamsExtension/:exchangeAccessToken?api-version=${version}`,
              body: "{}",
              sign: false,
              headers: { authorization: `Bearer ${entra}` }
            })
            schema = Models.CommunicationIdentityAccessTokenResult
          } else if (file === "ExchangeEntraIdToken.json") {
            response = yield* send({
              method: "POST",
              path: `/access/entra/:exchangeAccessToken?api-version=${version}`,
              body: "{}",
              sign: false,
              headers: { authorization: `Bearer ${entra}` }
            })
            schema = Models.CommunicationIdentityAccessTokenResult
          } else {
            // the assignment operations: the next test
            expect(file).toMatch(/Assignment/)
            continue
          }
          expect([file, response.status]).toEqual([file, Number(status)])
          if (expected.body === undefined) {
            expect(response.text).toBe("")
          } else {
            expect([file, shape(response.json)]).toEqual([file, shape(expected.body)])
            yield* Schema.decodeUnknown(schema!)(response.json)
            for (const value of JSON.stringify(response.json).match(/"(expiresOn|lastTokenIssuedAt)":"[^"]+"/g) ?? []) {
              expect(value.split("\":\"")[1]!.slice(0, -1)).toMatch(dateTimePattern)
            }
          }
          checked++
        }
      }
      expect(checked).toBe(31)
      expect(emulator.resourceId).not.toBe("2dee53b4-368b-45b4-ab52-8493fb117652")
    }).pipe(Effect.provide(inProcess())))

  it.effect("the assignment examples' requests, on a fresh emulator each, get the examples' statuses and shapes", () =>
    Effect.gen(function*() {
      let checked = 0
      for (const version of ApiVersion.all) {
        for (const file of Fs.readdirSync(Path.join(examples, version)).filter((f) => /Assignment/.test(f)).sort()) {
          const example = JSON.parse(Fs.readFileSync(Path.join(examples, version, file), "utf8")) as {
            readonly parameters: { readonly body?: unknown; readonly tenantId?: string; readonly objectId?: string }
            readonly responses: Record<string, { readonly body?: unknown }>
          }
          const { objectId, tenantId } = example.parameters
          const teams = /TeamsExtension/.test(file)
          const one = teams
            ? `/access/teamsExtension/tenants/${tenantId}/assignments/${objectId}?api-version=${version}`
            : `/access/entra/assignments/${objectId}?api-version=${version}`
          const all = `/access/entra/assignments?api-version=${version}`
          const entraBody = (tenant: string) => ({
            tenantId: tenant,
            principalType: "user",
            clientIds: ["617d08b5-f35b-4270-87d6-56833d2dee1b"]
          })
          const existing = () =>
            send({
              method: "PUT",
              path: one,
              body: JSON.stringify(
                teams
                  ? { principalType: "resourceAccount" }
                  : entraBody(tenantId ?? "c70d068c-2f32-484d-9455-73070cd5aadd")
              )
            })
          const listed = /^List/.test(file)
            ? (example.responses["200"]!.body as { value: ReadonlyArray<{ objectId: string; tenantId: string }> }).value
            : []
          const run = Effect.gen(function*() {
            if (/^(Get|.*_Get)/.test(file)) {
              expect((yield* existing()).status).toBe(201)
              return { response: yield* send({ method: "GET", path: one }), status: 200 }
            }
            if (/Delete/.test(file)) {
              expect((yield* existing()).status).toBe(201)
              return { response: yield* send({ method: "DELETE", path: one }), status: 204 }
            }
            if (/^List/.test(file)) {
              // one assignment more than the example's page (sorting last), so the page has a nextLink as the example has
              const patch = Object.fromEntries(
                [...listed, { objectId: "ffffffff-ffff-4fff-bfff-ffffffffffff", tenantId: listed[0]!.tenantId }]
                  .map((a) => [a.objectId, entraBody(a.tenantId)])
              )
              expect((yield* send({ method: "PATCH", path: all, body: JSON.stringify(patch) })).status).toBe(200)
              return { response: yield* send({ method: "GET", path: all }), status: 200 }
            }
            if (/^Update/.test(file)) {
              return {
                response: yield* send({ method: "PATCH", path: all, body: JSON.stringify(example.parameters.body) }),
                status: 200
              }
            }
            // an upsert, the example's own body: the Entra example's principalType "teamsResourceAccount" is outside
            // EntraPrincipalType's listed values (an extensible enum) and the example answers 201 to it
            return {
              response: yield* send({ method: "PUT", path: one, body: JSON.stringify(example.parameters.body) }),
              status: 201
            }
          })
          // the List example's page: the emulator lists that many assignments a page
          const { response, status } = yield* Effect.provide(
            run,
            inProcess(listed.length > 0 ? { pageSize: listed.length } : {})
          )
          expect([file, response.status]).toEqual([file, status])
          const expected = example.responses[String(status)]
          expect(expected, file).toBeDefined()
          if (expected!.body === undefined) {
            expect(response.text).toBe("")
          } else {
            expect([file, shape(response.json)]).toEqual([file, shape(expected!.body)])
          }
          checked++
        }
      }
      expect(checked).toBe(13)
    }))

  it.effect("IdentityNotOwned comes with the exact body", () =>
    Effect.gen(function*() {
      expectError(
        yield* send({ method: "POST", path: identityPath(foreignId, "/:revokeAccessTokens", "2023-10-01") }),
        401,
        { code: "IdentityNotOwned", message: "Provided identity doesn't belong to the resource." }
      )
    }).pipe(Effect.provide(inProcess())))
})
