import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { childEnv } from "./measure";

/** npm's own CLI script: the one running this bench (`npm run bench`), else the one installed beside this node. */
export function npmCli(env: NodeJS.ProcessEnv = process.env, execPath = process.execPath): string | undefined {
    const candidates = [env.npm_execpath, path.join(path.dirname(execPath), "..", "lib", "node_modules", "npm", "bin", "npm-cli.js")];
    return candidates.find((c): c is string => c !== undefined && c.endsWith(".js") && fs.existsSync(c));
}

export type TestTiming = { readonly wallMs: number; readonly failure?: string } | { readonly missing: string };

/**
 * `npm test` once (the build check, the policy build, mocha without the e2e suite), timed from spawn to exit.
 * A failing suite is reported with its last lines.
 */
export function timeTestSuite(projectDir: string): Promise<TestTiming> {
    const cli = npmCli();
    if (cli === undefined) return Promise.resolve({ missing: "not measured: npm's CLI was not found" });
    return new Promise((resolve) => {
        const start = process.hrtime.bigint();
        const child = spawn(process.execPath, [cli, "test"], { cwd: projectDir, env: childEnv({ NODE_COMPILE_CACHE: undefined }), stdio: ["ignore", "ignore", "pipe"] });
        let stderr = "";
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("error", (e) => resolve({ missing: `not measured: ${e.message}` }));
        child.on("close", (code) => {
            const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
            resolve(code === 0 ? { wallMs } : { wallMs, failure: `exit ${code}: ${stderr.trim().split("\n").slice(-3).join(" / ")}` });
        });
    });
}
