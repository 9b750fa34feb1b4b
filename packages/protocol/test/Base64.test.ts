/** The cases live in `shared/Base64.ts`; the browser suite runs them in Chromium too. */
import { suites } from "./shared/Base64.js"
import { register } from "./shared/vitest.js"

register(suites)
