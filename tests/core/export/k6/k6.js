// A stand-in for k6's `k6` module under node: check() and sleep() record what the script asked.
export const recorded = { requests: [], checks: [], sleeps: [], responseCallback: null };

export function check(value, checks) {
    recorded.checks.push(Object.fromEntries(Object.entries(checks).map(([name, test]) => [name, test(value)])));
    return true;
}

export function sleep(seconds) {
    recorded.sleeps.push(seconds);
}
