import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { Secret } from "@pulumi/kubernetes/core/v1";
import type { IAlertmanagerConfigSpec } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1alpha1/AlertmanagerConfigSpec" with { "resolution-mode": "import" };
import type { IReceiver } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1alpha1/Receiver" with { "resolution-mode": "import" };
import { secretData } from "../kubernetes/secretData";

export interface PagingReceiver {
    readonly type: "pagerduty" | "webhook";
    /** PagerDuty Events v2 routing key, or the webhook URL. Read from secret config; stored only in a Secret. */
    readonly secret: pulumi.Input<string>;
}

export interface ChatReceiver {
    readonly type: "slack" | "webhook";
    /** Slack incoming-webhook URL, or the webhook URL. Read from secret config; stored only in a Secret. */
    readonly secret: pulumi.Input<string>;
    /** Slack channel override. Default: the webhook's own channel. */
    readonly channel?: string;
}

export interface AlertRoutingArgs {
    /** Namespace of the environment; the AlertmanagerConfig only sees alerts whose `namespace` label equals it. */
    readonly namespace: string;
    /** Receiver for `severity="critical"`. Default none (critical goes to chat). */
    readonly paging?: PagingReceiver;
    /** Receiver for `severity="warning"` (and critical when not paging). Default none. */
    readonly chat?: ChatReceiver;
    /** Send critical alerts to the paging receiver. Default true; false sends them to chat. */
    readonly pageOnCritical?: boolean;
    /** Labels the Alertmanager selects AlertmanagerConfigs by. Default `{ release: "kube-prometheus-stack" }`. */
    readonly selectorLabels?: Readonly<Record<string, string>>;
    /** Extra labels on every object (ownership). Default none. */
    readonly labels?: Readonly<Record<string, string>>;
}

/** Keys in the receivers Secret. */
export const RECEIVER_SECRET_KEYS = { paging: "paging", chat: "chat" } as const;

/** The AlertmanagerConfig spec (pure): severity routing, receivers reading `secretName`, critical inhibits warning. */
export function alertmanagerConfigSpec(args: Omit<AlertRoutingArgs, "paging" | "chat"> & { paging?: Pick<PagingReceiver, "type">; chat?: Pick<ChatReceiver, "type" | "channel"> }, secretName: string): IAlertmanagerConfigSpec {
    const ref = (key: string) => ({ name: secretName, key });
    const receivers: IReceiver[] = [{ name: "null" }];
    if (args.paging) {
        const key = ref(RECEIVER_SECRET_KEYS.paging);
        receivers.push(args.paging.type === "pagerduty"
            ? { name: "paging", pagerdutyConfigs: [{ routingKey: key, sendResolved: true }] }
            : { name: "paging", webhookConfigs: [{ urlSecret: key, sendResolved: true }] });
    }
    if (args.chat) {
        const key = ref(RECEIVER_SECRET_KEYS.chat);
        receivers.push(args.chat.type === "slack"
            ? { name: "chat", slackConfigs: [{ apiURL: key, sendResolved: true, ...(args.chat.channel ? { channel: args.chat.channel } : {}) }] }
            : { name: "chat", webhookConfigs: [{ urlSecret: key, sendResolved: true }] });
    }
    const chat = args.chat ? "chat" : "null";
    const critical = args.paging && (args.pageOnCritical ?? true) ? "paging" : chat;
    const severity = (value: string) => [{ name: "severity", value, matchType: "=" as const }];
    return {
        route: {
            receiver: chat,
            groupBy: ["alertname", "namespace", "app"],
            groupWait: "30s",
            groupInterval: "5m",
            repeatInterval: "4h",
            routes: [
                { receiver: critical, matchers: severity("critical") },
                { receiver: chat, matchers: severity("warning") },
            ],
        },
        receivers,
        inhibitRules: [{ sourceMatch: severity("critical"), targetMatch: severity("warning"), equal: ["alertname", "namespace", "app", "persistentvolumeclaim"] }],
    };
}

/** Routes an environment's alerts by severity: critical to paging, warning to chat. Receiver secrets never leave a Secret. */
export class AlertRouting extends pulumi.ComponentResource {
    public readonly secret: Secret;
    public readonly alertmanagerConfig: CustomResource;

    constructor(name: string, args: AlertRoutingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:observability:AlertRouting", name, {}, opts);
        const labels = { ...(args.labels ?? {}) };
        const values: Record<string, pulumi.Input<string>> = {};
        if (args.paging) values[RECEIVER_SECRET_KEYS.paging] = args.paging.secret;
        if (args.chat) values[RECEIVER_SECRET_KEYS.chat] = args.chat.secret;
        this.secret = new Secret(`${name}-receivers`, {
            metadata: { name: "platform-alert-receivers", namespace: args.namespace, labels },
            type: "Opaque",
            data: secretData(values),
        }, { parent: this, additionalSecretOutputs: ["data", "stringData"] });

        this.alertmanagerConfig = new CustomResource(`${name}-config`, {
            apiVersion: "monitoring.coreos.com/v1alpha1",
            kind: "AlertmanagerConfig",
            metadata: { name: "platform-routing", namespace: args.namespace, labels: { ...labels, ...(args.selectorLabels ?? { release: "kube-prometheus-stack" }) } },
            spec: this.secret.metadata.name.apply((secretName) => alertmanagerConfigSpec(args, secretName)),
        }, { parent: this });

        this.registerOutputs({ secret: this.secret, alertmanagerConfig: this.alertmanagerConfig });
    }
}
