import type { HealthCheckResult, HealthIndicatorResult } from '@nestjs/terminus';

/**
 * Terminus's report of a health check — `{ status, info, error, details }`, the shape
 * HealthCheckService.check answers and the @HealthCheck() decorator documents — from the results
 * of the indicators: `info` holds the indicators that are up, `error` those that are down,
 * `details` all of them in the order given, and `status` is "error" as soon as one is down.
 * HealthCheckService.check builds the same through an executor (compiled generators,
 * Promise.allSettled, a summary object per part): 8% of the main thread under a load of probes.
 * Our indicators never throw (each returns "down" with its reason), and the shutting-down answer
 * is the controller's own (ShutdownState), so this is all the probe needs.
 */
export function healthReport(results: readonly HealthIndicatorResult[]): HealthCheckResult {
  const info: HealthIndicatorResult = {};
  const error: HealthIndicatorResult = {};
  const details: HealthIndicatorResult = {};
  for (const result of results) {
    for (const [key, value] of Object.entries(result)) {
      if (value.status === 'up') info[key] = value;
      else error[key] = value;
      details[key] = value;
    }
  }
  return { status: Object.keys(error).length > 0 ? 'error' : 'ok', info, error, details };
}
