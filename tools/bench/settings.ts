import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

/**
 * The node flags of `npm run plan` (package.json's "plan" script, `node <flags> dist/tools/plan/cli.js`):
 * read from the script, so the bench measures the plan exactly as users run it and the bare replay gets the
 * same runtime settings.
 */
export function planNodeFlags(projectDir: string): string[] {
    const pkg = JSON.parse(fs.readFileSync(path.join(projectDir, "package.json"), "utf8")) as { scripts?: Record<string, string> };
    return nodeFlagsOf(pkg.scripts?.plan ?? "", "dist/tools/plan/cli.js");
}

/** The flags between `node` and `script` in an npm script; fails when the script is not `node <flags> <script>`. */
export function nodeFlagsOf(script: string, entry: string): string[] {
    const words = script.trim().split(/\s+/);
    const at = words.indexOf(entry);
    if (words[0] !== "node" || at === -1) throw new Error(`expected an npm script "node <flags> ${entry} ...", found "${script}"`);
    return words.slice(1, at);
}

/** How the Pulumi CLI starts the program per Pulumi.yaml: `node <nodeargs> <run script> <main>` in the folder of `main`. */
export interface PulumiYamlRuntime {
    /** `main`, relative to the project. */
    readonly main: string;
    /** `runtime.options.nodeargs`, split into words (the language host splits it like a shell; quotes are refused here). */
    readonly nodeargs: readonly string[];
    /** The folder the language host starts node in: the folder of `main`. */
    readonly cwd: string;
}

export function pulumiYamlRuntime(projectDir: string): PulumiYamlRuntime {
    const doc = parse(fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8")) as { main?: string; runtime?: { options?: { nodeargs?: string } } };
    const main = doc.main ?? ".";
    const text = doc.runtime?.options?.nodeargs ?? "";
    if (/["'\\]/.test(text)) throw new Error(`Pulumi.yaml nodeargs with quotes or escapes are not supported by the bench: ${text}`);
    const nodeargs = text.split(/\s+/).filter((a) => a !== "");
    return { main, nodeargs, cwd: path.join(projectDir, path.dirname(main)) };
}
