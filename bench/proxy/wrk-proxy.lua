-- wrk script for the proxy benchmark (bench/proxy/run.sh).
-- TARGET: send absolute-form requests for this URL, as a client set to use a forward proxy does.
-- DELAY_MS: each connection waits this long after a response before its next request, which
-- paces the load: about connections x 1000 / DELAY_MS requests a second (wrk cannot pace itself).
local target = os.getenv("TARGET")
local delayMs = tonumber(os.getenv("DELAY_MS") or "0")

if target ~= nil and target ~= "" then
    request = function()
        return wrk.format("GET", target)
    end
end

if delayMs > 0 then
    delay = function()
        return delayMs
    end
end
