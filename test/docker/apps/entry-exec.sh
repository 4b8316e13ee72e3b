#!/bin/sh
# Replaces itself with the command, so the app becomes PID 1.
echo "entry: starting $*"
exec "$@"
