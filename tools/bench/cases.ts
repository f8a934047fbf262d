import type { Command } from "./measure";

/** What a case measures; "plan" and "bare" cases carry the stack they plan. */
export type CaseKind = "floor" | "startup-tsx" | "startup-typecheck" | "plan" | "bare";

export interface BenchCase {
    readonly id: string;
    readonly kind: CaseKind;
    /** Apps in a generated stack; undefined for shipped stacks and the start-up cases. */
    readonly n?: number;
    readonly stack?: string;
    readonly command: Command;
}

const TSX = ["--require", "tsx/cjs"];

/** (a) The floor: node with tsx (as Pulumi.yaml runs the program) loading `@pulumi/*` entry points our code imports. */
export function floorCase(projectDir: string, entryPoints: readonly string[]): BenchCase {
    return { id: "floor", kind: "floor", command: { cwd: projectDir, nodeArgs: [...TSX, "-e", `for (const m of ${JSON.stringify(entryPoints)}) require(m);`] } };
}

/** (c) Program start-up as `pulumi preview` runs it per Pulumi.yaml: `node --require tsx/cjs`, loading the program's modules without running it. */
export function startupTsxCase(projectDir: string): BenchCase {
    return { id: "startup: Pulumi.yaml (tsx)", kind: "startup-tsx", command: { cwd: projectDir, nodeArgs: [...TSX, "-e", "require('./stacks/program');"] } };
}

/**
 * (c) Program start-up under the default TypeScript setup, reproducing what `@pulumi/pulumi/cmd/run`
 * does when `runtime.options.typescript` is left on: it registers the SDK's vendored ts-node 7.0.1
 * with the project's `typescript` and tsconfig, type-checking (transpileOnly unset, no `noCheck`),
 * then loads the program's modules. No tsx is loaded. ts-node keeps a compile cache (on by default,
 * in the OS temp dir): `cacheDir` undefined measures a cold cache (every start after an edit),
 * otherwise a cache in that directory, warm after the first run.
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
    const id = `startup: default TypeScript (ts-node type-check, ${cacheDir === undefined ? "cold cache" : "warm cache"})`;
    return { id, kind: "startup-typecheck", command: { cwd: projectDir, nodeArgs: ["-e", code] } };
}

export interface PlanTarget {
    readonly stack: string;
    /** Generated config file; undefined for a shipped `Pulumi.<stack>.yaml`. */
    readonly configFile?: string;
    readonly n?: number;
    /** `--stack-outputs` values (`<name>=<plan.json>`) the stack needs offline. */
    readonly stackOutputs?: readonly string[];
}

/** `npm run plan -- <stack> ...` as a user runs it: our program, config, schema, components and output files. */
export function planCommand(projectDir: string, target: PlanTarget, outDir: string): Command {
    return {
        cwd: projectDir,
        nodeArgs: [
            // The same flags as package.json's "plan" script: a larger young generation halves scavenges.
            "--max-semi-space-size=32",
            ...TSX,
            "tools/plan/cli.ts",
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

/** (b) The same resources registered straight through the SDK, read from the plan's plan.json. */
export function bareCase(projectDir: string, target: PlanTarget, planJson: string, outDir: string, entryPoints: readonly string[]): BenchCase {
    return {
        id: `bare ${target.stack}`,
        kind: "bare",
        n: target.n,
        stack: target.stack,
        command: { cwd: projectDir, nodeArgs: [...TSX, "tools/bench/bare.ts", planJson, outDir, JSON.stringify(entryPoints)] },
    };
}
