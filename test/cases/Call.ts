/**
 * A call of a client method as data, for the case tables both Effect lines
 * run: a runner calls `client[method](...args)` on its line's client.
 */

/** The client methods the tables call. */
export type Method =
  | "getToken"
  | "createUserAndToken"
  | "revokeTokens"
  | "deleteUser"
  | "getUser"
  | "createUser"
  | "getTokenForTeamsUser"

/** A method and its arguments. */
export type Call = readonly [method: Method, args: ReadonlyArray<unknown>]
