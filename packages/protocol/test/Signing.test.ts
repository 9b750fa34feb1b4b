/** The cases live in `shared/Signing.ts`; the browser suite runs them in Chromium too. */
import { suites } from "./shared/Signing.js"
import { register } from "./shared/vitest.js"

register(suites)
