// Secure baselines: every rule's happy path. Violation tests change one field of a copy.
import { POD_TEMPLATE_PATHS } from "../../policies/lib/workloadTypes";
import { edit, type Props } from "./harness";

export const DIGEST = "sha256:" + "a".repeat(64);

export const secureContainer = {
    name: "web",
    image: `registry.example.com/web:1.4.2@${DIGEST}`,
    securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
    resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
    readinessProbe: { httpGet: { path: "/ready", port: 8080 } },
    livenessProbe: { httpGet: { path: "/live", port: 8080 } },
    env: [{ name: "LOG_LEVEL", value: "info" }, { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "web", key: "password" } } }],
};

export const secureDeployment: Props = {
    metadata: { name: "web", namespace: "apps", labels: { "app.kubernetes.io/name": "web", owner: "team-a", environment: "production", "cost-center": "cc-1" } },
    spec: {
        replicas: 3,
        selector: { matchLabels: { "app.kubernetes.io/name": "web" } },
        template: {
            metadata: { labels: { "app.kubernetes.io/name": "web" } },
            spec: {
                securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
                containers: [secureContainer],
                volumes: [{ name: "tmp", emptyDir: {} }],
            },
        },
    },
};

export const secureCronJob: Props = {
    metadata: { name: "report", namespace: "apps" },
    spec: { schedule: "0 * * * *", jobTemplate: { spec: { template: { spec: secureDeployment.spec.template.spec } } } },
};

export const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
export const CRONJOB = "kubernetes:batch/v1:CronJob";
export const POD = "kubernetes:core/v1:Pod";
export const C0 = "spec.template.spec.containers.0";

/** Props of `type` holding `podTemplate` where that type keeps it. */
export function workloadOf(type: string, podTemplate: Props): Props {
    const path = POD_TEMPLATE_PATHS[type];
    if (path.length === 0) {
        return podTemplate;
    }
    const props: Props = { metadata: { name: "web", namespace: "apps" } };
    return edit(props, path.join("."), podTemplate);
}
