// @ts-check
// The one build of this repository's TypeScript: `tsc -p tsconfig.json` into dist/ (incremental), then
// removal of every dist/ file whose source is gone, so that a renamed test or module never runs stale.
// Plain CommonJS with no dependency but TypeScript itself: the preload (./preload.cjs) calls it before
// anything is compiled, and `npm run build` / `npm ci` (prepare) run it directly.
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..", "..");
const DIST = path.join(ROOT, "dist");
const BUILD_INFO = path.join(DIST, ".tsbuildinfo");
/** Plain JavaScript modules the compiled code imports (with a .d.ts beside them): copied into dist/ as they are. */
const JS_MODULES = ["gates/gate.js"];

/** The folders tsconfig.json compiles (the first segment of each `include` glob). */
function sourceDirs() {
    /** @type {{ include: string[] }} */
    const tsconfig = JSON.parse(fs.readFileSync(path.join(ROOT, "tsconfig.json"), "utf8"));
    return [...new Set(tsconfig.include.map((g) => g.split("/")[0]))];
}

/** Every .ts source (not .d.ts) under the compiled folders, relative to the root. */
function sources() {
    /** @type {string[]} */
    const out = [];
    /** @param {string} dir */
    const walk = (dir) => {
        for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
            const rel = path.join(dir, e.name);
            if (e.isDirectory()) {
                if (e.name !== "node_modules" && e.name !== "bin") walk(rel);
            } else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) out.push(rel);
        }
    };
    for (const d of sourceDirs()) if (fs.existsSync(path.join(ROOT, d))) walk(d);
    return out;
}

/**
 * Why dist/ is out of date, or undefined when it is not: a source (or tsconfig.json) newer than the last
 * build, a source without its output, or an output without its source.
 */
function staleReason() {
    if (!fs.existsSync(BUILD_INFO)) return "dist/ has not been built";
    const built = fs.statSync(BUILD_INFO).mtimeMs;
    const files = sources();
    for (const f of [...files, ...JS_MODULES, "tsconfig.json"]) {
        if (fs.statSync(path.join(ROOT, f)).mtimeMs > built) return `${f} changed since the last build`;
    }
    for (const f of [...files.map((t) => t.replace(/\.ts$/, ".js")), ...JS_MODULES]) {
        if (!fs.existsSync(path.join(DIST, f))) return `${f} has no build output`;
    }
    if (orphans(files).length > 0) return `${orphans(files)[0]} has no source any more`;
    return undefined;
}

/** dist/ outputs (.js, .js.map, .d.ts) whose .ts source no longer exists. */
function orphans(files = sources()) {
    const expected = new Set([...files, ...JS_MODULES].map((f) => f.replace(/\.(ts|js)$/, "")));
    /** @type {string[]} */
    const out = [];
    /** @param {string} dir */
    const walk = (dir) => {
        for (const e of fs.readdirSync(path.join(DIST, dir), { withFileTypes: true })) {
            const rel = path.join(dir, e.name);
            if (e.isDirectory()) walk(rel);
            else {
                const stem = rel.replace(/(\.js\.map|\.js|\.d\.ts)$/, "");
                if (stem !== rel && !expected.has(stem)) out.push(path.join("dist", rel));
            }
        }
    };
    for (const d of sourceDirs()) if (fs.existsSync(path.join(DIST, d))) walk(d);
    return out;
}

/** Compiles into dist/ and prunes outputs without a source. Throws with tsc's report when it fails. */
function build() {
    const tsc = require.resolve("typescript/bin/tsc", { paths: [ROOT] });
    const run = spawnSync(process.execPath, [tsc, "-p", path.join(ROOT, "tsconfig.json")], { cwd: ROOT, encoding: "utf8" });
    if (run.status !== 0) {
        throw new Error(`tsc -p tsconfig.json failed (dist/ left as it was):\n${(run.stdout + run.stderr).trim()}`);
    }
    for (const f of JS_MODULES) {
        fs.mkdirSync(path.dirname(path.join(DIST, f)), { recursive: true });
        fs.copyFileSync(path.join(ROOT, f), path.join(DIST, f));
    }
    for (const f of orphans()) fs.rmSync(path.join(ROOT, f));
    // tsc leaves the build info untouched when nothing changed: mark the build as checked now.
    const now = new Date();
    fs.utimesSync(BUILD_INFO, now, now);
}

module.exports = { ROOT, DIST, build, staleReason };

if (require.main === module) {
    try {
        build();
    } catch (e) {
        console.error(/** @type {Error} */ (e).message);
        process.exitCode = 1;
    }
}
