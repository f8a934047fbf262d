import Module = require("node:module");
import * as path from "node:path";
import { projectRoot } from "../../components/projectRoot";

/**
 * Prints (as JSON) the `@pulumi/*` entry points our own code requires when the stack program is
 * loaded, without running it: the provider modules the floor case loads. Run in a fresh process:
 * `node --require ./tools/runtime/preload.cjs dist/tools/bench/entryPoints.js`.
 */
const projectDir = projectRoot();
const seen = new Set<string>();
const loader = Module as unknown as { _load(request: string, parent: { filename?: string } | undefined, isMain: boolean): unknown };
const original = loader._load;
loader._load = function (request, parent, isMain) {
    const from = parent?.filename ?? "";
    if (request.startsWith("@pulumi/") && from.startsWith(projectDir) && !from.includes(`${path.sep}node_modules${path.sep}`)) seen.add(request);
    return original.call(this, request, parent, isMain);
};
// Relative to this module: the compiled program next to it under dist/.
require("../../stacks/program");
process.stdout.write(JSON.stringify([...seen].sort()) + "\n");
