import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseDocument } from "yaml";
import { childEnv, type Command } from "./measure";
import { pulumiYamlRuntime } from "./settings";
import { EngineLayout, engineEnv } from "../engine/layout";

/** The passphrase of the bench's throwaway backends: a bench value, never a real secret. */
const PASSPHRASE = "bench-passphrase";

/**
 * What a clone has, copied into each throwaway project with its timestamps (node_modules is linked), as the
 * e2e suite does (test/e2e/support/project.ts): the sources and their dist/ build, so that the preload
 * Pulumi.yaml names finds the build up to date.
 */
const PROJECT_FILES = ["Pulumi.yaml", "package.json", "tsconfig.json", "dist", "stacks", "components", "gates", "policies", "tools", "test", "deployments"];

/** Why the real engine cannot be measured here (its binaries are not built), or undefined. */
export function engineMissing(layout: EngineLayout): string | undefined {
    const missing = ["pulumi", "pulumi-resource-kubernetes"].filter((b) => !fs.existsSync(layout.binary(b)));
    return missing.length === 0 ? undefined : `the engine is not built (${missing.join(", ")} missing under ${layout.binDir}; npm run engine:install)`;
}

/** Every file under `dir` whose name ends with `suffix`. */
function filesUnder(dir: string, suffix: string): string[] {
    return (fs.readdirSync(dir, { recursive: true, encoding: "utf8" }) as string[]).filter((f) => f.endsWith(suffix)).map((f) => path.join(dir, f));
}

/** Makes a dist/ look as if tsc ran with `sourceMap: false`: no .js.map files, no sourceMappingURL comments. */
export function stripSourceMaps(distDir: string): void {
    for (const map of filesUnder(distDir, ".js.map")) fs.rmSync(map);
    for (const js of filesUnder(distDir, ".js")) {
        const text = fs.readFileSync(js, "utf8");
        const stripped = text.replace(/\n\/\/# sourceMappingURL=[^\n]*\n?$/, "\n");
        if (stripped !== text) fs.writeFileSync(js, stripped);
    }
}

/**
 * A Pulumi project in a folder of the bench's temp dir, with its own local backend and PULUMI_HOME, run by
 * the locally built CLI with the offline settings (`engineEnv`).
 */
export class BenchProject {
    readonly dir: string;
    private readonly env: Readonly<Record<string, string | undefined>>;

    private constructor(readonly layout: EngineLayout, base: string) {
        this.dir = path.join(base, "project");
        fs.mkdirSync(this.dir, { recursive: true });
        fs.mkdirSync(path.join(base, "state"));
        this.env = { ...engineEnv(layout, { home: path.join(base, "home"), state: path.join(base, "state"), passphrase: PASSPHRASE }), NODE_COMPILE_CACHE: undefined };
        fs.symlinkSync(path.join(layout.root, "node_modules"), path.join(this.dir, "node_modules"));
    }

    /** A copy of this repository's project (as a clone has it), with dist/ stripped of source maps when asked. */
    static copyOf(layout: EngineLayout, base: string, options: { readonly sourceMaps: boolean }): BenchProject {
        const p = new BenchProject(layout, base);
        for (const f of PROJECT_FILES) fs.cpSync(path.join(layout.root, f), path.join(p.dir, f), { recursive: true, preserveTimestamps: true });
        if (!options.sourceMaps) stripSourceMaps(path.join(p.dir, "dist"));
        return p;
    }

    /** An empty Node.js program (the stack and nothing else) on the same SDK: what `pulumi preview` costs any program. */
    static empty(layout: EngineLayout, base: string): BenchProject {
        const p = new BenchProject(layout, base);
        fs.writeFileSync(path.join(p.dir, "Pulumi.yaml"), "name: empty\nmain: index.js\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n");
        fs.writeFileSync(path.join(p.dir, "package.json"), JSON.stringify({ name: "empty", version: "0.0.0", private: true, main: "index.js" }) + "\n");
        fs.writeFileSync(path.join(p.dir, "index.js"), "// An empty Pulumi program: the stack and nothing else.\n");
        return p;
    }

    /** Sets Pulumi.yaml's `runtime.options.nodeargs` (comments and every other setting kept). */
    setNodeargs(args: readonly string[]): void {
        const file = path.join(this.dir, "Pulumi.yaml");
        const doc = parseDocument(fs.readFileSync(file, "utf8"));
        doc.setIn(["runtime", "options", "nodeargs"], args.join(" "));
        fs.writeFileSync(file, doc.toString({ lineWidth: 0 }));
    }

    /** The nodeargs Pulumi.yaml has now. */
    nodeargs(): readonly string[] {
        return pulumiYamlRuntime(this.dir).nodeargs;
    }

    writeStackFile(stack: string, text: string): void {
        fs.writeFileSync(path.join(this.dir, `Pulumi.${stack}.yaml`), text);
    }

    /** Runs the CLI in the project, unmeasured; returns its output, throws with it when the CLI fails. */
    pulumi(args: readonly string[]): string {
        const run = spawnSync(this.layout.binary("pulumi"), ["--non-interactive", ...args], { cwd: this.dir, env: childEnv(this.env), encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
        if (run.status !== 0) throw new Error(`pulumi ${args.join(" ")} in ${this.dir} failed:\n${run.stdout}${run.stderr}`.slice(0, 8000));
        return run.stdout;
    }

    /** `pulumi stack init` on the project's own backend. */
    initStack(stack: string): void {
        this.pulumi(["stack", "init", stack]);
    }

    /** `pulumi preview` of a stack, as a command the bench measures (the program must load the RSS reporter: see nodeargs). */
    previewCommand(stack: string): Command {
        return { file: this.layout.binary("pulumi"), args: ["--non-interactive", "preview", "--stack", stack], cwd: this.dir, env: this.env };
    }
}
