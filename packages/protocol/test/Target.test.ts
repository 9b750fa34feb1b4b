import * as Target from "@effect-acs/identity-protocol/Target"
import * as fc from "fast-check"
import { urlToHttpOptions } from "node:url"
import { describe, expect, it } from "vitest"

/** What Node itself makes of a `URL` (the conversion `Target.of` replaces), in `Target`'s fields. */
const node = (url: URL): Target.Target => {
  const { auth, hostname, path, port, protocol } = urlToHttpOptions(url)
  return {
    protocol: protocol ?? "",
    hostname: hostname ?? "",
    port: port === undefined ? "" : String(port),
    path: path ?? "",
    ...(typeof auth === "string" && { auth })
  }
}

describe("Target.of", () => {
  it.each([
    "https://contoso.communication.azure.com/identities?api-version=2023-10-01",
    "http://127.0.0.1:8080/identities/8%3Aacs%3Ar_u/:issueAccessToken?api-version=2025-06-30",
    "http://[::1]:3000/access/entra/assignments?$skipToken=a%2Fb+c#fragment",
    "https://user:p%40ss@example.com:8443/x",
    "https://only-user@example.com/",
    "http://example.com"
  ])("%s: as Node derives it", (href) => {
    const url = new URL(href)
    expect(Target.of(url)).toEqual(node(url))
  })

  it("an IPv6 literal loses its brackets; credentials become decoded basic auth", () => {
    expect(Target.of(new URL("http://a%20b:c%3Ad@[::1]:9/p?q=1"))).toEqual({
      protocol: "http:",
      hostname: "::1",
      port: "9",
      path: "/p?q=1",
      auth: "a b:c:d"
    })
  })

  it("any web URL: the same target as Node's conversion", () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (href) => {
        const url = new URL(href)
        expect(Target.of(url)).toEqual(node(url))
      }),
      { numRuns: 500 }
    )
  })
})
