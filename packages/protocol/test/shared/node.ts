/**
 * The reference in Node: `Buffer`, `node:http`'s header check, `node:crypto`.
 */
import { createHash, createHmac } from "node:crypto"
import { validateHeaderValue } from "node:http"
import type { Reference } from "./Case.js"

export const node: Reference = {
  name: "node",
  base64: (bytes) => Buffer.from(bytes).toString("base64"),
  base64url: (bytes) => Buffer.from(bytes).toString("base64url"),
  isCanonicalBase64: (text) => Buffer.from(text, "base64").toString("base64") === text,
  isHeaderValue: (value) => {
    try {
      validateHeaderValue("x", value)
      return true
    } catch {
      return false
    }
  },
  sha256: async (text) => createHash("sha256").update(text).digest("base64"),
  hmacSha256: async (key, text) => createHmac("sha256", Buffer.from(key, "base64")).update(text).digest("base64")
}
