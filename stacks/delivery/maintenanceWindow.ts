/**
 * The one environment variable that overrides the maintenance window. Fixed, not configurable: a stack file could
 * otherwise name any variable of the deployment (an access token) as its override. Its value is never logged.
 */
export const RELEASE_OVERRIDE_ENV_VAR = "PLATFORM_RELEASE_OVERRIDE";

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;

/** A parsed window: `[days ]HH:MM-HH:MM UTC`; a window may cross midnight (its day is the day it starts). */
export interface MaintenanceWindow {
    /** Days the window starts on (0 = Sunday). Undefined: every day. */
    readonly days?: ReadonlySet<number>;
    /** Minutes after 00:00 UTC, start inclusive. */
    readonly startMinute: number;
    /** Minutes after 00:00 UTC, end exclusive (1440 for "24:00"); below `startMinute` when the window crosses midnight. */
    readonly endMinute: number;
    /** The text it was parsed from. */
    readonly text: string;
}

/** The longest window a day may have. */
export const MAX_WINDOW_MINUTES = 18 * 60;

export const MAINTENANCE_WINDOW_FORMAT = "\"HH:MM-HH:MM UTC\", optionally after days such as \"Mon-Fri \" or \"Sat,Sun \"";

function parseDays(spec: string): Set<number> | undefined {
    const days = new Set<number>();
    for (const part of spec.split(",")) {
        const [from, to] = part.split("-");
        const a = DAYS.indexOf(from as (typeof DAYS)[number]);
        const b = to === undefined ? a : DAYS.indexOf(to as (typeof DAYS)[number]);
        if (a === -1 || b === -1) return undefined;
        for (let d = a; ; d = (d + 1) % 7) {
            days.add(d);
            if (d === b) break;
        }
    }
    return days;
}

/** Parses a window; returns a message (what was expected) instead when the text is not one. Pure. */
export function parseMaintenanceWindow(text: string): MaintenanceWindow | string {
    const m = /^(?:([A-Za-z,-]+) )?([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]|24):([0-5]\d) UTC$/.exec(text.trim());
    if (m === null) return `expected a maintenance window ${MAINTENANCE_WINDOW_FORMAT}`;
    const days = m[1] === undefined ? undefined : parseDays(m[1]);
    if (m[1] !== undefined && days === undefined) return `expected days as Sun, Mon, Tue, Wed, Thu, Fri, Sat (ranges "Mon-Fri", lists "Sat,Sun"), not "${m[1]}"`;
    const startMinute = Number(m[2]) * 60 + Number(m[3]);
    const endMinute = Number(m[4]) * 60 + Number(m[5]);
    if (endMinute > 24 * 60) return `expected an end time up to 24:00, not ${m[4]}:${m[5]}`;
    if (startMinute === endMinute % (24 * 60)) return "expected a window with different start and end times (a window of a whole day is no window)";
    // A window of nearly a whole day (00:01-00:00) is no window either: bounded by its length, not its shape.
    const length = (endMinute - startMinute + 24 * 60) % (24 * 60);
    if (length > MAX_WINDOW_MINUTES) return `expected a window of at most ${MAX_WINDOW_MINUTES / 60} h (a longer one leaves under a quarter of the day outside it), not ${Math.floor(length / 60)} h ${length % 60} min`;
    return { ...(days !== undefined ? { days } : {}), startMinute, endMinute, text: text.trim() };
}

/** True when `now` falls inside the window. Pure. */
export function isInsideWindow(window: MaintenanceWindow, now: Date): boolean {
    const minute = now.getUTCHours() * 60 + now.getUTCMinutes();
    const today = now.getUTCDay();
    const startsOn = (day: number) => window.days === undefined || window.days.has(day);
    if (window.startMinute < window.endMinute) return startsOn(today) && minute >= window.startMinute && minute < window.endMinute;
    // Crosses midnight: the evening part belongs to today's window, the morning part to yesterday's.
    if (minute >= window.startMinute) return startsOn(today);
    return minute < window.endMinute && startsOn((today + 6) % 7);
}

function clock(now: Date): string {
    const hh = String(now.getUTCHours()).padStart(2, "0");
    const mm = String(now.getUTCMinutes()).padStart(2, "0");
    return `${DAYS[now.getUTCDay()]} ${hh}:${mm} UTC`;
}

export interface WindowCheckOptions {
    /** `pulumi preview` (and the offline plan): never blocked. */
    readonly isDryRun: boolean;
    /** Value of RELEASE_OVERRIDE_ENV_VAR; set and not blank allows `up` outside the window. Never echoed. */
    readonly override?: string;
}

export interface WindowCheck {
    readonly allowed: boolean;
    /** What to log (allowed) or fail with (not allowed). */
    readonly message: string;
}

/**
 * Whether an update may run now. Preview is never blocked; `up` outside the window is refused unless
 * RELEASE_OVERRIDE_ENV_VAR is set (not blank). The message names the variable, never its value: the reason belongs
 * in the update's message (`pulumi up --message`). No window configured: always allowed. Pure.
 */
export function checkMaintenanceWindow(window: string | undefined, now: Date, options: WindowCheckOptions): WindowCheck {
    if (window === undefined) return { allowed: true, message: "no maintenance window configured: updates may run at any time" };
    const parsed = parseMaintenanceWindow(window);
    if (typeof parsed === "string") return { allowed: false, message: `release window: ${parsed}` };
    const variable = RELEASE_OVERRIDE_ENV_VAR;
    if (options.isDryRun) {
        return { allowed: true, message: `maintenance window "${parsed.text}" is not enforced for a preview (it is now ${clock(now)}); \`pulumi up\` is allowed only inside it` };
    }
    if (isInsideWindow(parsed, now)) {
        return { allowed: true, message: `inside the maintenance window "${parsed.text}" (it is now ${clock(now)})` };
    }
    if ((options.override ?? "").trim() !== "") {
        return { allowed: true, message: `OVERRIDE: updating outside the maintenance window "${parsed.text}" (it is now ${clock(now)}) because ${variable} is set (its value is not logged; the reason is the update's message)` };
    }
    return {
        allowed: false,
        message: `updates are allowed only inside the maintenance window "${parsed.text}" and it is now ${clock(now)}; wait for the window, or override with ${variable}=1 pulumi up --message "<reason>"`,
    };
}
