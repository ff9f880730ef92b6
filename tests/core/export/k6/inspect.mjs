// Loads an exported k6 script under node, with the stand-ins for k6's modules, runs each k6
// scenario's exec function once and prints, as JSON, the options and what each function sent.
// usage: node inspect.mjs SCRIPT [ENVIRONMENT_JSON]
import { recorded } from 'k6';
import { pathToFileURL } from 'node:url';

globalThis.__ENV = JSON.parse(process.argv[3] ?? '{}');
const script = await import(pathToFileURL(process.argv[2]).href);
const output = { options: script.options, responseCallback: recorded.responseCallback, calls: {} };
for (const [name, scenario] of Object.entries(script.options.scenarios)) {
    recorded.requests = [];
    recorded.checks = [];
    recorded.sleeps = [];
    script[scenario.exec]();
    output.calls[name] = { requests: recorded.requests, checks: recorded.checks, sleeps: recorded.sleeps };
}
console.log(JSON.stringify(output));
