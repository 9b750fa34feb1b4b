/**
 * Where a request goes, as the fields of Node's `http.request` options:
 * building them from a `URL` ourselves costs a fraction of what Node's own
 * `URL`-to-options conversion does (≈ 50,000 instructions per request,
 * measured with callgrind), with the same result.
 *
 * @since 0.1.0
 */

/**
 * The target of a request: what `http.request(options)` needs besides the method, headers and agent.
 *
 * @since 0.1.0
 * @category models
 */
export interface Target {
  readonly protocol: string
  /** An IPv6 literal without its brackets, as Node expects it. */
  readonly hostname: string
  /** Empty for the scheme's default port. */
  readonly port: string
  /** Path and query. */
  readonly path: string
  /** `user:password` from the URL, decoded; absent when the URL has none. */
  readonly auth?: string
}

/**
 * The target of `url`, as Node derives it from a `URL`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const of = (url: URL): Target => {
  const hostname = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname
  const path = url.pathname + url.search
  return url.username === "" && url.password === ""
    ? { protocol: url.protocol, hostname, port: url.port, path }
    : {
      protocol: url.protocol,
      hostname,
      port: url.port,
      path,
      auth: `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`
    }
}
