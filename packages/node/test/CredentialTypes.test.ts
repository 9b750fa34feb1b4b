/**
 * The drop-in credential's public types as users import them: from the node
 * and browser packages, as from `@effect-acs/communication-identity`.
 * The `expectTypeOf` lines are checked by `tsc -b` (this file is in the test
 * project); the last test asks the compiler for the modules' exports, so that
 * a public type added to the credential later and not re-exported fails here.
 */
import type * as Official from "@azure/communication-common"
import type * as Core from "@effect-acs/communication-identity"
import * as Browser from "@effect-acs/identity-browser"
import * as Node from "@effect-acs/identity-node"
import { assert, describe, expectTypeOf, it } from "vitest"
import * as Path from "node:path"
import ts from "typescript"

describe("the drop-in credential's option types", () => {
  it("EntraCommunicationTokenCredentialOptions and EntraTokenCredential come from the node and browser packages", () => {
    expectTypeOf<Node.EntraCommunicationTokenCredentialOptions>().toEqualTypeOf<
      Core.EntraCommunicationTokenCredentialOptions
    >()
    expectTypeOf<Browser.EntraCommunicationTokenCredentialOptions>().toEqualTypeOf<
      Core.EntraCommunicationTokenCredentialOptions
    >()
    expectTypeOf<Node.EntraTokenCredential>().toEqualTypeOf<Core.EntraTokenCredential>()
    expectTypeOf<Browser.EntraTokenCredential>().toEqualTypeOf<Core.EntraTokenCredential>()
    // the other option types, as before
    expectTypeOf<Node.CommunicationTokenRefreshOptions>().toEqualTypeOf<Core.CommunicationTokenRefreshOptions>()
    expectTypeOf<Browser.CommunicationTokenRefreshOptions>().toEqualTypeOf<Core.CommunicationTokenRefreshOptions>()
    expectTypeOf<Node.CommunicationGetTokenOptions>().toEqualTypeOf<Core.CommunicationGetTokenOptions>()
    expectTypeOf<Browser.CommunicationGetTokenOptions>().toEqualTypeOf<Core.CommunicationGetTokenOptions>()

    // what the Entra constructor takes, by name
    expectTypeOf<Node.EntraCommunicationTokenCredentialOptions>().toExtend<
      ConstructorParameters<typeof Node.AzureCommunicationTokenCredential>[0]
    >()
    expectTypeOf<Browser.EntraCommunicationTokenCredentialOptions>().toExtend<
      ConstructorParameters<typeof Browser.AzureCommunicationTokenCredential>[0]
    >()
    // the official options object fits ours: code written for the official class compiles against ours
    expectTypeOf<Official.EntraCommunicationTokenCredentialOptions>().toExtend<
      Node.EntraCommunicationTokenCredentialOptions
    >()
    expectTypeOf<Official.CommunicationTokenRefreshOptions>().toExtend<Browser.CommunicationTokenRefreshOptions>()
    // and a misspelt option is not
    expectTypeOf<{ resourceEndpoint: string; tokenCredentials: Node.EntraTokenCredential }>().not.toExtend<
      Node.EntraCommunicationTokenCredentialOptions
    >()
  })

  it("an options value typed by its exported name constructs the credential", async () => {
    const entra: Browser.EntraTokenCredential = {
      getToken: async () => ({ token: "entra", expiresOnTimestamp: Date.now() + 3_600_000 })
    }
    const options: Node.EntraCommunicationTokenCredentialOptions = {
      resourceEndpoint: "https://contoso.communication.azure.com",
      tokenCredential: entra,
      scopes: ["https://communication.azure.com/clients/VoIP"]
    }
    const credential = new Node.AzureCommunicationTokenCredential(options)
    credential.dispose()
    const browserOptions: Browser.EntraCommunicationTokenCredentialOptions = options
    assert.throws(
      () =>
        new Browser.AzureCommunicationTokenCredential({ ...browserOptions, resourceEndpoint: 42 as unknown as string }),
      /resourceEndpoint must be a string/
    )
  })

  it("every public type and value of the drop-in credential is exported by both packages", () => {
    const root = Path.join(import.meta.dirname, "../../..")
    const config = ts.getParsedCommandLineOfConfigFile(
      Path.join(root, "packages/node/tsconfig.json"),
      { noEmit: true, composite: false, declaration: false, declarationMap: false, sourceMap: false },
      { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (diagnostic) => assert.fail(String(diagnostic.messageText)) }
    )!
    const files = {
      core: Path.join(root, "packages/communication-identity/src/internal/credential.ts"),
      node: Path.join(root, "packages/node/src/index.ts"),
      browser: Path.join(root, "packages/browser/src/index.ts")
    }
    const program = ts.createProgram(Object.values(files), config.options)
    const checker = program.getTypeChecker()
    const exportsOf = (file: string) =>
      new Set(checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(file)!)!).map((s) => s.name))
    const core = exportsOf(files.core)
    assert.includeMembers([...core], ["EntraCommunicationTokenCredentialOptions", "EntraTokenCredential"])
    for (const name of ["node", "browser"] as const) {
      const exported = exportsOf(files[name])
      assert.deepStrictEqual(
        [...core].filter((symbol) => !exported.has(symbol)),
        [],
        `missing from the ${name} package`
      )
    }
  }, 60_000)
})
