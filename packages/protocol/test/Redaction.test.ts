/** The cases live in `shared/Redaction.ts`; the browser suite runs them in Chromium too. */
import { suites } from "./shared/Redaction.js"
import { register } from "./shared/vitest.js"

register(suites)
