import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * One child process to measure: by default this node binary with `args` (the RSS reporter is put first on its
 * command line); another executable (the Pulumi CLI) must load the reporter into the node process it starts itself.
 */
export interface Command {
    readonly file?: string;
    readonly args: readonly string[];
    readonly cwd: string;
    /** Changes to the bench's environment: a string sets a variable, undefined removes it. */
    readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface Sample {
    /** Milliseconds from spawn to exit. */
    readonly wallMs: number;
    /** Peak resident set size of the node process, in MB (its own `process.resourceUsage().maxRSS`). */
    readonly rssMb: number;
    /** CPU time (user + system) of the node process, in ms: less sensitive than wall time to other load on the machine. */
    readonly cpuMs: number;
}

/**
 * A preload that records the node process's peak RSS and CPU time when it exits, and, when BENCH_MODULES_FILE
 * is set, the `@pulumi/*` modules the project's own code requires (what the bare replay must load too). Written
 * as plain CommonJS to the bench's temp directory so it needs nothing compiled (the plain-node floor and the
 * ts-node case load no preload of ours) and can be named in a Pulumi.yaml's nodeargs.
 */
export function writeRssReporter(dir: string): string {
    const file = path.join(dir, "report-rss.cjs");
    fs.writeFileSync(file, [
        'const fs = require("fs"), path = require("path");',
        'process.on("exit", () => { const f = process.env.BENCH_RSS_FILE; const u = process.resourceUsage();',
        '    if (f) fs.writeFileSync(f, JSON.stringify({ maxRSS: u.maxRSS, cpuMicros: u.userCPUTime + u.systemCPUTime })); });',
        "const modulesFile = process.env.BENCH_MODULES_FILE;",
        "if (modulesFile) {",
        '    const Module = require("module"), root = process.cwd() + path.sep, seen = new Set(), load = Module._load;',
        "    Module._load = function (request, parent) {",
        '        const from = (parent && parent.filename) || "";',
        '        if (request.startsWith("@pulumi/") && from.startsWith(root) && !from.includes(`${path.sep}node_modules${path.sep}`)) seen.add(request);',
        "        return load.apply(this, arguments);",
        "    };",
        '    process.on("exit", () => fs.writeFileSync(modulesFile, JSON.stringify([...seen].sort())));',
        "}",
        "",
    ].join("\n"));
    return file;
}

/** The environment of a child: the bench's own with `changes` applied. */
export function childEnv(changes: Command["env"], base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
    const env = { ...base };
    for (const [k, v] of Object.entries(changes ?? {})) {
        if (v === undefined) delete env[k];
        else env[k] = v;
    }
    return env;
}

let counter = 0;

/** Runs `command` once in a fresh process; rejects with its output when it fails. */
export function runOnce(command: Command, reporter: string, tmpDir: string): Promise<Sample> {
    const rssFile = path.join(tmpDir, `rss-${process.pid}-${counter++}.txt`);
    const file = command.file ?? process.execPath;
    const args = command.file === undefined ? ["--require", reporter, ...command.args] : command.args;
    return new Promise((resolve, reject) => {
        const output: Buffer[] = [];
        const start = process.hrtime.bigint();
        const child = spawn(file, args, { cwd: command.cwd, env: childEnv({ ...command.env, BENCH_RSS_FILE: rssFile }), stdio: ["ignore", "pipe", "pipe"] });
        child.stdout.on("data", (d: Buffer) => output.push(d));
        child.stderr.on("data", (d: Buffer) => output.push(d));
        child.on("error", reject);
        child.on("exit", (code, signal) => {
            const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
            // Output may still be draining after "exit"; "close" follows once it has.
            child.on("close", () => {
                const failed = code !== 0 ? `exited with ${code ?? signal}` : fs.existsSync(rssFile) ? undefined : "exited without running the RSS reporter";
                if (failed !== undefined) {
                    reject(new Error(`${path.basename(file)} ${command.args.join(" ")} ${failed}:\n${Buffer.concat(output).toString().trim().slice(-6000)}`));
                    return;
                }
                const usage = JSON.parse(fs.readFileSync(rssFile, "utf8")) as { maxRSS: number; cpuMicros: number };
                fs.rmSync(rssFile, { force: true });
                resolve({ wallMs, rssMb: usage.maxRSS / 1024, cpuMs: usage.cpuMicros / 1000 });
            });
        });
    });
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
    if (values.length === 0) throw new Error("median of nothing");
    const s = [...values].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export interface Measurement {
    readonly wallMs: number;
    readonly rssMb: number;
    readonly cpuMs: number;
    readonly samples: readonly Sample[];
}

/** Medians of wall time, peak RSS and CPU time (each taken independently) over the samples. */
export function summarize(samples: readonly Sample[]): Measurement {
    return { wallMs: median(samples.map((s) => s.wallMs)), rssMb: median(samples.map((s) => s.rssMb)), cpuMs: median(samples.map((s) => s.cpuMs)), samples };
}

/** Least-squares line y = intercept + slope·x, with R². */
export function linearFit(xs: readonly number[], ys: readonly number[]): { slope: number; intercept: number; r2: number } {
    const n = xs.length;
    const mx = xs.reduce((a, b) => a + b, 0) / n;
    const my = ys.reduce((a, b) => a + b, 0) / n;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let i = 0; i < n; i++) {
        sxy += (xs[i] - mx) * (ys[i] - my);
        sxx += (xs[i] - mx) ** 2;
        syy += (ys[i] - my) ** 2;
    }
    const slope = sxx === 0 ? 0 : sxy / sxx;
    const intercept = my - slope * mx;
    const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
    return { slope, intercept, r2 };
}
