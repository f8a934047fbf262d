import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import type { EngineLayout } from "../engine/layout";
import type { EngineVersions } from "../engine/versions";
import { CLUSTER_NAME, clusterPaths, clusterProcesses, isAlive, isUp, kubectl, kwokctlConfiguration, NODE_COUNT, run } from "./cluster";

function requireBuilt(layout: EngineLayout, versions: EngineVersions): void {
    const missing = versions.binaries.filter((b) => b.group === "cluster" && !fs.existsSync(layout.binary(b.name))).map((b) => b.name);
    const manifests = versions.manifests.filter((m) => !fs.existsSync(path.join(layout.manifestDir(m), ".complete"))).map((m) => m.name);
    if (missing.length + manifests.length > 0) {
        throw new Error(`the control plane is not built (missing: ${[...missing, ...manifests].join(", ")}): run \`npm run engine:install\``);
    }
}

export interface UpResult {
    readonly kubeconfig: string;
    readonly seconds: number;
}

/**
 * Starts a fresh local control plane (etcd, kube-apiserver, kube-controller-manager, kube-scheduler and
 * kwok, all on loopback), adds fake nodes, installs the Gateway API, Prometheus Operator and Velero CRDs
 * and kwok's pod/node stages, and writes the kubeconfig. A cluster left running is replaced.
 */
export function clusterUp(layout: EngineLayout, versions: EngineVersions, log: (line: string) => void = console.log): UpResult {
    requireBuilt(layout, versions);
    const start = Date.now();
    if (isUp(layout) || fs.existsSync(path.join(clusterPaths(layout).workdir, "clusters", CLUSTER_NAME))) clusterDown(layout, () => undefined);
    const paths = clusterPaths(layout);
    fs.mkdirSync(paths.workdir, { recursive: true });
    fs.rmSync(paths.kubeconfig, { force: true });
    fs.writeFileSync(paths.config, stringify(kwokctlConfiguration(layout, versions)));
    run(layout, "kwokctl", ["create", "cluster", "--name", CLUSTER_NAME, "--config", paths.config, "--kubeconfig", paths.kubeconfig, "--wait", "60s"]);
    // Stages first: kwok gives a node or pod the lifecycle of the stages that exist when it sees it.
    for (const m of versions.manifests.filter((x) => x.kind === "stages")) kubectl(layout, ["apply", "-f", layout.manifestDir(m)]);
    run(layout, "kwokctl", ["scale", "node", "--name", CLUSTER_NAME, "--replicas", String(NODE_COUNT)]);
    const crds = versions.manifests.filter((m) => m.kind === "crds");
    kubectl(layout, ["apply", "--server-side", "--force-conflicts", ...crds.flatMap((m) => ["-f", layout.manifestDir(m)])]);
    kubectl(layout, ["wait", "--for=condition=Established", "crd", "--all", "--timeout=60s"]);
    kubectl(layout, ["wait", "--for=condition=Ready", "node", "--all", "--timeout=60s"]);
    // One self-contained file (certificates inline): what a stack takes as its secret platform:kubeconfig.
    fs.writeFileSync(paths.kubeconfig, kubectl(layout, ["config", "view", "--raw", "--flatten", "--minify"]).output, { mode: 0o600 });
    const seconds = (Date.now() - start) / 1000;
    log(`cluster ${CLUSTER_NAME} ready in ${seconds.toFixed(1)} s: ${NODE_COUNT} kwok nodes, CRDs of ${crds.map((m) => `${m.name} ${m.version}`).join(", ")}; kubeconfig ${path.relative(process.cwd(), paths.kubeconfig)}`);
    return { kubeconfig: paths.kubeconfig, seconds };
}

/** Stops and deletes the cluster; kills and reports any of its processes still alive afterwards. */
export function clusterDown(layout: EngineLayout, log: (line: string) => void = console.log): { leftover: number[] } {
    const pids = clusterProcesses(layout);
    if (fs.existsSync(layout.binary("kwokctl"))) run(layout, "kwokctl", ["delete", "cluster", "--name", CLUSTER_NAME], { allowFailure: true });
    // kwokctl stops the components with a signal; give them a moment to exit before calling any a leftover.
    for (const until = Date.now() + 15_000; pids.some(isAlive) && Date.now() < until;) spawnSync("sleep", ["0.2"]);
    const leftover = pids.filter(isAlive);
    for (const pid of leftover) {
        try {
            process.kill(pid, "SIGKILL");
        } catch {
            // already gone
        }
    }
    fs.rmSync(path.join(clusterPaths(layout).workdir, "clusters", CLUSTER_NAME), { recursive: true, force: true });
    log(leftover.length === 0 ? `cluster ${CLUSTER_NAME} deleted: no process left` : `cluster ${CLUSTER_NAME} deleted; killed ${leftover.length} leftover process(es): ${leftover.join(", ")}`);
    return { leftover };
}
