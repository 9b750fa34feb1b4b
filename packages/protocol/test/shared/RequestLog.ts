import * as ErrorEnvelope from "@effect-acs/identity-protocol/ErrorEnvelope"
import * as Redaction from "@effect-acs/identity-protocol/Redaction"
import * as RequestLog from "@effect-acs/identity-protocol/RequestLog"
import fc from "fast-check"
import type { Suite } from "./Case.js"

const headers = (values: Readonly<Record<string, string>>) => (name: string): string | undefined => values[name]

const request = (url = "https://contoso.communication.azure.com/identities?api-version=2023-10-01") => ({
  operation: "createUser",
  method: "POST",
  url,
  requestId: "5f0c2d0e-1111-4222-8333-944445555666"
})

const attempt = (outcome: RequestLog.Outcome) => ({ number: 2, durationMillis: 1500, outcome })

/** A JWT-shaped text, as Entra and ACS tokens are. */
const jwt = fc.tuple(fc.base64String({ minLength: 4 }), fc.base64String({ minLength: 4 }))
  .map(([payload, signature]) =>
    `eyJhbGciOiJIUzI1NiJ9.${payload.replace(/[+/=]/g, "")}x.${signature.replace(/[+/=]/g, "")}y`
  )

/** A secret that is not JWT-shaped: redacted only because the caller names it. */
const key = fc.uint8Array({ minLength: 16, maxLength: 64 }).map((bytes) => `k${bytes.join("")}`)

export const suites: ReadonlyArray<Suite> = [{
  name: "RequestLog",
  cases: [
    {
      name: "the URL keeps scheme, host, path and api-version only",
      run: ({ expect }) => {
        expect(
          RequestLog.safeUrl(
            "https://contoso.communication.azure.com/identities/8%3Aacs%3Ax/:issueAccessToken?api-version=2023-10-01"
          )
        )
          .toBe(
            "https://contoso.communication.azure.com/identities/8%3Aacs%3Ax/:issueAccessToken?api-version=2023-10-01"
          )
        expect(
          RequestLog.safeUrl(
            "http://user:pass@127.0.0.1:8080/identities?sig=abc&api-version=2025-03-02-preview&code=1#frag"
          )
        )
          .toBe("http://127.0.0.1:8080/identities?api-version=2025-03-02-preview")
        expect(RequestLog.safeUrl("https://h/identities?token=abc")).toBe("https://h/identities")
        expect(RequestLog.safeUrl("not a url accesskey=abc")).toBe(Redaction.placeholder)
      }
    },
    {
      name: "the URL's path is redacted of the secrets it is given and of JWT-shaped text",
      run: ({ expect }) => {
        expect(RequestLog.safeUrl("https://h/identities/s3cr3t-key/x", ["s3cr3t-key"])).toBe(
          "https://h/identities/<redacted>/x"
        )
        expect(RequestLog.safeUrl("https://h/identities/eyJa.eyJb.c")).toBe("https://h/identities/<redacted>")
      }
    },
    {
      name: "a response gives its status and the service's request id: ms-cv, else x-ms-request-id",
      run: ({ expect }) => {
        expect(
          RequestLog.fields(
            request(),
            attempt({ status: 201, header: headers({ "ms-cv": "cv-1", "x-ms-request-id": "rq-1" }) })
          )
        )
          .toStrictEqual({
            "acs.operation": "createUser",
            "http.request.method": "POST",
            "url.full": "https://contoso.communication.azure.com/identities?api-version=2023-10-01",
            "acs.attempt": 2,
            "acs.duration_ms": 1500,
            "acs.client_request_id": "5f0c2d0e-1111-4222-8333-944445555666",
            "http.response.status_code": 201,
            "acs.service_request_id": "cv-1"
          })
        expect(RequestLog.fields(request(), attempt({ status: 503, header: headers({ "x-ms-request-id": "rq-1" }) })))
          .toMatchObject({ "http.response.status_code": 503, "acs.service_request_id": "rq-1" })
        const bare = RequestLog.fields(request(), attempt({ status: 204, header: headers({}) }))
        expect(bare).not.toHaveProperty("acs.service_request_id")
        expect(bare).not.toHaveProperty("error.type")
        // the same lookup as the service errors' `serviceRequestId`
        expect(ErrorEnvelope.serviceRequestId(headers({ "ms-cv": "cv-1", "x-ms-request-id": "rq-1" }))).toBe("cv-1")
      }
    },
    {
      name: "no response gives the failure's tag and no status",
      run: ({ expect }) => {
        const fields = RequestLog.fields(request(), attempt({ failure: "TransportError" }))
        expect(fields).toMatchObject({ "error.type": "TransportError", "acs.attempt": 2, "acs.duration_ms": 1500 })
        expect(fields).not.toHaveProperty("http.response.status_code")
        expect(fields).not.toHaveProperty("acs.service_request_id")
      }
    },
    {
      name: "no secret it is given and no JWT reaches the fields, wherever the URL or the service put them",
      run: ({ expect }) => {
        fc.assert(
          fc.property(key, jwt, fc.constantFrom("path", "query", "userinfo", "fragment"), (secret, token, where) => {
            const url = {
              path: `https://h/identities/${secret}/${token}?api-version=2023-10-01`,
              query: `https://h/identities?api-version=2023-10-01&key=${secret}&token=${token}`,
              userinfo: `https://${secret}:${token}@h/identities?api-version=2023-10-01`,
              fragment: `https://h/identities?api-version=2023-10-01#${secret}${token}`
            }[where]
            const echoed = headers({ "ms-cv": `${secret} ${token}` })
            const text = JSON.stringify([
              RequestLog.message,
              RequestLog.fields(request(url), attempt({ status: 401, header: echoed }), [secret]),
              RequestLog.fields(request(url), attempt({ failure: "CredentialError" }), [secret])
            ])
            expect(text).not.toContain(secret)
            expect(text).not.toContain(token)
          })
        )
      }
    }
  ]
}]
