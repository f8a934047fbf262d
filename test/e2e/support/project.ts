import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EngineLayout, engineEnv } from "../../../tools/engine/layout";
import { projectRoot } from "../../../components/projectRoot";
import { PLAN_COMMAND } from "../../support/plan";

export const repoRoot = projectRoot();
export const layout = new EngineLayout(repoRoot);
/** The passphrase of every throwaway backend: it is a test value, never a real secret. */
export const PASSPHRASE = "e2e-test-passphrase";

/**
 * What a clone has, copied into each throwaway project with its timestamps (node_modules is linked): the
 * sources and their dist/ build, so that the preload Pulumi.yaml names finds the build up to date.
 */
const PROJECT_FILES = ["Pulumi.yaml", "package.json", "tsconfig.json", "dist", "stacks", "components", "gates", "policies", "tools", "test", "deployments"];

/** Fails with the command to run when the engine has not been built: e2e tests never skip silently. */
export function requireEngine(): void {
    const missing = ["pulumi", "pulumi-resource-kubernetes"].filter((b) => !fs.existsSync(layout.binary(b)));
    if (missing.length > 0) throw new Error(`the engine is not built (${missing.join(", ")} missing under ${layout.binDir}): run \`npm run engine:install\``);
    if (!fs.existsSync(path.join(repoRoot, "policies", "bin", "index.js"))) throw new Error("the policy pack is not compiled: run `npm run build:policies`");
    if (!fs.existsSync(path.join(repoRoot, "dist", "stacks", "index.js"))) throw new Error("the program is not compiled: run `npm run build`");
}

export interface RunResult {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
    /** stdout and stderr together, for messages that may land on either. */
    readonly output: string;
}

export interface RunOptions {
    readonly env?: NodeJS.ProcessEnv;
    /** Expect a non-zero exit (the default is to fail the test on one). */
    readonly expectFailure?: boolean;
    /** Return whatever the exit code (the caller checks it). */
    readonly anyExit?: boolean;
    readonly input?: string;
    readonly timeoutMs?: number;
}

/**
 * A copy of this project in a temporary folder with its own local backend and PULUMI_HOME, as a platform
 * engineer's clone would be: the CLI rewrites stack files (`encryptionsalt`) and render mode writes
 * manifests, so nothing runs in the repository itself.
 */
export class E2EProject {
    readonly dir: string;
    readonly env: NodeJS.ProcessEnv;
    private readonly base: string;

    private constructor(label: string, source: string, files: readonly string[]) {
        this.base = fs.mkdtempSync(path.join(os.tmpdir(), `platform-e2e-${label}-`));
        this.dir = path.join(this.base, "project");
        fs.mkdirSync(this.dir);
        for (const f of files) fs.cpSync(path.join(source, f), path.join(this.dir, f), { recursive: true, preserveTimestamps: true });
        fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(this.dir, "node_modules"));
        fs.mkdirSync(path.join(this.base, "state"));
        this.env = engineEnv(layout, { home: path.join(this.base, "home"), state: path.join(this.base, "state"), passphrase: PASSPHRASE });
    }

    /** A fresh project holding the given stack files (`Pulumi.<stack>.yaml` text by stack name). */
    static create(label: string, stacks: Readonly<Record<string, string>>): E2EProject {
        requireEngine();
        const p = new E2EProject(label, repoRoot, PROJECT_FILES);
        for (const [stack, text] of Object.entries(stacks)) p.writeStackFile(stack, text);
        return p;
    }

    /** A fresh copy of another program: a folder under test/e2e/fixtures/ with its own Pulumi.yaml. */
    static fromFixture(label: string, fixtureDir: string): E2EProject {
        requireEngine();
        const source = path.join(repoRoot, "test", "e2e", "fixtures", fixtureDir);
        return new E2EProject(label, source, fs.readdirSync(source));
    }

    stackFile(stack: string): string {
        return path.join(this.dir, `Pulumi.${stack}.yaml`);
    }

    writeStackFile(stack: string, text: string): void {
        fs.writeFileSync(this.stackFile(stack), text);
    }

    /** Runs the locally built `pulumi` in the project with the offline settings; fails on an unexpected exit code. */
    pulumi(args: readonly string[], options: RunOptions = {}): RunResult {
        const run = spawnSync(layout.binary("pulumi"), ["--non-interactive", ...args], {
            cwd: this.dir,
            env: { ...this.env, ...options.env },
            encoding: "utf8",
            input: options.input,
            timeout: options.timeoutMs ?? 180_000,
            maxBuffer: 256 * 1024 * 1024,
        });
        if (run.error) throw new Error(`pulumi ${args.join(" ")}: ${run.error.message}`);
        const result = { code: run.status ?? -1, stdout: run.stdout, stderr: run.stderr, output: `${run.stdout}\n${run.stderr}` };
        const failed = result.code !== 0;
        if (options.anyExit !== true && failed !== (options.expectFailure ?? false)) {
            throw new Error(`pulumi ${args.join(" ")} exited ${result.code}${options.expectFailure ? " (a failure was expected)" : ""}:\n${result.output.slice(-6000)}`);
        }
        return result;
    }

    /** `pulumi stack init` (creates the stack on the local backend; the organization is `organization`). */
    initStack(stack: string): void {
        this.pulumi(["stack", "init", stack]);
    }

    /** The stack's state as `pulumi stack export` writes it (secrets stay ciphertext). */
    exportState(stack: string): { deployment: { resources?: Array<{ urn: string; type: string; outputs?: Record<string, unknown>; inputs?: Record<string, unknown> }> } } {
        return JSON.parse(this.pulumi(["stack", "export", "--stack", stack]).stdout) as never;
    }

    remove(): void {
        fs.rmSync(this.base, { recursive: true, force: true });
    }
}

/** The organization of every stack on a local file backend. */
export const LOCAL_ORGANIZATION = "organization";

/**
 * Runs the offline plan of this repository for a stack file, into `out`, and returns its plan.json. The
 * plan is told the local backend's organization, as the engine tells the program.
 */
export function offlinePlan(stack: string, configFile: string, out: string, extra: readonly string[] = []): { resources: PlanRecord[]; outputs: Record<string, unknown> } {
    const args = [stack, "--config-file", configFile, "--out", out, "--organization", LOCAL_ORGANIZATION, ...extra];
    const run = spawnSync(process.execPath, [...PLAN_COMMAND, ...args], {
        cwd: repoRoot,
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
    });
    if (run.status !== 0) throw new Error(`offline plan of ${stack} failed:\n${run.stdout}\n${run.stderr}`);
    return JSON.parse(fs.readFileSync(path.join(out, stack, "plan.json"), "utf8")) as never;
}

export interface PlanRecord {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly parent: string | null;
    readonly inputs: Record<string, unknown>;
    readonly dependencies: string[];
}

/** Sets the secrets a stack's apps and receivers reference, the way users do (`pulumi config set --secret --path`). */
export function setSecrets(project: E2EProject, stack: string, secrets: Readonly<Record<string, string>>): void {
    for (const [name, value] of Object.entries(secrets)) project.pulumi(["config", "set", "--secret", "--path", `platform:secrets.${name}`, value, "--stack", stack]);
}

/** Reads a fixture under test/e2e/fixtures/. */
export function fixture(name: string): string {
    return fs.readFileSync(path.join(repoRoot, "test", "e2e", "fixtures", name), "utf8");
}
