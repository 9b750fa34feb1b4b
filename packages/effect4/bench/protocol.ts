/**
 * The protocol floor (the bench's `effect4-protocol` client): the drop-in's
 * calls — the shared protocol package under a minimal Promise executor, no
 * Effect — each run as one Effect through one ManagedRuntime: Effect 4's
 * per-call price plus the protocol's work and `node:https`'s. The Effect 4
 * API's direct transport, which speaks HTTP/1.1 itself, goes under it.
 */
import { setup as dropin } from "../../../bench/clients/dropin.js"
import type { Setup } from "../../../bench/clients/types.js"
import { throughRuntime } from "./throughRuntime.js"

export const setup: Setup = throughRuntime(dropin)
