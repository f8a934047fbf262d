/**
 * Frames kept in the plan process's stack traces: none. The plan reports every error by its message (a
 * ConfigError's text, "plan failed: <message>"), never by its stack, while the SDK captures
 * `new Error().stack` for every promise it tracks (`debuggablePromise`): at N=200 capturing and formatting
 * those frames took a tenth of the plan's CPU time. The SDK's call-site capture for each resource
 * (`Resource.callsites`) raises the limit itself while it runs, so resources keep their source positions.
 */
export const PLAN_STACK_TRACE_LIMIT = 0;

/** Set to any non-empty value to keep stack traces (mapped to the TypeScript sources) and print an unexpected error's. */
export const PLAN_DEBUG_ENV = "PLATFORM_DEBUG";

export interface PlanRuntimeSettings {
    /** Map stack frames to the TypeScript sources through dist/'s source maps. */
    readonly sourceMaps: boolean;
    /** `Error.stackTraceLimit`; undefined leaves node's default (10, or `--stack-trace-limit`). */
    readonly stackTraceLimit: number | undefined;
    /** Print an unexpected error's stack, not only its message. */
    readonly printStacks: boolean;
}

/** The plan's runtime settings for an environment: fast by default, debuggable with PLATFORM_DEBUG. */
export function planRuntimeSettings(env: Readonly<Record<string, string | undefined>>): PlanRuntimeSettings {
    const debug = (env[PLAN_DEBUG_ENV] ?? "") !== "";
    return debug ? { sourceMaps: true, stackTraceLimit: undefined, printStacks: true } : { sourceMaps: false, stackTraceLimit: PLAN_STACK_TRACE_LIMIT, printStacks: false };
}

/**
 * Applies the plan process's runtime settings, once before planning (by the plan CLI, and by the bench's
 * bare replay so that it runs the same way). By default: no source-map lookups for stack traces and no
 * captured frames (errors are reported by message). Returns what it applied.
 */
export function usePlanRuntime(env: Readonly<Record<string, string | undefined>> = process.env): PlanRuntimeSettings {
    const settings = planRuntimeSettings(env);
    process.setSourceMapsEnabled(settings.sourceMaps);
    if (settings.stackTraceLimit !== undefined) Error.stackTraceLimit = settings.stackTraceLimit;
    return settings;
}
