#!/usr/bin/env bash
# The static checks of `npm test`, two at a time (our machines have two cores): type-checking with
# linting, then formatting with the security scan. Each one's output is printed when the pair has
# ended; any failure fails the whole, naming the checks that failed.
set -u
tmp=$(mktemp -d)
run() {
  local name=$1
  shift
  "$@" >"$tmp/$name.log" 2>&1
  echo $? >"$tmp/$name.rc"
}
run typecheck npm run typecheck &
run lint npm run lint &
wait
run format npm run format:check &
run security npm run security &
wait
failed=""
for name in typecheck lint format security; do
  cat "$tmp/$name.log"
  [ "$(cat "$tmp/$name.rc")" = 0 ] || failed="$failed $name"
done
rm -rf "$tmp"
if [ -n "$failed" ]; then
  echo "✗ failed:$failed"
  exit 1
fi
