/**
 * Vitest global setup: a throw-away self-signed certificate for 127.0.0.1,
 * made with `openssl` for this run only and trusted by the test workers
 * through `NODE_EXTRA_CA_CERTS` (read when a process starts, so it is set here,
 * before the workers are forked). The Entra exchange scenarios
 * (`EntraCredential.test.ts`) serve https with it, since the official client
 * refuses plain http. Nothing is committed; the files go at teardown.
 */
import { execFileSync } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

/** The environment variable naming the directory with `key.pem` and `cert.pem`. */
export const tlsDirVariable = "EFFECT_ACS_TEST_TLS_DIR"

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), "effect-acs-tls-"))
  const key = join(dir, "key.pem")
  const cert = join(dir, "cert.pem")
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"
  ], { stdio: "ignore" })
  // keep whatever extra CAs the environment already trusts
  const previous = process.env.NODE_EXTRA_CA_CERTS
  const bundle = join(dir, "ca-bundle.pem")
  writeFileSync(bundle, (previous ? `${readFileSync(previous, "utf8")}\n` : "") + readFileSync(cert, "utf8"))
  process.env.NODE_EXTRA_CA_CERTS = bundle
  process.env[tlsDirVariable] = dir
  return () => {
    // processes started after this must not look for the removed bundle
    if (previous === undefined) delete process.env.NODE_EXTRA_CA_CERTS
    else process.env.NODE_EXTRA_CA_CERTS = previous
    delete process.env[tlsDirVariable]
    rmSync(dir, { recursive: true, force: true })
  }
}
