/**
 * A page running the protocol package's own tests (`packages/protocol/test/shared`)
 * in Chromium, against the web reference (`btoa`/`atob`, `Headers`, WebCrypto).
 */
import { fullNames, find, type Suite } from "../../packages/protocol/test/shared/Case.js"
import { suites } from "../../packages/protocol/test/shared/index.js"
import { web } from "../../packages/protocol/test/shared/web.js"
import { casePage } from "./cases.js"
import { expect } from "./expect.js"

const run = (all: ReadonlyArray<Suite>, name: string) => () => find(all, name)!.run({ expect, reference: web })

window.__cases = casePage(fullNames(suites).map((name) => [name, run(suites, name)] as const))
