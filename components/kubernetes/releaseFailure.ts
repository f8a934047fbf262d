import * as pulumi from "@pulumi/pulumi";

/**
 * A release or switch its own gate rolled back: the update fails with the gate's verdict and what to do, and
 * nothing else. The verdict is read inside an Output the next resource takes as an input, and the SDK prefixes
 * an error thrown there with `error serializing property "<input>"` by assigning to its `message`: that
 * assignment is ignored here, so the user reads the verdict, not the SDK's plumbing. A RunError: no stack trace.
 */
export class ReleaseFailure extends pulumi.RunError {
    constructor(message: string) {
        super(message);
        Object.defineProperty(this, "message", { get: () => message, set: () => undefined, enumerable: false, configurable: false });
    }
}
