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
export const syncSigner = (crypto: Crypto.Service, key: Crypto.HmacKey): ((request: Request) => Headers) | undefined => {
  const sync = crypto.sync
  const mac = key.signSync
  if (sync === undefined || mac === undefined) return undefined
  return (request) => {
    const hash = request.body === undefined || request.body.length === 0
      ? Protocol.emptyContentHash
      : sync.base64(sync.sha256(request.body))
    return Protocol.headers(request, hash, sync.base64(mac(encoder.encode(Protocol.requestToSign(request, hash)))))
  }
}
