// `npm run cluster:up` / `npm run cluster:down` / `npm run cluster:status`: the local control plane the
// cluster tests run against (see docs/engine.md).
import { EngineLayout } from "../engine/layout";
import { loadVersions } from "../engine/versions";
import { CLUSTER_NAME, clusterProcesses } from "./cluster";
import { clusterDown, clusterUp } from "./lifecycle";
import { projectRoot } from "../../components/projectRoot";

function main(command: string | undefined): void {
    const root = projectRoot();
    const layout = new EngineLayout(root);
    switch (command) {
        case "up":
            clusterUp(layout, loadVersions(root));
            return;
        case "down":
            if (clusterDown(layout).leftover.length > 0) process.exitCode = 1;
            return;
        case "status": {
            const pids = clusterProcesses(layout);
            console.log(pids.length > 0 ? `cluster ${CLUSTER_NAME} is up (${pids.length} processes); kubeconfig ${layout.kubeconfig}` : `cluster ${CLUSTER_NAME} is down`);
            return;
        }
        default:
            throw new Error(`usage: cluster up | down | status (got ${command ?? "nothing"})`);
    }
}

try {
    main(process.argv[2]);
} catch (e) {
    console.error(`cluster: ${(e as Error).message}`);
    process.exitCode = 1;
}
