/**
 * The Effect 4 runtime floor (the bench's `effect4-runtime` client): the
 * node:http floor's operations, each run as an Effect through one
 * ManagedRuntime, as an app calls any Effect API. What this costs above the
 * floor is Effect 4's per-call price, which no Effect client can go under.
 */
import { setup as floor } from "../../../bench/clients/floor.js"
import type { Setup } from "../../../bench/clients/types.js"
import { throughRuntime } from "./throughRuntime.js"

export const setup: Setup = throughRuntime(floor)
