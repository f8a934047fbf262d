// npm run releases -- <stack> [--plan [<out dir>] | --outputs <file>] [--json]
// Prints a stack's release history (what it verified) and promotion history (what it promoted): for real from
// `pulumi stack output --json` (the engine on PATH: source .engine/env.sh), offline from the plan's outputs.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { formatHistories, historiesOf } from "./format";

const USAGE = "usage: npm run releases -- <stack> [--plan [<out dir>] | --outputs <outputs.json>] [--json]";

export interface ReleasesArgs {
    readonly stack: string;
    readonly source: { readonly kind: "engine" } | { readonly kind: "plan"; readonly dir: string } | { readonly kind: "file"; readonly file: string };
    readonly json: boolean;
}

export function parseReleasesArgs(argv: readonly string[]): ReleasesArgs {
    let stack: string | undefined;
    let source: ReleasesArgs["source"] = { kind: "engine" };
    let json = false;
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === "--json") json = true;
        else if (a === "--plan") source = { kind: "plan", dir: argv[i + 1] !== undefined && !argv[i + 1].startsWith("--") ? argv[++i] : "out" };
        else if (a === "--outputs") {
            const file = argv[++i];
            if (file === undefined || file.startsWith("--")) throw new Error(`--outputs needs a file\n${USAGE}`);
            source = { kind: "file", file };
        } else if (a.startsWith("--")) throw new Error(`unknown option ${a}\n${USAGE}`);
        else if (stack === undefined) stack = a;
        else throw new Error(`unexpected argument ${a}\n${USAGE}`);
    }
    if (stack === undefined) throw new Error(`name the stack\n${USAGE}`);
    if (!/^[A-Za-z0-9_.\/-]+$/.test(stack)) throw new Error(`expected a stack name, found ${JSON.stringify(stack)}\n${USAGE}`);
    return { stack, source, json };
}

function readJson(file: string, what: string): Record<string, unknown> {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        throw new Error(`${what}: cannot read ${file}`);
    }
    try {
        const parsed = JSON.parse(text) as Record<string, unknown>;
        // A plan.json holds the outputs under "outputs".
        return parsed.resources !== undefined && parsed.outputs !== undefined ? (parsed.outputs as Record<string, unknown>) : parsed;
    } catch (e) {
        throw new Error(`${what}: ${file} is not JSON (${(e as Error).message})`);
    }
}

/** The stack's outputs from wherever the arguments say. */
export function stackOutputs(args: ReleasesArgs): Record<string, unknown> {
    const { source } = args;
    if (source.kind === "plan") return readJson(path.join(source.dir, args.stack.split("/").pop()!, "plan.json"), `the offline plan of ${args.stack} (run npm run plan -- ${args.stack} first)`);
    if (source.kind === "file") return readJson(source.file, "--outputs");
    const run = spawnSync("pulumi", ["stack", "output", "--json", "--stack", args.stack], { encoding: "utf8" });
    if (run.error !== undefined) throw new Error(`pulumi: ${run.error.message}; put the CLI on PATH (source .engine/env.sh), or read the offline plan with --plan`);
    if (run.status !== 0) throw new Error(`pulumi stack output --stack ${args.stack} failed:\n${run.stderr.trim()}`);
    return JSON.parse(run.stdout) as Record<string, unknown>;
}

function main(argv: readonly string[]): number {
    try {
        const args = parseReleasesArgs(argv);
        const histories = historiesOf(stackOutputs(args));
        console.log(args.json ? JSON.stringify(histories, null, 2) : formatHistories(args.stack, histories).join("\n"));
        return 0;
    } catch (e) {
        console.error(`releases: ${(e as Error).message}`);
        return 1;
    }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
