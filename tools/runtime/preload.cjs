// @ts-check
// Preloaded (`node --require ./tools/runtime/preload.cjs`) by every entry point of this repository: the
// npm scripts, mocha, and Pulumi.yaml's `nodeargs` (so the real language host gets it too). It runs before
// the Pulumi SDK loads and does three things:
//  1. Turns on V8's compile cache (node_modules/.cache/platform-compile) for every module loaded after it:
//     the SDK's ~1,000 files, the provider SDKs, and ours. A warm start skips parsing and compiling them.
//  2. Rebuilds dist/ first when a TypeScript source changed since the last build (./build.cjs), so that
//     edit-and-run stays one step: `pulumi preview` or `npm run plan` after an edit runs the edit. A type
//     error stops the run with tsc's report; dist/ is then left as it was.
//  3. Caps captured stack traces at STACK_TRACE_LIMIT frames: the SDK records `new Error().stack` for every
//     resource and promise, and the language host's source-map-support maps each frame; errors the program
//     reports on purpose (ConfigError) carry no trace at all. PLATFORM_DEBUG=1 keeps node's default and maps
//     frames to the TypeScript sources instead.
"use strict";
const moduleApi = require("node:module");
const path = require("node:path");
const { build, staleReason, ROOT } = require("./build.cjs");

/** Frames kept in a captured stack: where an unexpected error was thrown, and its callers. */
const STACK_TRACE_LIMIT = 4;

if (typeof moduleApi.enableCompileCache === "function" && process.env.NODE_DISABLE_COMPILE_CACHE === undefined) {
    moduleApi.enableCompileCache(path.join(ROOT, "node_modules", ".cache", "platform-compile"));
}

const stale = process.env.PLATFORM_SKIP_BUILD_CHECK === undefined ? staleReason() : undefined;
if (stale !== undefined) {
    process.stderr.write(`platform: ${stale}; compiling (npm run build)...\n`);
    try {
        build();
    } catch (e) {
        process.stderr.write(`${/** @type {Error} */ (e).message}\n`);
        process.exit(1);
    }
}

if ((process.env.PLATFORM_DEBUG ?? "") !== "") {
    // Debugging: node's default frame count, and frames mapped to the TypeScript sources. Only modules
    // loaded after this call are mapped, which is why it is here, before anything else loads.
    process.setSourceMapsEnabled(true);
} else {
    Error.stackTraceLimit = STACK_TRACE_LIMIT;
}
