/** The cases live in `shared/Operation.ts`; the browser suite runs them in Chromium too. */
import { suites } from "./shared/Operation.js"
import { register } from "./shared/vitest.js"

register(suites)
