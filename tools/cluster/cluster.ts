import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { EngineLayout } from "../engine/layout";
import type { EngineVersions } from "../engine/versions";

/** The one local cluster this repository starts (kwokctl names its folder after it). */
export const CLUSTER_NAME = "platform-e2e";
/** Fake nodes kwok keeps Ready; pods scheduled to them get IPs and a scripted lifecycle, no containers. */
export const NODE_COUNT = 2;

export interface ClusterPaths {
    readonly workdir: string;
    readonly config: string;
    readonly kubeconfig: string;
}

export function clusterPaths(layout: EngineLayout): ClusterPaths {
    return { workdir: path.join(layout.clusterDir, "kwok"), config: path.join(layout.clusterDir, "kwokctl.yaml"), kubeconfig: layout.kubeconfig };
}

/**
 * kwokctl's configuration: the binary runtime with the binaries built here, every component bound to
 * loopback, admission and authorization on (restricted Pod Security is enforced per namespace), and
 * kwok's stages read from the API (Stage objects) so that tests can script a pod's fate.
 */
export function kwokctlConfiguration(layout: EngineLayout, versions: EngineVersions): Record<string, unknown> {
    const kube = versions.binaries.find((b) => b.name === "kube-apiserver");
    if (kube === undefined) throw new Error("engine/versions.json pins no kube-apiserver");
    return {
        apiVersion: "config.kwok.x-k8s.io/v1alpha1",
        kind: "KwokctlConfiguration",
        options: {
            runtime: "binary",
            bindAddress: "127.0.0.1",
            kubeVersion: kube.version,
            kubeAdmission: true,
            kubeAuthorization: true,
            enableCRDs: ["Stage"],
            etcdBinary: layout.binary("etcd"),
            kubeApiserverBinary: layout.binary("kube-apiserver"),
            kubeControllerManagerBinary: layout.binary("kube-controller-manager"),
            kubeSchedulerBinary: layout.binary("kube-scheduler"),
            kwokControllerBinary: layout.binary("kwok"),
            kubectlBinary: layout.binary("kubectl"),
        },
    };
}

export interface CommandResult {
    readonly code: number;
    readonly output: string;
}

/** Runs a binary of .engine/bin with kwokctl's workdir; throws with its output on failure unless `allowFailure`. */
export function run(layout: EngineLayout, binary: string, args: readonly string[], options: { allowFailure?: boolean; timeoutMs?: number } = {}): CommandResult {
    const paths = clusterPaths(layout);
    const r = spawnSync(layout.binary(binary), args, {
        encoding: "utf8",
        env: { ...process.env, KWOK_WORKDIR: paths.workdir, PATH: `${layout.binDir}${path.delimiter}${process.env.PATH ?? ""}` },
        timeout: options.timeoutMs ?? 120_000,
        maxBuffer: 64 * 1024 * 1024,
    });
    const result = { code: r.status ?? -1, output: `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? `\n${r.error.message}` : ""}` };
    if (result.code !== 0 && !options.allowFailure) throw new Error(`${binary} ${args.join(" ")} failed (exit ${result.code}):\n${result.output.trim().slice(-4000)}`);
    return result;
}

/** kubectl against the local cluster. */
export function kubectl(layout: EngineLayout, args: readonly string[], options: { allowFailure?: boolean; timeoutMs?: number } = {}): CommandResult {
    return run(layout, "kubectl", ["--kubeconfig", layout.kubeconfig, ...args], options);
}

/** Live (not zombie) processes of the cluster, from the pid files kwokctl keeps. */
export function clusterProcesses(layout: EngineLayout): number[] {
    const dir = path.join(clusterPaths(layout).workdir, "clusters", CLUSTER_NAME, "pids");
    if (!fs.existsSync(dir)) return [];
    return fs.readdirSync(dir).map((f) => Number(fs.readFileSync(path.join(dir, f), "utf8").trim())).filter((pid) => Number.isInteger(pid) && pid > 0 && isAlive(pid));
}

/** Whether a process runs (a zombie is dead, only not yet reaped by its parent). */
export function isAlive(pid: number): boolean {
    try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        // The state follows the command name in parentheses; Z is a zombie: dead, only not yet reaped.
        return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
    } catch {
        return false;
    }
}

export function isUp(layout: EngineLayout): boolean {
    return clusterProcesses(layout).length > 0;
}
