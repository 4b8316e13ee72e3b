#!/bin/sh
# Starts the command without exec: this shell stays PID 1 for as long as the app runs.
echo "entry: starting $*"
"$@"
