/**
 * Readers of parsed JSON, shared by the protocol's response and request
 * checks: each answers the value in its model's shape (unknown keys dropped)
 * or throws the first problem — its path and what was expected, never the
 * actual value (a body may echo a secret); {@link read} turns that into a
 * `Rules.Result`.
 */
import type * as Rules from "../Rules.js"

/** A reader: the value, or throws the problem (caught once, in {@link read}). */
export type Reader<A> = (value: unknown, path: string) => A

/** What a reader found wrong: the path of the value and what was expected. */
export class Problem {
  constructor(readonly field: string, readonly message: string) {}
}

/** The path of `key` inside `path` (`a.b`, `a.0`). */
export const at = (path: string, key: string | number) => path === "" ? String(key) : `${path}.${key}`

/** A plain object (not an array). */
export const object = (value: unknown, path: string): Record<string, unknown> => {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Problem(path === "" ? "body" : path, "Expected an object")
  }
  return value as Record<string, unknown>
}

/** A string. */
export const string: Reader<string> = (value, path) => {
  if (typeof value !== "string") throw new Problem(path, value === undefined ? "is missing" : "Expected string")
  return value
}

/** An array of strings. */
export const strings: Reader<ReadonlyArray<string>> = (value, path) => {
  if (!Array.isArray(value)) throw new Problem(path, value === undefined ? "is missing" : "Expected an array")
  return value.map((item, i) => string(item, at(path, i)))
}

/** `key` of `record` when present (JSON has no `undefined`: absent means absent). */
export const optional = <A>(
  record: Record<string, unknown>,
  key: string,
  path: string,
  reader: Reader<A>
): A | undefined => record[key] === undefined ? undefined : reader(record[key], at(path, key))

/** A reader of a whole body, as a `Rules.Result` (its problem as the violation). */
export const read = <A>(reader: Reader<A>) => (json: unknown): Rules.Result<A> => {
  try {
    return { ok: true, value: reader(json, "") }
  } catch (error) {
    if (error instanceof Problem) return { ok: false, violation: { field: error.field, message: error.message } }
    throw error
  }
}
