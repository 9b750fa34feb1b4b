/**
 * The protocol floor (the bench's `effect4-protocol` client): the drop-in's
 * calls — the shared protocol package under a minimal Promise executor, no
 * Effect — each run as one Effect through one ManagedRuntime. The design puts
 * every wire rule in that protocol package, so no Effect 4 client built on it
 * can cost less than this: Effect 4's per-call price plus the protocol's work.
 */
import { setup as dropin } from "../../../bench/clients/dropin.js"
import type { Setup } from "../../../bench/clients/types.js"
import { throughRuntime } from "./throughRuntime.js"

export const setup: Setup = throughRuntime(dropin)
