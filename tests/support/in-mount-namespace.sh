#!/bin/sh
# Runs a test in a user and mount namespace of its own where the system allows one, so that it can
# mount a filesystem (TestFullDisk's small tmpfs) without being root; otherwise runs it as it is.
if unshare -rm true 2>/dev/null; then
    exec unshare -rm "$@"
fi
exec "$@"
