/**
 * The typed failures of the emulator's own API (construction, state file,
 * fault injection). Requests to the emulated service never fail with these:
 * they are answered with the service's error envelope.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * Invalid options, an unreadable or unwritable state file, or an invalid
 * fault. The message never contains the access key.
 *
 * @since 0.1.0
 * @category errors
 */
export class EmulatorError extends Schema.TaggedError<EmulatorError>("@effect-acs/identity-emulator/EmulatorError")(
  "EmulatorError",
  {
    reason: Schema.Literal("InvalidOptions", "StateFile", "InvalidFault"),
    message: Schema.String,
    cause: Schema.optional(Schema.Defect)
  }
) {}
