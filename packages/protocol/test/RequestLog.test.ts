/** The cases live in `shared/RequestLog.ts`; the browser suite runs them in Chromium too. */
import { register } from "./shared/vitest.js"
import { suites } from "./shared/RequestLog.js"

register(suites)
