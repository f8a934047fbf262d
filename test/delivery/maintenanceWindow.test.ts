import * as assert from "node:assert/strict";
import { checkMaintenanceWindow, isInsideWindow, parseMaintenanceWindow, type MaintenanceWindow } from "../../stacks/delivery/maintenanceWindow";

/** 2026-11-24 is a Tuesday. */
const at = (iso: string) => new Date(`2026-11-${iso}Z`);
const UP = { isDryRun: false };

function window(text: string): MaintenanceWindow {
    const parsed = parseMaintenanceWindow(text);
    if (typeof parsed === "string") throw new Error(parsed);
    return parsed;
}

describe("maintenance window", () => {
    it("allows `up` inside the window (start inclusive, end exclusive)", () => {
        assert.deepEqual(checkMaintenanceWindow("22:00-23:00 UTC", at("24T22:15:00"), UP), {
            allowed: true,
            message: 'inside the maintenance window "22:00-23:00 UTC" (it is now Tue 22:15 UTC)',
        });
        assert.equal(checkMaintenanceWindow("22:00-23:00 UTC", at("24T22:00:00"), UP).allowed, true);
        assert.equal(checkMaintenanceWindow("22:00-23:00 UTC", at("24T23:00:00"), UP).allowed, false);
    });

    it("refuses `up` outside the window, naming the window, the time and the override", () => {
        assert.deepEqual(checkMaintenanceWindow("22:00-23:00 UTC", at("24T14:03:59"), UP), {
            allowed: false,
            message: 'updates are allowed only inside the maintenance window "22:00-23:00 UTC" and it is now Tue 14:03 UTC; wait for the window, or override with PLATFORM_RELEASE_OVERRIDE=1 pulumi up --message "<reason>"',
        });
    });

    it("never blocks a preview", () => {
        assert.deepEqual(checkMaintenanceWindow("22:00-23:00 UTC", at("24T14:03:00"), { isDryRun: true }), {
            allowed: true,
            message: 'maintenance window "22:00-23:00 UTC" is not enforced for a preview (it is now Tue 14:03 UTC); `pulumi up` is allowed only inside it',
        });
    });

    it("the override allows `up` and names its variable, never its value", () => {
        // A value that looks like a credential: whatever the variable holds must not reach the update's log.
        const token = "pul-0123456789abcdef0123456789abcdef01234567";
        assert.deepEqual(checkMaintenanceWindow("22:00-23:00 UTC", at("24T14:03:00"), { isDryRun: false, override: token }), {
            allowed: true,
            message: 'OVERRIDE: updating outside the maintenance window "22:00-23:00 UTC" (it is now Tue 14:03 UTC) because PLATFORM_RELEASE_OVERRIDE is set (its value is not logged; the reason is the update\'s message)',
        });
        assert.equal(checkMaintenanceWindow("22:00-23:00 UTC", at("24T14:03:00"), { isDryRun: false, override: "   " }).allowed, false, "a blank value is no override");
    });

    it("windows crossing midnight belong to the day they start", () => {
        const w = window("Fri 23:00-02:00 UTC");
        assert.equal(isInsideWindow(w, new Date("2026-11-27T23:30:00Z")), true, "Friday 23:30");
        assert.equal(isInsideWindow(w, new Date("2026-11-28T01:59:00Z")), true, "Saturday 01:59 is Friday's window");
        assert.equal(isInsideWindow(w, new Date("2026-11-28T02:00:00Z")), false, "end is exclusive");
        assert.equal(isInsideWindow(w, new Date("2026-11-28T23:30:00Z")), false, "Saturday 23:30 is not a window start");
        assert.equal(isInsideWindow(w, new Date("2026-11-27T01:00:00Z")), false, "Friday 01:00 is Thursday's night");
        assert.equal(checkMaintenanceWindow("23:00-02:00 UTC", at("25T00:30:00"), UP).allowed, true);
        assert.equal(checkMaintenanceWindow("23:00-02:00 UTC", at("25T12:00:00"), UP).allowed, false);
    });

    it("days: ranges and lists, wrapping ranges", () => {
        assert.deepEqual([...window("Mon-Fri 22:00-23:00 UTC").days!].sort(), [1, 2, 3, 4, 5]);
        assert.deepEqual([...window("Sat,Sun 06:00-24:00 UTC").days!].sort(), [0, 6]);
        assert.deepEqual([...window("Fri-Mon 01:00-02:00 UTC").days!].sort(), [0, 1, 5, 6]);
        assert.equal(checkMaintenanceWindow("Mon-Fri 22:00-23:00 UTC", new Date("2026-11-28T22:30:00Z"), UP).allowed, false, "Saturday");
        assert.equal(checkMaintenanceWindow("Sat,Sun 06:00-24:00 UTC", new Date("2026-11-28T23:59:00Z"), UP).allowed, true);
    });

    it("rejects malformed windows with what was expected", () => {
        assert.equal(parseMaintenanceWindow("22:00-23:00"), 'expected a maintenance window "HH:MM-HH:MM UTC", optionally after days such as "Mon-Fri " or "Sat,Sun "');
        assert.equal(parseMaintenanceWindow("25:00-23:00 UTC"), 'expected a maintenance window "HH:MM-HH:MM UTC", optionally after days such as "Mon-Fri " or "Sat,Sun "');
        assert.equal(parseMaintenanceWindow("Moonday 22:00-23:00 UTC"), 'expected days as Sun, Mon, Tue, Wed, Thu, Fri, Sat (ranges "Mon-Fri", lists "Sat,Sun"), not "Moonday"');
        assert.equal(parseMaintenanceWindow("22:00-22:00 UTC"), "expected a window with different start and end times (a window of a whole day is no window)");
        assert.equal(parseMaintenanceWindow("00:00-24:00 UTC"), "expected a window with different start and end times (a window of a whole day is no window)");
        assert.equal(parseMaintenanceWindow("22:00-24:30 UTC"), "expected an end time up to 24:00, not 24:30");
        // #23 class 9: the length decides, whatever the shape; 18 h is the bound itself.
        assert.equal(parseMaintenanceWindow("00:01-00:00 UTC"), "expected a window of at most 18 h (a longer one leaves under a quarter of the day outside it), not 23 h 59 min");
        assert.equal(parseMaintenanceWindow("Mon-Fri 06:00-05:59 UTC"), "expected a window of at most 18 h (a longer one leaves under a quarter of the day outside it), not 23 h 59 min");
        assert.equal(parseMaintenanceWindow("06:00-24:01 UTC"), "expected an end time up to 24:00, not 24:01");
        assert.equal(parseMaintenanceWindow("05:59-24:00 UTC"), "expected a window of at most 18 h (a longer one leaves under a quarter of the day outside it), not 18 h 1 min");
        assert.equal(typeof parseMaintenanceWindow("06:00-24:00 UTC"), "object");
        assert.equal(typeof parseMaintenanceWindow("12:00-06:00 UTC"), "object");
        assert.equal(parseMaintenanceWindow("11:59-06:00 UTC"), "expected a window of at most 18 h (a longer one leaves under a quarter of the day outside it), not 18 h 1 min");
        assert.deepEqual(checkMaintenanceWindow("whenever", at("24T22:15:00"), UP).allowed, false);
    });

    it("no window: always allowed", () => {
        assert.deepEqual(checkMaintenanceWindow(undefined, at("24T14:00:00"), UP), { allowed: true, message: "no maintenance window configured: updates may run at any time" });
    });
});
