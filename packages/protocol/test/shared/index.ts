/**
 * Every shared suite of the protocol package, in the order of its test files.
 */
import * as Base64 from "./Base64.js"
import type { Suite } from "./Case.js"
import * as Operation from "./Operation.js"
import * as Redaction from "./Redaction.js"
import * as RequestLog from "./RequestLog.js"
import * as Rules from "./Rules.js"
import * as Signing from "./Signing.js"

export const suites: ReadonlyArray<Suite> = [
  ...Base64.suites,
  ...Operation.suites,
  ...Redaction.suites,
  ...RequestLog.suites,
  ...Rules.suites,
  ...Signing.suites
]
