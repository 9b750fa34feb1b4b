/**
 * Signing in one step, without Effect: the direct transport's fast path.
 */
import * as Protocol from "@effect-acs/identity-protocol/Signing"
import type { Crypto } from "../Crypto.js"
import type { Headers, Request } from "../Signing.js"

/** A request to sign in one step: its body as bytes or as the text sent (hashed as its UTF-8 bytes). */
export interface SyncRequest extends Omit<Request, "body"> {
  readonly body: string | Uint8Array | undefined
}

/**
 * `Signing.signer` without Effect steps, when the crypto service and the key
 * compute synchronously (see `Crypto.Service.sync`); `undefined` otherwise.
 * Text is hashed and signed as it is: no conversion to bytes on the way.
 */
export const syncSigner = (
  crypto: Crypto.Service,
  key: Crypto.HmacKey
): ((request: SyncRequest) => Headers) | undefined => {
  const { sync } = crypto
  const { signBase64Sync, signSync } = key
  return sync === undefined || signSync === undefined
    ? undefined
    : Protocol.signer<string | Uint8Array>({
      // the one-step base64 forms where the platform has them, else the byte forms encoded
      sha256Base64: sync.sha256Base64 ?? ((body) => sync.base64(sync.sha256(body))),
      hmacBase64: signBase64Sync ?? ((text) => sync.base64(signSync(text)))
    })
}
