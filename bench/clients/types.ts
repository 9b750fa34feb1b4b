/** What every benchmarked client provides: the two workloads' operations. */
export interface BenchClient {
  /** `createUserAndToken(["chat"])`. */
  readonly createUserAndToken: () => Promise<unknown>
  /** `getToken(user, ["chat"])` for one pre-created user. */
  readonly getToken: () => Promise<unknown>
  readonly close: () => Promise<void>
}

/** A client module: builds a client from a connection string. */
export type Setup = (connectionString: string) => Promise<BenchClient>
