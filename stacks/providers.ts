import * as path from "node:path";
import { Provider } from "@pulumi/kubernetes/provider";
import type { PlatformConfig } from "./config";
import { secretKubeconfig } from "./config";

/**
 * The Kubernetes provider for the stack's target: render YAML to a directory (no cluster), the secret
 * kubeconfig, or a context of the ambient kubeconfig.
 */
export function kubernetesProvider(config: PlatformConfig, projectDir: string): Provider {
    const name = `${config.environment.name}-k8s`;
    const target = config.kubernetes;
    switch (target.mode) {
        case "render":
            return new Provider(name, { renderYamlToDirectory: path.resolve(projectDir, target.directory), enableServerSideApply: false });
        case "kubeconfig":
            return new Provider(name, { kubeconfig: secretKubeconfig(), ...(target.context ? { context: target.context } : {}) });
        case "context":
            return new Provider(name, { context: target.context });
    }
}
