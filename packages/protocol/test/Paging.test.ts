import * as Paging from "@effect-acs/identity-protocol/Paging"
import { describe, expect, it } from "vitest"

const endpoint = "https://contoso.communication.azure.com/"
const version = "2025-03-02-preview"

describe("Paging.next", () => {
  it("an absolute link on the endpoint's origin: its path and query, as the service wrote it", () => {
    expect(
      Paging.next(endpoint, `${endpoint}access/entra/assignments?api-version=${version}&$skipToken=a%2Fb+c`, version, 1)
    )
      .toEqual({ ok: true, value: `access/entra/assignments?api-version=${version}&$skipToken=a%2Fb+c` })
  })

  it("a relative link is resolved against the endpoint; api-version is added when missing; the fragment is dropped", () => {
    expect(Paging.next(endpoint, "/access/entra/assignments?skip=2#x", version, 1)).toEqual({
      ok: true,
      value: `access/entra/assignments?skip=2&api-version=${version}`
    })
    expect(Paging.next(endpoint, "nextLink", version, 1)).toEqual({
      ok: true,
      value: `nextLink?api-version=${version}`
    })
    expect(
      Paging.next(
        "https://contoso.communication.azure.com:443/",
        "https://contoso.communication.azure.com/x",
        version,
        1
      )
    )
      .toEqual({ ok: true, value: `x?api-version=${version}` })
  })

  it("another origin, user info, a path outside the endpoint's or no URL at all: refused, naming the origin only", () => {
    for (
      const link of [
        "https://evil.example/access/entra/assignments?api-version=x",
        "http://contoso.communication.azure.com/access/entra/assignments",
        "https://contoso.communication.azure.com:8443/access",
        "//evil.example/access",
        "https://user:secret@contoso.communication.azure.com/access"
      ]
    ) {
      const result = Paging.next(endpoint, link, version, 1)
      expect(result.ok, link).toBe(false)
      expect(JSON.stringify(result)).not.toContain("secret")
    }
    expect(Paging.next(endpoint, "https://evil.example/a?token=abc", version, 1)).toEqual({
      ok: false,
      violation: {
        field: "nextLink",
        message:
          "The nextLink leads to https://evil.example, not to the endpoint https://contoso.communication.azure.com/."
      }
    })
    expect(Paging.next("https://h.example/acs/", "/other", version, 1).ok).toBe(false)
    expect(Paging.next("https://h.example/acs/", "/acs/page2", version, 1)).toEqual({
      ok: true,
      value: `page2?api-version=${version}`
    })
    expect(Paging.next(endpoint, "http://[::1", version, 1)).toEqual({
      ok: false,
      violation: { field: "nextLink", message: "The nextLink is not a URL." }
    })
  })

  it(`at most ${Paging.maxPages} pages`, () => {
    expect(Paging.next(endpoint, "/a", version, Paging.maxPages - 1).ok).toBe(true)
    expect(Paging.next(endpoint, "/a", version, Paging.maxPages)).toEqual({
      ok: false,
      violation: { field: "nextLink", message: `The listing has more than ${Paging.maxPages} pages.` }
    })
  })
})

describe("Paging.page", () => {
  it("the last page has no next; another has its checked nextLink; a refused link is the violation", () => {
    expect(Paging.page(endpoint, version, 1, { value: [1] })).toEqual({
      ok: true,
      value: { value: [1], next: undefined }
    })
    expect(Paging.page(endpoint, version, 1, { value: [1], nextLink: "/a?b=c" })).toEqual({
      ok: true,
      value: { value: [1], next: `a?b=c&api-version=${version}` }
    })
    expect(Paging.page(endpoint, version, 1, { value: [1], nextLink: "https://evil.example/" })).toMatchObject({
      ok: false,
      violation: { field: "nextLink" }
    })
  })
})
