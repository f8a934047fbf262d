/**
 * The plan process's runtime settings, set once before planning (by the plan CLI, and by the bench's bare
 * replay so that it runs the same way): no source-map lookups for stack traces (errors are reported by
 * message).
 */
export function usePlanRuntime(): void {
    process.setSourceMapsEnabled(false);
}
