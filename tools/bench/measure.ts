import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** One child process to measure: `node <nodeArgs...>` in `cwd`. */
export interface Command {
    readonly nodeArgs: readonly string[];
    readonly cwd: string;
}

export interface Sample {
    /** Milliseconds from spawn to exit. */
    readonly wallMs: number;
    /** Peak resident set size of the child, in MB (its own `process.resourceUsage().maxRSS`). */
    readonly rssMb: number;
    /** CPU time (user + system) of the child, in ms: less sensitive than wall time to other load on the machine. */
    readonly cpuMs: number;
}

/**
 * A preload that records the child's peak RSS when it exits. Written as plain CommonJS to the bench's
 * temp directory so it needs no TypeScript loader (the ts-node start-up case runs without tsx).
 */
export function writeRssReporter(dir: string): string {
    const file = path.join(dir, "report-rss.cjs");
    fs.writeFileSync(
        file,
        'process.on("exit", () => { const f = process.env.BENCH_RSS_FILE; const u = process.resourceUsage();' +
            ' if (f) require("fs").writeFileSync(f, JSON.stringify({ maxRSS: u.maxRSS, cpuMicros: u.userCPUTime + u.systemCPUTime })); });\n',
    );
    return file;
}

let counter = 0;

/** Runs `command` once in a fresh process; rejects with its stderr when it fails. */
export function runOnce(command: Command, reporter: string, tmpDir: string): Promise<Sample> {
    const rssFile = path.join(tmpDir, `rss-${process.pid}-${counter++}.txt`);
    return new Promise((resolve, reject) => {
        const stderr: Buffer[] = [];
        const start = process.hrtime.bigint();
        const child = spawn(process.execPath, ["--require", reporter, ...command.nodeArgs], {
            cwd: command.cwd,
            env: { ...process.env, BENCH_RSS_FILE: rssFile },
            stdio: ["ignore", "ignore", "pipe"],
        });
        child.stderr.on("data", (d: Buffer) => stderr.push(d));
        child.on("error", reject);
        child.on("exit", (code, signal) => {
            const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
            // stderr may still be draining after "exit"; "close" follows once it has.
            child.on("close", () => {
                if (code !== 0) {
                    reject(new Error(`node ${command.nodeArgs.join(" ")} exited with ${code ?? signal}:\n${Buffer.concat(stderr).toString().trim()}`));
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
