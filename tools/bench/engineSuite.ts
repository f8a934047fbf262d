import * as fs from "node:fs";
import * as path from "node:path";
import { BenchProject, engineMissing } from "./engine";
import { generatePreviewStackDoc, stackYaml, type Features } from "./generator";
import type { Measured } from "./rounds";
import { pulumiYamlRuntime } from "./settings";
import { EngineLayout } from "../engine/layout";

/** The generated render-mode stack of the large preview, and its size. */
export const LARGE_PREVIEW_APPS = 20;
export const LARGE_PREVIEW_STACK = `bench-preview-n${LARGE_PREVIEW_APPS}`;

/**
 * One way to run the program under the real CLI: Pulumi.yaml's nodeargs as shipped, plus bench-only hooks
 * loaded after them (the shipped files are never changed).
 */
export interface EngineVariant {
    readonly id: string;
    /** dist/ with its .js.map files (as `npm run build` emits it), or as tsc emits it with `sourceMap: false`. */
    readonly sourceMaps: boolean;
    /** Error.stackTraceLimit set after the preload's; undefined: the preload's STACK_TRACE_LIMIT. */
    readonly stackTraceLimit?: number;
    /** source-map-support maps frames of our own dist/ only, not node_modules (a proposal for the preload). */
    readonly mapsOursOnly?: boolean;
    /** Extra node flags in nodeargs. */
    readonly nodeFlags?: readonly string[];
}

export const SHIPPED = "shipped (preload's limit, source maps emitted)";

export const ENGINE_VARIANTS: readonly EngineVariant[] = [
    { id: SHIPPED, sourceMaps: true },
    { id: "limit 0, source maps", sourceMaps: true, stackTraceLimit: 0 },
    { id: "limit 2, source maps", sourceMaps: true, stackTraceLimit: 2 },
    { id: "limit 10, source maps", sourceMaps: true, stackTraceLimit: 10 },
    { id: "preload's limit, no source maps", sourceMaps: false },
    { id: "limit 0, no source maps", sourceMaps: false, stackTraceLimit: 0 },
    { id: "limit 10, no source maps", sourceMaps: false, stackTraceLimit: 10 },
    { id: "preload's limit, maps for our frames only", sourceMaps: true, mapsOursOnly: true },
    { id: "preload's limit, source maps, --max-semi-space-size=32", sourceMaps: true, nodeFlags: ["--max-semi-space-size=32"] },
];

/** Bench-only preloads (plain CommonJS in the temp dir) that the variants add to nodeargs. */
function writeHooks(dir: string): { limit: (n: number) => string; mapsOursOnly: string } {
    fs.mkdirSync(dir, { recursive: true });
    const limit = (n: number) => {
        const file = path.join(dir, `stack-trace-limit-${n}.cjs`);
        fs.writeFileSync(file, `// Bench variant: overrides the preload's stack trace limit.\nError.stackTraceLimit = ${n};\n`);
        return file;
    };
    const mapsOursOnly = path.join(dir, "source-maps-ours-only.cjs");
    fs.writeFileSync(mapsOursOnly, [
        "// Bench variant: source-map-support (registered later by the SDK's run script) maps frames of the project's own",
        "// dist/ only; frames in node_modules keep their compiled positions and no .js.map of a dependency is read.",
        '"use strict";',
        'const fs = require("fs"), path = require("path"), url = require("url");',
        "let root = process.cwd();",
        'while (!fs.existsSync(path.join(root, "Pulumi.yaml")) && path.dirname(root) !== root) root = path.dirname(root);',
        'const dist = path.join(root, "dist") + path.sep;',
        'require(require.resolve("source-map-support", { paths: [root] })).install({',
        "    handleUncaughtExceptions: false,",
        "    overrideRetrieveSourceMap: true,",
        "    retrieveSourceMap(source) {",
        '        const file = source.startsWith("file:") ? url.fileURLToPath(source) : source;',
        '        if (!file.startsWith(dist) || file.includes(`${path.sep}node_modules${path.sep}`)) return null;',
        '        try { return { url: `${file}.map`, map: fs.readFileSync(`${file}.map`, "utf8") }; } catch { return null; }',
        "    },",
        "});",
        "",
    ].join("\n"));
    return { limit, mapsOursOnly };
}

export interface EngineCase extends Measured {
    readonly variant?: string;
    readonly stack: string;
}

export interface EngineSuite {
    /** Issue A's pair: the shipped dev stack and an empty Node.js program, previewed on the same CLI. */
    readonly pair: { readonly dev: EngineCase; readonly empty: EngineCase };
    /** Every variant × (dev, the large generated preview). */
    readonly matrix: readonly EngineCase[];
    readonly resources: { readonly dev?: number; readonly large?: number };
}

/**
 * Throwaway projects for the real-engine figures: one per variant (dev and the large preview stack initialised
 * on its own local backend) and one empty program. Returns why not when the engine is not built here.
 */
export function prepareEngineSuite(projectDir: string, tmpDir: string, reporter: string, features: Features): EngineSuite | { missing: string } {
    const layout = new EngineLayout(projectDir);
    const missing = engineMissing(layout);
    if (missing !== undefined) return { missing };
    const hooks = writeHooks(path.join(tmpDir, "engine-hooks"));
    const shipped = pulumiYamlRuntime(projectDir).nodeargs;
    const large = stackYaml(generatePreviewStackDoc(LARGE_PREVIEW_STACK, LARGE_PREVIEW_APPS, features));
    const devText = fs.readFileSync(path.join(projectDir, "Pulumi.dev.yaml"), "utf8");
    const matrix: EngineCase[] = [];
    const resources: Record<string, number | undefined> = {};
    ENGINE_VARIANTS.forEach((v, i) => {
        const project = BenchProject.copyOf(layout, path.join(tmpDir, "engine", `variant-${i}`), { sourceMaps: v.sourceMaps });
        project.setNodeargs([
            ...shipped,
            "--require", reporter,
            ...(v.stackTraceLimit !== undefined ? ["--require", hooks.limit(v.stackTraceLimit)] : []),
            ...(v.mapsOursOnly ? ["--require", hooks.mapsOursOnly] : []),
            ...(v.nodeFlags ?? []),
        ]);
        project.writeStackFile("dev", devText);
        project.writeStackFile(LARGE_PREVIEW_STACK, large);
        for (const stack of ["dev", LARGE_PREVIEW_STACK]) {
            project.initStack(stack);
            // Warm-up (unmeasured): the CLI's and the provider's first start, the compile cache of this copy.
            const count = previewResourceCount(project.pulumi(["preview", "--stack", stack]));
            if (i === 0) resources[stack] = count;
            matrix.push({ id: `engine ${stack}: ${v.id}`, variant: v.id, stack, command: project.previewCommand(stack) });
        }
    });
    const empty = BenchProject.empty(layout, path.join(tmpDir, "engine", "empty"));
    empty.setNodeargs(["--require", reporter]);
    empty.initStack("bench");
    empty.pulumi(["preview", "--stack", "bench"]);
    const dev = matrix.find((c) => c.variant === SHIPPED && c.stack === "dev")!;
    return {
        pair: { dev: { ...dev, id: "engine: pulumi preview dev" }, empty: { id: "engine: pulumi preview, empty Node.js program", stack: "bench", command: empty.previewCommand("bench") } },
        matrix,
        resources: { dev: resources.dev, large: resources[LARGE_PREVIEW_STACK] },
    };
}

/** The resource count a `pulumi preview` prints ("+ 26 to create"), or undefined. */
export function previewResourceCount(output: string): number | undefined {
    const m = /\+ (\d+) to create/.exec(output);
    return m ? Number(m[1]) : undefined;
}
