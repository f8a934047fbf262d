// `npm run engine:install [-- --group engine|cluster] [--only <name>]`: builds the Pulumi CLI, its Node.js
// language host, the Kubernetes provider and the local control plane from the Go module proxy into
// .engine/, skipping every binary whose build inputs have not changed.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { buildBinary, bundle, checkGo, goEnv, reportedVersion } from "./build";
import { EngineLayout, engineEnvScript } from "./layout";
import { loadVersions, type EngineVersions, type ManifestSpec } from "./versions";
import { projectRoot } from "../../components/projectRoot";

interface Args {
    readonly groups: ReadonlySet<string>;
    readonly only?: string;
}

export function parseInstallArgs(argv: readonly string[]): Args {
    let groups = new Set(["engine", "cluster"]);
    let only: string | undefined;
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === "--group") {
            const g = argv[++i];
            if (g !== "engine" && g !== "cluster") throw new Error(`--group expects engine or cluster, found ${g ?? "nothing"}`);
            groups = new Set([g]);
        } else if (a === "--only") {
            only = argv[++i];
            if (only === undefined) throw new Error("--only expects a binary name");
        } else throw new Error(`unknown argument ${a}\nusage: npm run engine:install -- [--group engine|cluster] [--only <name>]`);
    }
    return { groups, only };
}

/** Copies the manifests a module ships (its zip carries them) into .engine/manifests/<name>-<version>/. */
function installManifests(layout: EngineLayout, versions: EngineVersions, c: ManifestSpec): { files: number; copied: boolean } {
    const dest = layout.manifestDir(c);
    const done = path.join(dest, ".complete");
    if (fs.existsSync(done)) return { files: fs.readdirSync(dest).filter((f) => f.endsWith(".yaml")).length, copied: false };
    const info = JSON.parse(execFileSync("go", ["mod", "download", "-json", `${c.module}@${c.version}`], { encoding: "utf8", env: goEnv(versions), cwd: layout.root })) as { Dir?: string; Error?: string };
    if (info.Dir === undefined) throw new Error(`go mod download ${c.module}@${c.version}: ${info.Error ?? "no directory"}`);
    fs.rmSync(dest, { recursive: true, force: true });
    fs.mkdirSync(dest, { recursive: true });
    let files = 0;
    for (const p of c.paths) {
        const from = path.join(info.Dir, p);
        for (const f of fs.readdirSync(from).filter((n) => /\.ya?ml$/.test(n) && n !== "kustomization.yaml").sort()) {
            fs.copyFileSync(path.join(from, f), path.join(dest, f));
            fs.chmodSync(path.join(dest, f), 0o644);
            files++;
        }
    }
    fs.writeFileSync(done, `${c.module}@${c.version}\n`);
    return { files, copied: true };
}

export function install(root: string, args: Args, log: (line: string) => void = console.log): void {
    const versions = loadVersions(root);
    const layout = new EngineLayout(root);
    const goVersion = checkGo(versions);
    log(`engine: building into ${path.relative(process.cwd(), layout.dir) || layout.dir} with ${goVersion} (Go module proxy: ${execFileSync("go", ["env", "GOPROXY"], { encoding: "utf8" }).trim()})`);
    const start = Date.now();
    // Written first: usable as soon as the engine group is built (the cluster group takes longer).
    fs.mkdirSync(layout.dir, { recursive: true });
    fs.writeFileSync(path.join(layout.dir, "env.sh"), engineEnvScript(layout));
    const selected = versions.binaries.filter((b) => args.groups.has(b.group) && (args.only === undefined || b.name === args.only));
    if (args.only !== undefined && selected.length === 0) throw new Error(`--only ${args.only}: no such binary in engine/versions.json (${versions.binaries.map((b) => b.name).join(", ")})`);
    for (const b of selected) {
        const outcome = buildBinary(layout, versions, b, goVersion);
        const what = outcome.built ? `built in ${outcome.seconds} s` : `up to date (built in ${outcome.seconds} s)`;
        const pinned = b.release ? `${b.version} (${b.release})` : b.version;
        log(`  ${b.name.padEnd(28)} ${pinned.padEnd(44)} ${what.padEnd(28)} reports: ${reportedVersion(layout, outcome.path, b)}`);
    }
    // Bundled binaries go beside their host binary once both are built (a rebuilt host gets them again).
    for (const b of versions.binaries.filter((x) => x.bundledWith !== undefined)) {
        const host = versions.binaries.find((x) => x.name === b.bundledWith);
        if (host !== undefined && fs.existsSync(path.join(layout.buildDir(host), host.name)) && fs.existsSync(path.join(layout.buildDir(b), b.name))) bundle(layout, versions, b);
    }
    if (args.groups.has("cluster") && args.only === undefined) {
        for (const m of versions.manifests) {
            const r = installManifests(layout, versions, m);
            log(`  ${`${m.kind} ${m.name}`.padEnd(28)} ${m.version.padEnd(44)} ${r.copied ? "copied" : "up to date"}: ${r.files} files`);
        }
    }
    log(`engine: ready in ${((Date.now() - start) / 1000).toFixed(1)} s; \`source .engine/env.sh\` to use it by hand`);
}

if (require.main === module) {
    try {
        install(projectRoot(), parseInstallArgs(process.argv.slice(2)));
    } catch (e) {
        console.error(`engine:install failed: ${(e as Error).message}`);
        process.exitCode = 1;
    }
}
