/**
 * Vitest global setup: a throw-away self-signed certificate for 127.0.0.1,
 * made with `openssl` for this run only and trusted by the test workers
 * through `NODE_EXTRA_CA_CERTS` (read when a process starts, so it is set here,
 * before the workers are forked). The Entra exchange scenarios
 * (`EntraCredential.test.ts`) serve https with it, since the official client
 * refuses plain http. Nothing is committed: each run makes its own directory
 * under `node_modules/.cache/effect-acs-test-tls/` and leaves it (a process that
 * vitest starts late still reads `NODE_EXTRA_CA_CERTS`, so it must outlive the
 * run); directories older than a day are removed by the next run.
 */
import { execFileSync } from "node:child_process"
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

/** The environment variable naming the directory with `key.pem` and `cert.pem`. */
export const tlsDirVariable = "EFFECT_ACS_TEST_TLS_DIR"

/**
 * A throw-away self-signed certificate, made with `openssl` (EC P-256, valid
 * for a day) into `dir` as `key.pem` and `cert.pem`, for `subject` and the
 * `subjectAltName` entries `altNames` (e.g. `DNS:localhost,IP:127.0.0.1`).
 */
export const selfSigned = (dir: string, subject: string, altNames: string) => {
  const key = join(dir, "key.pem")
  const cert = join(dir, "cert.pem")
  execFileSync("openssl", [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-keyout",
    key,
    "-out",
    cert,
    "-days",
    "1",
    "-subj",
    subject,
    "-addext",
    `subjectAltName=${altNames}`
  ], { stdio: "ignore" })
  return { key, cert }
}

export default function setup(): void {
  const root = fileURLToPath(new URL("../../node_modules/.cache/effect-acs-test-tls/", import.meta.url))
  mkdirSync(root, { recursive: true })
  for (const name of readdirSync(root)) {
    const old = join(root, name)
    if (Date.now() - statSync(old).mtimeMs > 24 * 60 * 60 * 1000) rmSync(old, { recursive: true, force: true })
  }
  // one directory per run: runs in parallel never share a certificate
  const dir = mkdtempSync(join(root, "run-"))
  const { cert } = selfSigned(dir, "/CN=127.0.0.1", "IP:127.0.0.1")
  // keep whatever extra CAs the environment already trusts
  const previous = process.env.NODE_EXTRA_CA_CERTS
  const bundle = join(dir, "ca-bundle.pem")
  writeFileSync(bundle, (previous ? `${readFileSync(previous, "utf8")}\n` : "") + readFileSync(cert, "utf8"))
  process.env.NODE_EXTRA_CA_CERTS = bundle
  process.env[tlsDirVariable] = dir
}
