// Entry point for `pulumi preview` / `pulumi up` (see Pulumi.yaml). The stack's outputs are the
// program's return value. Exported as a function so that the SDK awaits it: a config error then
// reaches the engine as one message, with no unhandled-rejection warning first.
import { platformProgram } from "./program";

export = () => platformProgram();
