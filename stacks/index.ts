// Entry point for `pulumi preview` / `pulumi up` (see Pulumi.yaml). The stack's outputs are the
// program's return value.
import { platformProgram } from "./program";

export = platformProgram();
