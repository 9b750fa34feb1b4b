import * as ApiVersion from "@effect-acs/identity-protocol/ApiVersion"
import * as Operation from "@effect-acs/identity-protocol/Operation"
import type { Suite } from "./Case.js"

export const suites: ReadonlyArray<Suite> = [{
  name: "the operation table",
  cases: [
    {
      name: "names every operation once, each with its own method and route",
      run: ({ expect }) => {
        expect(Operation.names).toHaveLength(Object.keys(Operation.operations).length)
        const keys = Operation.names.map((name) => `${Operation.get(name).method} ${Operation.get(name).route}`)
        expect(new Set(keys).size).toBe(keys.length)
      }
    },
    {
      name: "routes are absolute, with at most one {id} and a literal action at the end",
      run: ({ expect }) => {
        for (const name of Operation.names) {
          const { route } = Operation.get(name)
          expect(route, name).toMatch(/^(\/[A-Za-z]+|\/\{(id|tenantId|objectId)\})+(\/:[A-Za-z]+)?$/)
          expect(route.split("{id}").length, name).toBeLessThanOrEqual(2)
        }
      }
    },
    {
      name: "paths percent-encode the id",
      run: ({ expect }) => {
        expect(Operation.path("issueAccessToken", "8:acs:a b/c")).toBe(
          "/identities/8%3Aacs%3Aa%20b%2Fc/:issueAccessToken"
        )
        expect(Operation.path("createIdentity")).toBe("/identities")
        expect(Operation.pathWith("upsertTeamsExtensionAssignment", { tenantId: "t/1", objectId: "o 2" })).toBe(
          "/access/teamsExtension/tenants/t%2F1/assignments/o%202"
        )
        expect(Operation.pathWith("getEntraAssignment", { objectId: "a:b" })).toBe("/access/entra/assignments/a%3Ab")
      }
    },
    {
      name: "a second success status only for PUT (200 replaced) and PATCH (204 nothing to answer)",
      run: ({ expect }) => {
        for (const name of Operation.names) {
          const operation = Operation.get(name)
          expect(Operation.isSuccess(operation, operation.status), name).toBe(true)
          expect(operation.alsoStatus === undefined, name).toBe(
            operation.method !== "PUT" && operation.method !== "PATCH"
          )
        }
        expect(Operation.isSuccess(Operation.get("upsertEntraAssignment"), 200)).toBe(true)
        expect(Operation.isSuccess(Operation.get("getEntraAssignment"), 201)).toBe(false)
      }
    },
    {
      name: "features are real api-version features; success statuses and bodies agree",
      run: ({ expect }) => {
        for (const name of Operation.names) {
          const operation = Operation.get(name)
          if (operation.feature !== undefined) {
            expect(ApiVersion.versionsWith(operation.feature).length, name).toBeGreaterThan(0)
          }
          expect(operation.status === 204, name).toBe(operation.response === undefined)
        }
      }
    },
    {
      name: "only a create may be non-idempotent; a customId makes it safe to repeat once the earlier attempt is over",
      run: ({ expect }) => {
        for (const name of Operation.names) {
          const operation = Operation.get(name)
          expect(Operation.isIdempotent(operation, false), name).toBe(name !== "createIdentity")
          expect(Operation.isIdempotent(operation, true), name).toBe(name === "createIdentity" ? "customId" : true)
        }
      }
    }
  ]
}]
