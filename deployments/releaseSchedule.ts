// Production's release schedule, derived from the one place its maintenance window is written: the stack file's
// `platform:release.maintenanceWindow`. A release merged outside the window waits for the next opening, when the
// schedule deploys the release branch's head, instead of failing in a push-triggered deployment.
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { parseMaintenanceWindow, type MaintenanceWindow } from "../stacks/delivery/maintenanceWindow";

/** The 5-field cron (UTC) that fires at every opening of `window`: its start minute, on each day it starts. Pure. */
export function windowOpeningCron(window: MaintenanceWindow): string {
    const days = window.days === undefined ? "*" : [...window.days].sort((a, b) => a - b).join(",");
    return `${window.startMinute % 60} ${Math.floor(window.startMinute / 60)} * * ${days}`;
}

/**
 * `platform:release.maintenanceWindow` of `Pulumi.<stack>.yaml` in the platform project, parsed; undefined when the
 * stack declares none. Throws, naming the file and key, when the window is not one the schema accepts.
 */
export function stackMaintenanceWindow(projectDir: string, stack: string): MaintenanceWindow | undefined {
    const file = path.join(projectDir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) return undefined;
    const config = ((parse(fs.readFileSync(file, "utf8"), { merge: true }) ?? {}) as { config?: Record<string, unknown> }).config ?? {};
    const release = (config["platform:release"] ?? config.release) as { maintenanceWindow?: unknown } | undefined;
    const text = release?.maintenanceWindow;
    if (text === undefined) return undefined;
    const parsed = typeof text === "string" ? parseMaintenanceWindow(text) : "expected a string";
    if (typeof parsed === "string") throw new Error(`Pulumi.${stack}.yaml: platform:release.maintenanceWindow: ${parsed}, found ${JSON.stringify(text)}`);
    return parsed;
}
