/**
 * The example page: a communication user's credential whose refresher asks
 * the backend (`GET /token`), and a view of the current token — user id,
 * scopes and a live countdown to the credential's next proactive refresh.
 */
import { AzureCommunicationTokenCredential } from "@effect-acs/identity-browser"
import * as TokenCredential from "@effect-acs/identity/TokenCredential"
import * as TokenParser from "@effect-acs/identity/TokenParser"
import * as Either from "effect/Either"

/** What `GET /token` answers. */
export interface TokenResponse {
  readonly token: string
  /** ISO 8601. */
  readonly expiresOn: string
  readonly user: { readonly communicationUserId: string }
}

const isTokenResponse = (value: unknown): value is TokenResponse => {
  if (typeof value !== "object" || value === null) return false
  const { expiresOn, token, user } = value as Record<string, unknown>
  return typeof token === "string" && typeof expiresOn === "string" && !Number.isNaN(Date.parse(expiresOn)) &&
    typeof user === "object" && user !== null &&
    typeof (user as Record<string, unknown>).communicationUserId === "string"
}

/** The user of the last token the refresher fetched, and when it was fetched. */
interface Fetched {
  readonly user: string
  readonly at: number
}

const element = (id: string): HTMLElement => {
  const found = document.getElementById(id)
  if (found === null) throw new Error(`#${id} is missing from the page`)
  return found
}

const userElement = element("user")
const scopesElement = element("scopes")
const expiresElement = element("expires")
const countdownElement = element("countdown")
const fetchedElement = element("fetched")
const statusElement = element("status")

let fetched: Fetched | undefined
let fetchCount = 0
/** When the credential refreshes proactively: 10 minutes before expiry, or halfway through a shorter lifetime. */
let nextRefresh: number | undefined
let updating = false
/** When to read the token again: when its refresh is due, or 5 s after a failure. */
let nextUpdate = 0

const credential = new AzureCommunicationTokenCredential({
  tokenRefresher: async (abortSignal) => {
    const response = await fetch("/token", { signal: abortSignal ?? null, cache: "no-store" })
    if (!response.ok) throw new Error(`GET /token answered ${response.status}`)
    const body: unknown = await response.json()
    if (!isTokenResponse(body)) throw new Error("GET /token answered an unexpected body")
    fetched = { user: body.user.communicationUserId, at: Date.now() }
    fetchCount++
    return { token: body.token, expiresOnTimestamp: Date.parse(body.expiresOn) }
  },
  refreshProactively: true
})

const setStatus = (text: string, error: boolean) => {
  statusElement.textContent = text
  statusElement.classList.toggle("error", error)
}

/** `1:02:03` or `2:03`. */
const formatDuration = (millis: number): string => {
  const total = Math.max(0, Math.ceil(millis / 1000))
  const hours = Math.floor(total / 3600)
  const minutes = Math.floor(total / 60) % 60
  const seconds = String(total % 60).padStart(2, "0")
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${seconds}` : `${minutes}:${seconds}`
}

const render = () => {
  if (nextRefresh === undefined) return
  const left = nextRefresh - Date.now()
  countdownElement.textContent = left > 0 ? formatDuration(left) : "refreshing…"
}

/** Shows the credential's current token. */
const update = async () => {
  updating = true
  try {
    const { expiresOnTimestamp, token } = await credential.getToken()
    const info = TokenParser.parse(token, { now: Date.now() })
    const at = fetched?.at ?? Date.now()
    const soon = expiresOnTimestamp - TokenCredential.expiringSoonMillis
    nextRefresh = at < soon ? soon : at + (expiresOnTimestamp - at) / 2
    userElement.textContent = fetched?.user ?? "(unknown)"
    scopesElement.replaceChildren(...(Either.isRight(info) ? info.right.scopes : []).map((scope) => {
      const chip = document.createElement("span")
      chip.textContent = scope
      return chip
    }))
    expiresElement.textContent = new Date(expiresOnTimestamp).toLocaleString()
    fetchedElement.textContent = String(fetchCount)
    setStatus("Token ready.", false)
    nextUpdate = nextRefresh
  } catch (error) {
    setStatus(`Could not get a token: ${error instanceof Error ? error.message : String(error)}`, true)
    nextUpdate = Date.now() + 5000
  } finally {
    updating = false
  }
}

// Four ticks a second; the credential answers from its cache until the refresh is due.
const tick = () => {
  if (!updating && Date.now() >= nextUpdate) void update()
  render()
}
tick()
setInterval(tick, 250)
