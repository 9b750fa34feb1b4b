/**
 * The web-standard globals the protocol uses, present in every JavaScript
 * runtime it targets (Node, browsers, Deno, Bun, workers) — and nothing else:
 * the protocol is compiled without the DOM and Node libraries, so any other
 * platform global is a type error.
 */
declare class URLSearchParams {
  constructor(init?: string)
  get(name: string): string | null
  toString(): string
}
declare class URL {
  constructor(url: string, base?: string | URL)
  readonly host: string
  readonly origin: string
  readonly hostname: string
  readonly port: string
  readonly pathname: string
  readonly protocol: string
  readonly username: string
  readonly password: string
  readonly search: string
  readonly hash: string
  readonly searchParams: URLSearchParams
}
declare class TextEncoder {
  encode(input?: string): Uint8Array
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean })
  decode(input?: Uint8Array): string
}
