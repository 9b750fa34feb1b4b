/**
 * A local emulator of the Azure Communication Services Identity service.
 *
 * @since 0.1.0
 */

/**
 * The emulator service: options, faults, counters, and its `HttpApp`.
 *
 * @since 0.1.0
 */
export * as Emulator from "./Emulator.js"

/**
 * The emulator's own typed errors.
 *
 * @since 0.1.0
 */
export * as EmulatorError from "./EmulatorError.js"

/**
 * An in-process `HttpClient` that talks to the emulator without a socket.
 *
 * @since 0.1.0
 */
export * as EmulatorHttpClient from "./EmulatorHttpClient.js"

/**
 * Serves the emulator on a loopback `node:http` server.
 *
 * @since 0.1.0
 */
export * as EmulatorServer from "./EmulatorServer.js"

/**
 * The emulator started and stopped with Promises, in-process or on a loopback port.
 *
 * @since 0.1.0
 */
export * as EmulatorRuntime from "./EmulatorRuntime.js"

/**
 * The emulator as a web-standard handler, `(request: Request) => Promise<Response>`.
 *
 * @since 0.1.0
 */
export * as EmulatorWebHandler from "./EmulatorWebHandler.js"
