// The worst gap between two runs of a cron schedule, found by enumerating the runs with croner (a maintained
// cron library) instead of estimating field by field: `cron(0 1,2 * * ? *)` runs at 01:00 and 02:00, so its
// worst gap is 23 h, not 12 h; a monthly schedule's is a month, not a week.
import { Cron } from "croner";

/** Runs are enumerated over this many days from a fixed start (a leap year included), so every weekday and month shows. */
const WINDOW_DAYS = 400;
/**
 * At most this many consecutive runs are enumerated (a schedule denser than that repeats within the part
 * seen); the time from each day's start to its next run is measured over the whole window as well, so a
 * schedule dense in one month and silent in the others still shows its silence.
 */
const MAX_RUNS = 2_000;
/** A fixed start keeps the answer the same on every run. */
const START = Date.UTC(2027, 11, 31, 0, 0, 0);

/**
 * An AWS EventBridge/Backup `cron(minutes hours day-of-month month day-of-week year)` as croner reads it:
 * seconds 0, Quartz weekdays (1 = Sunday, as AWS numbers them), day-of-month AND day-of-week (AWS requires
 * `?` in one of them). Undefined when the text is no such schedule.
 */
function awsCron(schedule: string): Cron | undefined {
    const m = /^cron\(([^()]*)\)$/.exec(schedule.trim());
    const fields = m === null ? [] : m[1].trim().split(/\s+/);
    if (fields.length !== 6 || !fields.slice(2, 5).some((f) => f === "?")) return undefined;
    try {
        return new Cron(`0 ${fields.join(" ")}`, { paused: true, timezone: "UTC", mode: "7-part", alternativeWeekdays: true, domAndDow: true, sloppyRanges: true });
    } catch {
        return undefined;
    }
}

/**
 * The longest time, in minutes, between two consecutive runs of an AWS `cron(...)` schedule, or the time
 * from a run to the end of the window when it stops running (a schedule limited to a year). Undefined when
 * the schedule cannot be parsed, or never runs.
 */
export function cronWorstGapMinutes(schedule: unknown): number | undefined {
    if (typeof schedule !== "string") return undefined;
    const cron = awsCron(schedule);
    if (cron === undefined) return undefined;
    const end = START + WINDOW_DAYS * 86_400_000;
    let previous = cron.nextRun(new Date(START));
    if (previous === null || previous.getTime() > end) return undefined;
    let worst = 0;
    // Just after a run, the wait for the next is that gap; from any other instant it is shorter: each day's
    // start gives a bound over the whole window, the consecutive runs the exact gaps where they are enumerated.
    for (let day = START; day < end; day += 86_400_000) {
        const next = cron.nextRun(new Date(day));
        worst = Math.max(worst, (next === null ? end : Math.min(next.getTime(), end)) - day);
    }
    for (let i = 0; i < MAX_RUNS; i++) {
        const next = cron.nextRun(previous);
        const at = next === null ? end : Math.min(next.getTime(), end);
        worst = Math.max(worst, at - previous.getTime());
        if (next === null || next.getTime() >= end) break;
        previous = next;
    }
    return Math.round(worst / 60_000);
}
