/** The cases live in `shared/Rules.ts`; the browser suite runs them in Chromium too. */
import { suites } from "./shared/Rules.js"
import { register } from "./shared/vitest.js"

register(suites)
