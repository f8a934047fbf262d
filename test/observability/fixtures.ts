import { alertsSchema, resolveAlerting, type Tier } from "../../stacks/schema/observability";
import type { AlertRulesArgs } from "../../components/observability/alertRules";
import type { AppRuleInput } from "../../components/observability/rules";

/** A canary app, a blue-green app and a rolling app with its own latency objective. */
export const apps: AppRuleInput[] = [
    { name: "web", tracks: ["stable", "canary"], availabilityTarget: 99.9 },
    { name: "checkout", tracks: ["blue", "green"], availabilityTarget: 99.95 },
    { name: "api", tracks: [], availabilityTarget: 99, latencyMs: 250 },
];

export function alertRulesArgs(tier: Tier, namespace = `shop-${tier}`): AlertRulesArgs {
    const resolved = resolveAlerting(alertsSchema.parse({}), tier);
    return { namespace, thresholds: resolved.thresholds, for: resolved.for, apps };
}
