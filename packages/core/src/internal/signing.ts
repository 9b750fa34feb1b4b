/**
 * Signing in one step, without Effect: the direct transport's fast path.
 */
import * as Protocol from "@effect-acs/identity-protocol/Signing"
import type { Crypto } from "../Crypto.js"
import type { Headers, Request } from "../Signing.js"

const encoder = new TextEncoder()

/**
 * `Signing.signer` without Effect steps, when the crypto service and the key
 * compute synchronously (see `Crypto.Service.sync`); `undefined` otherwise.
 */
export const syncSigner = (
  crypto: Crypto.Service,
  key: Crypto.HmacKey
): ((request: Request) => Headers) | undefined => {
  const { sync } = crypto
  const { signSync } = key
  return sync === undefined || signSync === undefined
    ? undefined
    : Protocol.signer({
      sha256Base64: (body) => sync.base64(sync.sha256(body)),
      hmacBase64: (text) => sync.base64(signSync(encoder.encode(text)))
    })
}
