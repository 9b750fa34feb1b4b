/**
 * Keeping credentials out of error texts: JWT-shaped text and every secret a
 * client sent are replaced by `<redacted>`, in time linear in the text.
 *
 * @since 0.1.0
 */

/**
 * What replaces a secret.
 *
 * @since 0.1.0
 * @category constants
 */
export const placeholder = "<redacted>"

/**
 * The most text of a body that is inspected for an error message.
 *
 * @since 0.1.0
 * @category constants
 */
export const maxInspected = 65_536

const isTokenChar = (code: number): boolean =>
  (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 ||
  code === 45 || code === 46

/**
 * Replaces every JWT-shaped run (`eyJ…​.…​.…`, the form of every Entra and ACS
 * token) by {@link placeholder}. One pass: each character is looked at a
 * bounded number of times, whatever the text.
 *
 * @since 0.1.0
 * @category redaction
 */
export const redactJwts = (text: string): string => {
  if (!text.includes("eyJ")) return text
  let out = ""
  let copied = 0
  let i = 0
  while (i < text.length) {
    if (!isTokenChar(text.charCodeAt(i))) {
      i++
      continue
    }
    // a maximal run of [\w.-]
    let end = i
    while (end < text.length && isTokenChar(text.charCodeAt(end))) end++
    let from = i
    while (from < end) {
      let start = -1
      for (let j = from; j + 2 < end; j++) {
        if (text.charCodeAt(j) === 101 && text.charCodeAt(j + 1) === 121 && text.charCodeAt(j + 2) === 74) {
          start = j
          break
        }
      }
      if (start < 0) break
      // the token ends at its third dot, or with the run
      let dots = 0
      let stop = end
      for (let k = start + 3; k < end; k++) {
        if (text.charCodeAt(k) === 46 && ++dots === 3) {
          stop = k
          break
        }
      }
      if (dots < 2) break
      out += text.slice(copied, start) + placeholder
      copied = stop
      from = stop
    }
    i = end
  }
  return out + text.slice(copied)
}

/**
 * Replaces each of `secrets` (skipping empty ones) and every JWT-shaped run.
 *
 * @since 0.1.0
 * @category redaction
 */
export const redact = (text: string, secrets: ReadonlyArray<string> = []): string => {
  let out = text
  for (const secret of secrets) if (secret !== "" && out.includes(secret)) out = out.split(secret).join(placeholder)
  return redactJwts(out)
}

/**
 * The first {@link maxInspected} characters; a token-shaped run that the cut
 * goes through is dropped from its `eyJ` on (its dots may lie beyond the cut,
 * where {@link redactJwts} cannot see them).
 */
const inspected = (text: string): string => {
  if (text.length <= maxInspected) return text
  const window = text.slice(0, maxInspected)
  let start = window.length
  while (start > 0 && isTokenChar(window.charCodeAt(start - 1))) start--
  const at = window.indexOf("eyJ", start)
  return at < 0 ? window : window.slice(0, at) + placeholder
}

/**
 * The longest service text (an envelope's `code`, `message` or `target`)
 * kept in an error, after redaction.
 *
 * @since 0.1.0
 * @category constants
 */
export const maxField = 4_096

/**
 * A service text for an error: redacted, then cut to {@link maxField}.
 *
 * @since 0.1.0
 * @category redaction
 */
export const bounded = (text: string, secrets: ReadonlyArray<string> = []): string => {
  const redacted = redact(text, secrets)
  return redacted.length <= maxField ? redacted : `${redacted.slice(0, maxField - 1)}…`
}

/**
 * An error text from a body that is not an error envelope: empty, JSON and
 * markup-free text give `HTTP <status>`; other text is redacted and cut to
 * 200 characters. At most {@link maxInspected} characters are looked at.
 *
 * @since 0.1.0
 * @category redaction
 */
export const describeBody = (text: string, status: number, secrets: ReadonlyArray<string> = []): string => {
  const trimmed = inspected(text).trim()
  if (trimmed === "" || trimmed.startsWith("{") || trimmed.startsWith("[")) return `HTTP ${status}`
  // redact before cutting: a token straddling the cut would no longer match
  return redact(trimmed, secrets).slice(0, 200)
}
