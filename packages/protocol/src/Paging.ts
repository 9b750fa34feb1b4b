/**
 * Following a pageable list's `nextLink` (`GET /access/entra/assignments`):
 * the link is resolved against the client's endpoint and followed only on
 * that endpoint's origin, so a request signed with the resource's key (or
 * carrying its bearer token) never goes to another host; and a listing reads
 * at most {@link maxPages} pages.
 *
 * @since 0.1.0
 */
import type * as ApiVersion from "./ApiVersion.js"
import type * as Rules from "./Rules.js"

/**
 * The most pages one listing reads; the next one is refused.
 *
 * @since 0.1.0
 * @category constants
 */
export const maxPages = 1000

const refused = (message: string): Rules.Result<never> => ({ ok: false, violation: { field: "nextLink", message } })

/**
 * The page that `nextLink` points to, after `pagesRead` pages, as the path and
 * query to append to `endpoint` (`scheme://host[:port]/…/`, as the clients keep
 * it): a relative link is resolved against the endpoint, the fragment dropped
 * and `api-version` added when the link has none. Refused when the link is
 * not a URL, leads to another origin or outside the endpoint's path, carries
 * user info, or when {@link maxPages} pages have been read.
 *
 * @since 0.1.0
 * @category paging
 */
export const next = (
  endpoint: string,
  nextLink: string,
  version: ApiVersion.ApiVersion,
  pagesRead: number
): Rules.Result<string> => {
  if (pagesRead >= maxPages) return refused(`The listing has more than ${maxPages} pages.`)
  const base = new URL(endpoint)
  let url: URL
  try {
    url = new URL(nextLink, base)
  } catch {
    return refused("The nextLink is not a URL.")
  }
  if (
    url.origin !== base.origin || url.username !== "" || url.password !== "" || !url.pathname.startsWith(base.pathname)
  ) {
    return refused(`The nextLink leads to ${url.origin}, not to the endpoint ${base.origin}${base.pathname}.`)
  }
  // the query as the service wrote it (URLSearchParams would re-encode it), `api-version` appended when missing
  const query = url.searchParams.get("api-version") !== null
    ? url.search
    : `${url.search === "" ? "?" : `${url.search}&`}api-version=${version}`
  return { ok: true, value: url.pathname.slice(base.pathname.length) + query }
}

/**
 * Where a listing's next page is, as a client hands it to its caller: the
 * path and query after the endpoint that {@link next} gave, and the pages
 * read before it.
 *
 * @since 0.2.0
 * @category models
 */
export interface Cursor {
  readonly page: string
  readonly pagesRead: number
}

/**
 * The page a cursor names: `page` (the path and query after `endpoint` that
 * {@link next} gave), after `pagesRead` pages, checked again as {@link next}
 * checks a `nextLink`, since a cursor may be made by hand (and `pagesRead`
 * must be a whole number, not negative). The path and query to send are the
 * answer's, not `page` as given (dot segments resolved).
 *
 * @since 0.2.0
 * @category paging
 */
export const resume = (
  endpoint: string,
  page: string,
  version: ApiVersion.ApiVersion,
  pagesRead: number
): Rules.Result<string> =>
  Number.isSafeInteger(pagesRead) && pagesRead >= 0
    ? next(endpoint, endpoint + page, version, pagesRead)
    : { ok: false, violation: { field: "pagesRead", message: "pagesRead is not a number of pages." } }

/**
 * A page of a list and where the next one is: the path and query after the
 * endpoint ({@link next}), `undefined` on the last page.
 *
 * @since 0.1.0
 * @category models
 */
export interface Page<A> {
  readonly value: ReadonlyArray<A>
  readonly next: string | undefined
}

/**
 * The `pagesRead`-th page of a list as the service answered it (`value`,
 * `nextLink`), with its `nextLink` checked by {@link next}.
 *
 * @since 0.1.0
 * @category paging
 */
export const page = <A>(
  endpoint: string,
  version: ApiVersion.ApiVersion,
  pagesRead: number,
  listed: { readonly value: ReadonlyArray<A>; readonly nextLink?: string | undefined }
): Rules.Result<Page<A>> => {
  if (listed.nextLink === undefined) return { ok: true, value: { value: listed.value, next: undefined } }
  const link = next(endpoint, listed.nextLink, version, pagesRead)
  return link.ok ? { ok: true, value: { value: listed.value, next: link.value } } : link
}
