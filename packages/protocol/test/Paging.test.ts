import * as Paging from "@effect-acs/identity-protocol/Paging"
import fc from "fast-check"
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

describe("Paging.resume", () => {
  const pathChar = fc.constantFrom(..."ab/:@%20?&=.-~!$'()*+,;", "..", "%2F", "é", "#")
  const link = fc.oneof(
    fc.string({ unit: pathChar }).map((path) => `/${path}`),
    fc.string({ unit: pathChar }).map((path) => `${endpoint}${path}`),
    fc.string({ unit: pathChar })
  )

  it("a page that next gave is resumed as it is (however the nextLink was written)", () => {
    fc.assert(fc.property(link, fc.nat({ max: Paging.maxPages - 1 }), (nextLink, pagesRead) => {
      const page = Paging.next(endpoint, nextLink, version, pagesRead)
      fc.pre(page.ok)
      expect(Paging.resume(endpoint, page.ok ? page.value : "", version, pagesRead)).toEqual(page)
    }))
  })

  it("a page made by hand is checked: another origin, a path out of the endpoint's, too many pages: refused", () => {
    const under = "https://contoso.communication.azure.com/acs/"
    expect(Paging.resume(under, "../x", version, 1)).toMatchObject({ ok: false, violation: { field: "nextLink" } })
    expect(Paging.resume(under, "a/../../x", version, 1)).toMatchObject({ ok: false })
    expect(Paging.resume(endpoint, "@evil.example/x", version, 1)).toEqual({
      ok: true,
      value: `@evil.example/x?api-version=${version}`
    })
    expect(Paging.resume(endpoint, "a/../b?c=d", version, 1)).toEqual({
      ok: true,
      value: `b?c=d&api-version=${version}`
    })
    for (const pagesRead of [-1, 1.5, Number.NaN, Infinity]) {
      expect(Paging.resume(endpoint, "x", version, pagesRead)).toMatchObject({
        ok: false,
        violation: { field: "pagesRead" }
      })
    }
    expect(Paging.resume(endpoint, "x", version, Paging.maxPages)).toMatchObject({
      ok: false,
      violation: { message: `The listing has more than ${Paging.maxPages} pages.` }
    })
  })
})
