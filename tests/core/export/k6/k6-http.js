// A stand-in for k6's `k6/http` module under node: requests are recorded and answered 200 at once.
import { recorded } from './index.js';

export default {
    request(method, url, body, params) {
        recorded.requests.push({ method, url, body, params });
        return { status: 200, timings: { duration: 5 } };
    },
    setResponseCallback(callback) {
        recorded.responseCallback = callback;
    },
    expectedStatuses(...statuses) {
        return { expectedStatuses: statuses };
    },
};
