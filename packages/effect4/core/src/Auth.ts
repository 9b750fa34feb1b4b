/**
 * The credentials a client authenticates with: an access key (HMAC-SHA256
 * signing) or an Entra ID token provider (bearer tokens).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { CredentialError } from "./IdentityError.js"
import type { AccessToken } from "./TokenCredential.js"

/**
 * An access key (base64), as in a connection string.
 *
 * @since 0.1.0
 * @category models
 */
export interface KeyCredential {
  readonly _tag: "KeyCredential"
  readonly key: Redacted.Redacted<string>
  /** Where the current key is read from on every request, when it can change (key rotation). */
  readonly current?: () => Redacted.Redacted<string>
}

/**
 * An Entra ID token provider, asked for {@link scope}.
 *
 * @since 0.1.0
 * @category models
 */
export interface EntraTokenCredential {
  readonly _tag: "EntraTokenCredential"
  readonly getToken: (scope: string) => Effect.Effect<AccessToken, CredentialError>
}

/**
 * @since 0.1.0
 * @category models
 */
export type Credential = KeyCredential | EntraTokenCredential

/**
 * The Entra ID scope of the Communication Services data plane (the double
 * slash is what every SDK sends).
 *
 * @since 0.1.0
 * @category constants
 */
export const scope = "https://communication.azure.com//.default"

/**
 * @since 0.1.0
 * @category constructors
 */
export const keyCredential = (key: string | Redacted.Redacted<string>): KeyCredential => ({
  _tag: "KeyCredential",
  key: Redacted.isRedacted(key) ? key : Redacted.make(key)
})

/**
 * A key read from `source.key` on every request, as the official clients read
 * an `AzureKeyCredential`: after `credential.update(newKey)` the next request
 * is signed with the new key.
 *
 * @since 0.1.0
 * @category constructors
 */
export const rotatingKeyCredential = (source: { readonly key: string }): KeyCredential => ({
  _tag: "KeyCredential",
  key: Redacted.make(source.key),
  current: () => Redacted.make(source.key)
})

/**
 * @since 0.1.0
 * @category constructors
 */
export const entraTokenCredential = (
  getToken: (scope: string) => Effect.Effect<AccessToken, CredentialError>
): EntraTokenCredential => ({ _tag: "EntraTokenCredential", getToken })

/**
 * Adapts an `@azure/core-auth` `TokenCredential` (any `@azure/identity` credential).
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromAzureTokenCredential = (credential: {
  readonly getToken: (
    scopes: string | Array<string>,
    options?: { abortSignal?: AbortSignal }
  ) => Promise<{ readonly token: string; readonly expiresOnTimestamp: number } | null>
}): EntraTokenCredential =>
  entraTokenCredential((scope) =>
    Effect.tryPromise({
      try: (signal) => credential.getToken(scope, { abortSignal: signal }),
      catch: (cause) => new CredentialError({ message: "The token credential failed to get a token.", cause })
    }).pipe(
      Effect.flatMap((result) =>
        result === null || result.token === ""
          ? Effect.fail(new CredentialError({ message: "The token credential returned no token." }))
          : Effect.succeed({ token: Redacted.make(result.token), expiresOnTimestamp: result.expiresOnTimestamp })
      )
    )
  )
