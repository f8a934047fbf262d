import * as path from "node:path";
import type { Command } from "./measure";
import { planNodeFlags, pulumiYamlRuntime } from "./settings";

/** What a case measures; "plan" and "bare" cases carry the stack they plan. */
export type CaseKind = "floor" | "startup" | "plan" | "bare";

export interface BenchCase {
    readonly id: string;
    readonly kind: CaseKind;
    /** Apps in a generated stack; undefined for shipped stacks and the start-up cases. */
    readonly n?: number;
    readonly stack?: string;
    readonly command: Command;
}

/** No compile cache from the bench's own environment: every case turns it on or not by its own flags. */
const NO_INHERITED_CACHE = { NODE_COMPILE_CACHE: undefined, NODE_OPTIONS: undefined } as const;

const requireAll = (modules: readonly string[]) => `for (const m of ${JSON.stringify(modules)}) require(m);`;

/** The case ids the report reads. */
export const CASE = {
    floor: "floor: plain node, SDK + provider submodules",
    sdkOnly: "floor: plain node, @pulumi/pulumi alone",
    floorPreload: "floor + our preload (compile cache, build check, stack limit)",
    startup: "start-up: the Pulumi.yaml way (nodeargs, main)",
    typecheckCold: "start-up: default TypeScript (ts-node type-check, cold cache)",
    typecheckWarm: "start-up: default TypeScript (ts-node type-check, warm cache)",
} as const;

/**
 * The floor: what the SDK costs any user by default. Plain node (no loader, no preload, no compile cache)
 * requiring `@pulumi/pulumi` and the provider submodules our program requires at start-up.
 */
export function floorCase(projectDir: string, entryPoints: readonly string[]): BenchCase {
    return { id: CASE.floor, kind: "floor", command: { cwd: projectDir, args: ["-e", requireAll(entryPoints)], env: NO_INHERITED_CACHE } };
}

/** `node -e "require('@pulumi/pulumi')"`, the SDK alone, for reference. */
export function sdkOnlyCase(projectDir: string): BenchCase {
    return { id: CASE.sdkOnly, kind: "floor", command: { cwd: projectDir, args: ["-e", requireAll(["@pulumi/pulumi"])], env: NO_INHERITED_CACHE } };
}

/** The floor with the preload every entry point of ours runs first: its own cost (or saving) against the plain floor. */
export function floorPreloadCase(projectDir: string, entryPoints: readonly string[]): BenchCase {
    const preload = path.join(projectDir, "tools", "runtime", "preload.cjs");
    return { id: CASE.floorPreload, kind: "floor", command: { cwd: projectDir, args: ["--require", preload, "-e", requireAll(entryPoints)], env: NO_INHERITED_CACHE } };
}

/**
 * Program start-up as `pulumi preview` runs it per Pulumi.yaml: node in the folder of `main` with the
 * `nodeargs`, loading `main` without running the program (the SDK's run script and the engine are the
 * real-engine figures' part).
 */
export function startupCase(projectDir: string): BenchCase {
    const runtime = pulumiYamlRuntime(projectDir);
    const main = `./${path.basename(runtime.main)}`;
    return { id: CASE.startup, kind: "startup", command: { cwd: runtime.cwd, args: [...runtime.nodeargs, "-e", `require(${JSON.stringify(main)});`], env: NO_INHERITED_CACHE } };
}

/**
 * Program start-up under the default TypeScript setup, reproducing what `@pulumi/pulumi/cmd/run`
 * does when `runtime.options.typescript` is left on: it registers the SDK's vendored ts-node 7.0.1
 * with the project's `typescript` and tsconfig, type-checking (transpileOnly unset, no `noCheck`),
 * then loads the program's TypeScript sources. ts-node keeps a compile cache (on by default, in the OS
 * temp dir): `cacheDir` undefined measures a cold cache (every start after an edit), otherwise a cache
 * in that directory, warm after the first run.
 */
export function startupTypecheckCase(projectDir: string, cacheDir?: string): BenchCase {
    const cache = cacheDir === undefined ? "cache: false" : `cache: true, cacheDirectory: ${JSON.stringify(cacheDir)}`;
    const code = [
        'const path = require("path"), fs = require("fs");',
        'const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json"));',
        'const ts = require("typescript");',
        'const compilerOptions = ts.parseConfigFileTextToJson("tsconfig.json", fs.readFileSync("tsconfig.json", "utf8")).config.compilerOptions ?? {};',
        `require(path.join(sdk, "vendor", "ts-node@7.0.1")).register({ compiler: "typescript", transpileOnly: undefined, project: "tsconfig.json", skipProject: false, ${cache},`,
        '  compilerOptions: { target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: "true", ...compilerOptions } });',
        'require("./stacks/program.ts");',
    ].join("\n");
    const id = cacheDir === undefined ? CASE.typecheckCold : CASE.typecheckWarm;
    return { id, kind: "startup", command: { cwd: projectDir, args: ["-e", code], env: NO_INHERITED_CACHE } };
}

export interface PlanTarget {
    readonly stack: string;
    /** Generated config file; undefined for a shipped `Pulumi.<stack>.yaml`. */
    readonly configFile?: string;
    readonly n?: number;
    /** `--stack-outputs` values (`<name>=<plan.json>`) the stack needs offline. */
    readonly stackOutputs?: readonly string[];
    /** The `@pulumi/*` modules our code required while planning the stack (recorded when it was prepared). */
    readonly providerModules?: readonly string[];
}

/** `npm run plan -- <stack> ...` as a user runs it: package.json's node flags, our program, config, schema, components, policies and output files. */
export function planCommand(projectDir: string, target: PlanTarget, outDir: string): Command {
    return {
        cwd: projectDir,
        env: NO_INHERITED_CACHE,
        args: [
            ...planNodeFlags(projectDir),
            "dist/tools/plan/cli.js",
            target.stack,
            ...(target.configFile ? ["--config-file", target.configFile] : []),
            "--out",
            outDir,
            ...(target.stackOutputs ?? []).flatMap((s) => ["--stack-outputs", s]),
        ],
    };
}

export function planCase(projectDir: string, target: PlanTarget, outDir: string): BenchCase {
    return { id: `plan ${target.stack}`, kind: "plan", n: target.n, stack: target.stack, command: planCommand(projectDir, target, outDir) };
}

/**
 * How the bare replay runs: "plan" with the plan's runtime settings (package.json's node flags, and the
 * in-process settings of `usePlanRuntime`), so that plan / bare is our code's overhead alone; "sdk" with the
 * SDK's defaults (plain node: no preload, no compile cache, source maps off, the default stack trace limit),
 * the SDK used plainly.
 */
export type BareMode = "plan" | "sdk";

export const bareId = (stack: string, mode: BareMode) => `bare ${stack} (${mode === "plan" ? "plan settings" : "SDK defaults"})`;

/**
 * The same resources registered straight through the SDK, read from the plan's plan.json, after loading the
 * provider modules the plan loaded for the stack (`providerModules`; else `entryPoints`).
 */
export function bareCase(projectDir: string, target: PlanTarget, planJson: string, outDir: string, entryPoints: readonly string[], mode: BareMode): BenchCase {
    const flags = mode === "plan" ? planNodeFlags(projectDir) : [];
    return {
        id: bareId(target.stack, mode),
        kind: "bare",
        n: target.n,
        stack: target.stack,
        command: {
            cwd: projectDir,
            env: NO_INHERITED_CACHE,
            args: [
                ...flags,
                "dist/tools/bench/bare.js",
                ...(mode === "sdk" ? ["--sdk-defaults"] : []),
                ...(target.stackOutputs ?? []).flatMap((s) => ["--stack-outputs", s]),
                planJson,
                outDir,
                JSON.stringify(target.providerModules ?? entryPoints),
            ],
        },
    };
}
