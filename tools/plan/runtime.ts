/**
 * Frames kept in the plan process's stack traces: none. The plan reports every error by its message (a
 * ConfigError's text, "plan failed: <message>"), never by its stack, while the SDK captures
 * `new Error().stack` for every promise it tracks (`debuggablePromise`): at N=200 capturing and formatting
 * those frames took a tenth of the plan's CPU time. The SDK's call-site capture for each resource
 * (`Resource.callsites`) raises the limit itself while it runs, so resources keep their source positions.
 */
export const PLAN_STACK_TRACE_LIMIT = 0;

/**
 * The plan process's runtime settings, set once before planning (by the plan CLI, and by the bench's bare
 * replay so that it runs the same way): no source-map lookups for stack traces and no captured frames
 * (errors are reported by message).
 */
export function usePlanRuntime(): void {
    process.setSourceMapsEnabled(false);
    Error.stackTraceLimit = PLAN_STACK_TRACE_LIMIT;
}
