#!/bin/sh
# Runs a ThreadSanitizer build of pxlint with more threads than cores over the
# fixtures and a slice of the standard library (every function a callback,
# so findings are reported on the workers too), then the given unit tests
# (threads that only large runs start); any report fails the run.
set -eu
pxlint=${1:?usage: tsan.sh PXLINT [UNIT-TEST...]}
shift
stdlib=$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])' 2>/dev/null || true)
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 report_signal_unsafe=0"
# Some kernels randomise mmap too widely for TSan; disabling ASLR for the
# child avoids "unexpected memory mapping" aborts where setarch exists.
wrap=""
if command -v setarch >/dev/null 2>&1 && setarch "$(uname -m)" -R true 2>/dev/null; then
  wrap="setarch $(uname -m) -R"
fi
set +e
$wrap "$pxlint" check --jobs 8 --quiet fixtures >/dev/null
rc=$?
if [ "$rc" -le 1 ] && [ -n "$stdlib" ] && [ -d "$stdlib/json" ]; then
  $wrap "$pxlint" check --jobs 8 --quiet --all-functions "$stdlib/json" "$stdlib/email" "$stdlib/asyncio" >/dev/null
  rc=$?
fi
set -e
if [ "$rc" -gt 1 ]; then
  echo "tsan: pxlint exited $rc (ThreadSanitizer report or crash)" >&2
  exit 1
fi
for test in "$@"; do
  if ! $wrap "$test" >/dev/null; then
    echo "tsan: $test failed (ThreadSanitizer report or a failing test)" >&2
    exit 1
  fi
done
echo "tsan: no data race reported"
