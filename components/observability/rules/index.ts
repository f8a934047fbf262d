import { appRuleGroup } from "./app";
import { dataRuleGroup, type DataRuleOptions } from "./data";
import { platformRuleGroup } from "./platform";
import { sloRecordingGroup, sloRuleGroup } from "./slo";
import type { AppRuleInput, PromRuleGroup, RuleContext } from "./types";

export * from "./types";
export { appRuleGroup } from "./app";
export { sloRecordingGroup, sloRuleGroup, SLO_WINDOWS, BURN_RATES, errorRatioRecord } from "./slo";
export { platformRuleGroup } from "./platform";
export { dataRuleGroup, type DataRuleOptions } from "./data";

/** Every rule group of one environment: SLO recordings, per app (SLO, resources), then platform and data. Deterministic order. */
export function environmentRuleGroups(ctx: RuleContext, apps: readonly AppRuleInput[], data: DataRuleOptions = {}): PromRuleGroup[] {
    const sorted = [...apps].sort((a, b) => a.name.localeCompare(b.name));
    const groups = sorted.flatMap((app) => [sloRuleGroup(app, ctx), appRuleGroup(app, ctx)]);
    const dataGroup = dataRuleGroup(ctx, data);
    return [...(sorted.length > 0 ? [sloRecordingGroup(ctx)] : []), ...groups, platformRuleGroup(ctx), ...(dataGroup.rules.length > 0 ? [dataGroup] : [])];
}
export { promtoolTests, durationSeconds, type PromtoolTestFile, type PromtoolTestGroup } from "./promtoolTests";

/** The Prometheus rule file (`promtool check rules` input) for some groups. */
export function ruleFile(groups: readonly PromRuleGroup[]): { groups: PromRuleGroup[] } {
    return { groups: [...groups] };
}
