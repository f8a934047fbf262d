import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { EngineLayout } from "./layout";
import type { BinarySpec, EngineVersions } from "./versions";

/** Environment for every go command: the machine's own toolchain, no cgo, nothing but the module proxy. */
export function goEnv(versions: EngineVersions, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
    return { ...base, GOTOOLCHAIN: versions.go.toolchain, CGO_ENABLED: "0", GOFLAGS: "-mod=readonly" };
}

function go(args: string[], cwd: string, env: NodeJS.ProcessEnv): string {
    const run = spawnSync("go", args, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (run.error) throw new Error(`go ${args.join(" ")}: ${run.error.message}`);
    if (run.status !== 0) throw new Error(`go ${args.join(" ")} (in ${cwd}) failed:\n${run.stderr.trim()}`);
    return run.stdout;
}

/** The machine's Go version, checked against the minimum the pinned modules need. */
export function checkGo(versions: EngineVersions): string {
    let version: string;
    try {
        version = execFileSync("go", ["env", "GOVERSION"], { encoding: "utf8", env: goEnv(versions) }).trim();
    } catch (e) {
        throw new Error(`go is not on PATH (${(e as Error).message}): the engine is built from Go modules and needs Go >= ${versions.go.minimum}`);
    }
    const have = /^go(\d+)\.(\d+)(?:\.(\d+))?/.exec(version);
    const want = versions.go.minimum.split(".").map(Number);
    const got = have ? [Number(have[1]), Number(have[2]), Number(have[3] ?? 0)] : [0, 0, 0];
    const older = got[0] !== want[0] ? got[0] < want[0] : got[1] !== want[1] ? got[1] < want[1] : got[2] < want[2];
    if (older) throw new Error(`${version} is older than go${versions.go.minimum}, which engine/versions.json requires`);
    return version;
}

/** A wrapper module must require the module at exactly the pinned version (go.mod and versions.json agree). */
export function checkWrapperPin(root: string, b: BinarySpec, env: NodeJS.ProcessEnv): void {
    if (b.build.kind !== "wrapper") return;
    const dir = path.join(root, b.build.dir);
    const mod = JSON.parse(go(["mod", "edit", "-json"], dir, env)) as { Module: { Path: string }; Require?: Array<{ Path: string; Version: string }> };
    if (mod.Module.Path === b.module) return; // our own module: its version is the ldflag
    const req = mod.Require?.find((r) => r.Path === b.module);
    if (req?.Version !== b.version) {
        throw new Error(`${path.join(b.build.dir, "go.mod")} requires ${b.module} ${req?.Version ?? "(nothing)"}, but engine/versions.json pins ${b.name} at ${b.version}`);
    }
}

/** Everything that decides a binary's bytes: when it changes, the binary is rebuilt. */
export function buildKey(root: string, b: BinarySpec, goVersion: string): string {
    const h = createHash("sha256");
    const { versionCommand: _reporting, ...inputs } = b;
    h.update(JSON.stringify({ inputs, goVersion }));
    if (b.build.kind === "wrapper") {
        const dir = path.join(root, b.build.dir);
        for (const f of fs.readdirSync(dir).sort()) {
            if (/\.(go|mod|sum)$/.test(f)) h.update(f).update(fs.readFileSync(path.join(dir, f)));
        }
    }
    return h.digest("hex");
}

interface BuildRecord {
    readonly key: string;
    readonly seconds: number;
    readonly builtAt: string;
}

function readRecord(file: string): BuildRecord | undefined {
    try {
        return JSON.parse(fs.readFileSync(file, "utf8")) as BuildRecord;
    } catch {
        return undefined;
    }
}

/** Copies a module out of the module cache (read-only) into a writable folder. */
function copyModule(module: string, version: string, dest: string, env: NodeJS.ProcessEnv): void {
    const info = JSON.parse(go(["mod", "download", "-json", `${module}@${version}`], path.dirname(dest), env)) as { Dir?: string; Error?: string };
    if (info.Dir === undefined) throw new Error(`go mod download ${module}@${version}: ${info.Error ?? "no directory"}`);
    fs.rmSync(dest, { recursive: true, force: true });
    fs.cpSync(info.Dir, dest, { recursive: true });
    execFileSync("chmod", ["-R", "u+w", dest]);
}

export interface BuildOutcome {
    readonly built: boolean;
    readonly seconds: number;
    readonly path: string;
}

/**
 * Builds one binary into its versioned folder unless a build with the same key is there, and points
 * `.engine/bin/<name>` at it. Never downloads anything but modules from the Go module proxy.
 */
export function buildBinary(layout: EngineLayout, versions: EngineVersions, b: BinarySpec, goVersion: string): BuildOutcome {
    const env = goEnv(versions);
    const out = path.join(layout.buildDir(b), b.name);
    const recordFile = path.join(layout.buildDir(b), "build.json");
    checkWrapperPin(layout.root, b, env);
    const key = buildKey(layout.root, b, goVersion);
    const record = readRecord(recordFile);
    let built = false;
    let seconds = record?.seconds ?? 0;
    if (record?.key !== key || !fs.existsSync(out)) {
        const start = Date.now();
        fs.mkdirSync(layout.buildDir(b), { recursive: true });
        const ldflags = ["-s", "-w", ...b.ldflags].join(" ");
        if (b.build.kind === "wrapper") {
            go(["build", "-trimpath", "-ldflags", ldflags, "-o", out, b.build.package], path.join(layout.root, b.build.dir), env);
        } else {
            const src = layout.sourceDir(b);
            fs.mkdirSync(src, { recursive: true });
            const main = path.join(src, "main");
            copyModule(b.module, b.version, main, env);
            // Siblings sit where the module's own go.mod expects them (replace ... => ../<name>).
            for (const [name, s] of Object.entries(b.build.siblings)) copyModule(s.module, s.version, path.join(src, name), env);
            if (b.build.generate) {
                go(["generate", "."], path.join(main, b.build.generate.dir), { ...env, ...b.build.generate.env, GOFLAGS: "-mod=mod" });
            }
            go(["build", "-trimpath", "-ldflags", ldflags, "-o", out, b.build.package], main, env);
        }
        seconds = Math.round((Date.now() - start) / 1000);
        fs.writeFileSync(recordFile, JSON.stringify({ key, seconds, builtAt: new Date().toISOString() } satisfies BuildRecord, null, 2) + "\n");
        built = true;
    }
    fs.mkdirSync(layout.binDir, { recursive: true });
    const link = layout.binary(b.name);
    fs.rmSync(link, { force: true });
    if (b.bundledWith === undefined) fs.symlinkSync(path.relative(layout.binDir, out), link);
    return { built, seconds, path: b.bundledWith === undefined ? link : out };
}

/**
 * Places a bundled binary beside the real file of the binary it belongs with (hard link: the CLI
 * resolves its own symlink and then looks for regular files next to it).
 */
export function bundle(layout: EngineLayout, versions: EngineVersions, b: BinarySpec): string {
    const host = versions.binaries.find((x) => x.name === b.bundledWith);
    if (host === undefined) throw new Error(`engine/versions.json: ${b.name}.bundledWith names ${b.bundledWith}, which is not a binary there`);
    const target = path.join(layout.buildDir(host), b.name);
    fs.rmSync(target, { force: true });
    fs.linkSync(path.join(layout.buildDir(b), b.name), target);
    return target;
}

/**
 * The version a binary reports: the first line it prints, or for a provider plugin the version in the
 * schema it serves (asked through the CLI, `pulumi package get-schema <binary>`).
 */
export function reportedVersion(layout: EngineLayout, file: string, b: BinarySpec): string {
    if (b.versionCommand === "provider-schema") {
        const run = spawnSync(layout.binary("pulumi"), ["package", "get-schema", file], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true", PULUMI_HOME: layout.home } });
        if (run.status !== 0) return `(pulumi package get-schema failed: ${run.stderr.trim().split("\n")[0]})`;
        return `schema version ${(JSON.parse(run.stdout) as { version?: string }).version ?? "(none)"}`;
    }
    const run = spawnSync(file, b.versionCommand, { encoding: "utf8" });
    const text = `${run.stdout ?? ""}${run.stderr ?? ""}`.trim().split("\n")[0] ?? "";
    return run.status === 0 ? text : `(${b.versionCommand.join(" ")} failed: ${text})`;
}
