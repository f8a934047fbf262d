// Mocha global fixture of the cluster suite (.mocharc.cluster.json): one fresh local control plane for all
// cluster tests, deleted afterwards even when a test failed (PLATFORM_KEEP_CLUSTER=1 keeps it for debugging).
import { EngineLayout } from "../../../tools/engine/layout";
import { loadVersions } from "../../../tools/engine/versions";
import { clusterDown, clusterUp } from "../../../tools/cluster/lifecycle";
import { repoRoot } from "../../support/plan";

const layout = new EngineLayout(repoRoot);

export function mochaGlobalSetup(): void {
    clusterUp(layout, loadVersions(repoRoot));
}

export function mochaGlobalTeardown(): void {
    if (process.env.PLATFORM_KEEP_CLUSTER !== undefined) {
        console.log(`keeping the cluster (PLATFORM_KEEP_CLUSTER): npm run cluster:down to stop it`);
        return;
    }
    const { leftover } = clusterDown(layout);
    if (leftover.length > 0) throw new Error(`cluster:down left ${leftover.length} process(es) running: ${leftover.join(", ")}`);
}
