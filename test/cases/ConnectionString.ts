/**
 * The connection-string cases both Effect lines run (packages/core/test/ConnectionString.test.ts,
 * packages/effect4/core/test/ConnectionString.test.ts): accepted and rejected
 * inputs with what parsing them gives, endpoints, access keys and the
 * arbitraries of the properties.
 */
import * as Base64 from "@effect-acs/identity-protocol/Base64"
import fc from "fast-check"

/** A distinctive, valid (canonical) key: 16 base64 characters, 12 bytes. */
export const KEY = "SECRETkeyTEXTw=="
/** The hex-looking 48-byte key of the official tests. */
const K48 = "68810419818922fb0263dd6ee4b9c56537dbad914aa7324a119fce26778a286e"
/** A portal-style key: 64 bytes. */
const K64 = Base64.encode(Uint8Array.from({ length: 64 }, (_, i) => (i * 37 + 11) & 0xff))

/** Accepted: [name, input, endpoint, key]. */
export const good: ReadonlyArray<readonly [string, string, string, string]> = [
  [
    "canonical form",
    `endpoint=https://my-resource.communication.azure.com/;accesskey=${KEY}`,
    "https://my-resource.communication.azure.com/",
    KEY
  ],
  ["keys in the other order", `accesskey=${KEY};endpoint=https://h.example.com/`, "https://h.example.com/", KEY],
  ["mixed-case keys", `Endpoint=https://h.example.com/;AccessKey=${KEY}`, "https://h.example.com/", KEY],
  ["upper-case keys", `ENDPOINT=https://h.example.com/;ACCESSKEY=${KEY}`, "https://h.example.com/", KEY],
  [
    "spaces around keys and values",
    `  endpoint = https://h.example.com/ ;\taccesskey =  ${KEY}  `,
    "https://h.example.com/",
    KEY
  ],
  ["one trailing ;", `endpoint=https://h.example.com/;accesskey=${KEY};`, "https://h.example.com/", KEY],
  [
    "trailing ; followed by spaces",
    `endpoint=https://h.example.com/;accesskey=${KEY}; `,
    "https://h.example.com/",
    KEY
  ],
  ["endpoint without trailing /", `endpoint=https://h.example.com;accesskey=${KEY}`, "https://h.example.com/", KEY],
  ["loopback http with a port", `endpoint=http://127.0.0.1:8080;accesskey=${KEY}`, "http://127.0.0.1:8080/", KEY],
  ["localhost", `endpoint=http://localhost:10000/;accesskey=${KEY}`, "http://localhost:10000/", KEY],
  // default ports are dropped, as WHATWG `url.host` (the signed host) drops them
  ["https default port 443", `endpoint=https://host:443/;accesskey=${KEY}`, "https://host/", KEY],
  ["http default port 80", `endpoint=http://host:80;accesskey=${KEY}`, "http://host/", KEY],
  ["non-default https port kept", `endpoint=https://host:8443/;accesskey=${KEY}`, "https://host:8443/", KEY],
  [
    "host lower-cased",
    `endpoint=https://My-Resource.Communication.AZURE.com/;accesskey=${KEY}`,
    "https://my-resource.communication.azure.com/",
    KEY
  ],
  ["IPv6 loopback", `endpoint=http://[::1]:8080/;accesskey=${KEY}`, "http://[::1]:8080/", KEY],
  ["the 48-byte test key", `endpoint=https://h.example.com/;accesskey=${K48}`, "https://h.example.com/", K48],
  ["a 64-byte portal key", `endpoint=https://h.example.com/;accesskey=${K64}`, "https://h.example.com/", K64],
  ["short key with padding", "endpoint=https://h.example.com/;accesskey=pw==", "https://h.example.com/", "pw=="]
]

const cs = "connectionString"
const endpoint = "connectionString endpoint"
const accesskey = "connectionString accesskey"

/** Rejected: [name, input, field, message fragment, secret text that must not leak]. */
export const bad: ReadonlyArray<readonly [string, string, string, string, string]> = [
  ["missing endpoint", `accesskey=${KEY}`, cs, "no endpoint", KEY],
  ["missing accesskey", "endpoint=https://h.example.com/", cs, "no accesskey", KEY],
  ["empty string", "", cs, "empty setting", KEY],
  [
    "duplicate endpoint",
    `endpoint=https://h.example.com/;endpoint=https://g.example.com/;accesskey=${KEY}`,
    cs,
    "more than once",
    KEY
  ],
  [
    "duplicate accesskey (case-insensitive)",
    `accesskey=${KEY};endpoint=https://h.example.com/;AccessKey=${KEY}`,
    cs,
    "more than once",
    KEY
  ],
  ["unknown key", `endpoint=https://h.example.com/;accesskey=${KEY};region=westeurope`, cs, "unknown setting", KEY],
  ["empty key name", `endpoint=https://h.example.com/;accesskey=${KEY};=x`, cs, "unknown setting", KEY],
  ["empty endpoint value", `endpoint=;accesskey=${KEY}`, cs, "empty endpoint", KEY],
  ["empty accesskey value", "endpoint=https://h.example.com/;accesskey=", cs, "empty accesskey", KEY],
  ["blank accesskey value", "endpoint=https://h.example.com/;accesskey=   ", cs, "empty accesskey", KEY],
  ["leading ;", `;endpoint=https://h.example.com/;accesskey=${KEY}`, cs, "empty setting", KEY],
  ["doubled ;", `endpoint=https://h.example.com/;;accesskey=${KEY}`, cs, "empty setting", KEY],
  ["doubled trailing ;", `endpoint=https://h.example.com/;accesskey=${KEY};;`, cs, "empty setting", KEY],
  ["setting without =", `endpoint=https://h.example.com/;${K48}`, cs, "not key=value", K48],
  // the padding makes it look like `name=`: the name must not be echoed either
  ["key pasted without accesskey=", `endpoint=https://h.example.com/;${KEY}`, cs, "unknown setting", KEY.slice(0, -2)],
  ["accesskey without =", "endpoint=https://h.example.com/;accesskey", cs, "not key=value", KEY],
  [
    "bad base64 key",
    "endpoint=https://h.example.com/;accesskey=SECRET*KEY*TEXT!",
    accesskey,
    "not valid base64",
    "SECRET*KEY*TEXT!"
  ],
  [
    "url-safe base64 key",
    "endpoint=https://h.example.com/;accesskey=SECRET-key_TEXTw==",
    accesskey,
    "base64",
    "SECRET-key_TEXTw=="
  ],
  [
    "unpadded base64 key",
    "endpoint=https://h.example.com/;accesskey=SECRETkeyTEXTw",
    accesskey,
    "base64",
    "SECRETkeyTEXTw"
  ],
  [
    "non-canonical base64 key",
    "endpoint=https://h.example.com/;accesskey=SECRETkeyTEXTx==",
    accesskey,
    "canonical base64",
    "SECRETkeyTEXTx=="
  ],
  [
    "key with inner space",
    "endpoint=https://h.example.com/;accesskey=SECRET keyTEXTw==",
    accesskey,
    "base64",
    "SECRET keyTEXTw=="
  ],
  ["ftp endpoint", `endpoint=ftp://h.example.com/;accesskey=${KEY}`, endpoint, "http or https", KEY],
  [
    "endpoint with a path",
    `endpoint=https://h.example.com/foo;accesskey=${KEY}`,
    endpoint,
    "path, query or fragment",
    KEY
  ],
  [
    "endpoint with a query",
    `endpoint=https://h.example.com/?x=1;accesskey=${KEY}`,
    endpoint,
    "path, query or fragment",
    KEY
  ],
  [
    "endpoint with an empty query",
    `endpoint=https://h.example.com/?;accesskey=${KEY}`,
    endpoint,
    "path, query or fragment",
    KEY
  ],
  [
    "endpoint with a fragment",
    `endpoint=https://h.example.com/#top;accesskey=${KEY}`,
    endpoint,
    "path, query or fragment",
    KEY
  ],
  [
    "credentials in the endpoint",
    `endpoint=https://user:${KEY}@h.example.com/;accesskey=${KEY}`,
    endpoint,
    "credentials",
    KEY
  ],
  ["trailing-dot host", `endpoint=https://h.example.com./;accesskey=${KEY}`, endpoint, "trailing dot", KEY],
  ["not a URL", `endpoint=not a url;accesskey=${KEY}`, endpoint, "not an absolute URL", KEY],
  ["relative URL", `endpoint=/identities;accesskey=${KEY}`, endpoint, "not an absolute URL", KEY]
]

/** `parseEndpoint`: input → the normalised endpoint. */
export const endpoints: ReadonlyArray<readonly [string, string]> = [
  ["https://h.example.com", "https://h.example.com/"],
  ["https://h.example.com:443/", "https://h.example.com/"],
  ["http://h.example.com:80/", "http://h.example.com/"],
  ["http://h.example.com:443/", "http://h.example.com:443/"],
  ["http://[::1]:8080/", "http://[::1]:8080/"],
  ["http://[::1]", "http://[::1]/"],
  [" https://h.example.com/ ", "https://h.example.com/"]
]

/** `decodeAccessKey`: key → its bytes. */
export const keys: ReadonlyArray<readonly [string, ReadonlyArray<number>]> = [
  ["pw==", [0xa7]],
  ["aGVsbG8=", [104, 101, 108, 108, 111]],
  ["AAAA", [0, 0, 0]]
]

/** `decodeAccessKey`: keys it rejects (without echoing them). */
export const badKeys: ReadonlyArray<string> = ["", "pw", "px==", "aGVsbG9=", "p===", "pw==\n", " pw==", "a-_w", "===="]

/** Endpoints of every scheme, host form, port and trailing slash. */
export const endpointArb = fc
  .record({
    scheme: fc.constantFrom("http", "https"),
    host: fc.oneof(
      fc.domain(),
      fc.domain().map((d) => d.toUpperCase()),
      fc.ipV4(),
      fc.constantFrom("localhost", "[::1]", "my-resource.communication.azure.com")
    ),
    port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
    slash: fc.boolean()
  })
  .map(({ host, port, scheme, slash }) =>
    `${scheme}://${host}${port === undefined ? "" : `:${port}`}${slash ? "/" : ""}`
  )

/** Canonical base64 access keys. */
export const keyArb = fc.uint8Array({ minLength: 1, maxLength: 96 }).map(Base64.encode)

/** Keys long enough not to occur by chance in a message. */
export const secretKeyArb = fc.uint8Array({ minLength: 6, maxLength: 96 }).map(Base64.encode)

/** Connection strings around a key that are rejected. */
export const rejecting = fc.constantFrom(
  (k: string) => `endpoint=ftp://h/;accesskey=${k}`,
  (k: string) => `endpoint=https://h/x;accesskey=${k}`,
  (k: string) => `accesskey=${k}`,
  (k: string) => `endpoint=https://h/;accesskey=${k};accesskey=${k}`,
  (k: string) => `endpoint=https://h/;accesskey=${k};x=1`,
  (k: string) => `endpoint=https://h/;accesskey=${k}*`,
  (k: string) => `endpoint=https://h/;;accesskey=${k}`
)

/** Spellings that do not matter: the key names' case and the spaces around them. */
export const endpointNames = fc.constantFrom("endpoint", "Endpoint", "ENDPOINT")
/** The access key's name in any case. */
export const accessKeyNames = fc.constantFrom("accesskey", "AccessKey", "ACCESSKEY")
/** Spaces around names and values. */
export const spaces = fc.constantFrom("", " ", "  \t")
