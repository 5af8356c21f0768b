#!/usr/bin/env bash
# One file-naming convention: renames every camelCase file under src/, test/, bench/, scripts/, studies/ and tools/
# to kebab-case with `git mv` (history kept), rewrites every reference to the old names (imports, new URL(...),
# docs), empties the pending list in test/tools/file-names.test.ts, and verifies with both type-checks.
# Run on a clean tree; it commits nothing, so `git diff --stat` shows what it did before you commit.
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"

if [ -n "$(git status --porcelain)" ]; then
  echo "rename-kebab: the working tree is not clean; commit or stash first" >&2
  exit 1
fi

kebab() { sed -E 's/([a-z0-9])([A-Z])/\1-\2/g' <<<"$1" | tr '[:upper:]' '[:lower:]'; }

mapfile -t files < <(git ls-files src test bench scripts studies tools | grep -E '(^|/)[a-z][a-z0-9]*[A-Z][A-Za-z0-9]*(\.[A-Za-z]+)+$' || true)
if [ "${#files[@]}" -eq 0 ]; then
  echo "rename-kebab: nothing to rename"
  exit 0
fi

# Plan first, and refuse a rename onto a file that exists: nothing is moved unless every move is safe.
declare -A stems=()
for f in "${files[@]}"; do
  dir=$(dirname "$f")
  base=$(basename "$f")
  stem=${base%%.*}
  rest=${base#"$stem"}
  target="$dir/$(kebab "$stem")$rest"
  if [ -e "$target" ]; then
    echo "rename-kebab: $target already exists (from $f); nothing renamed" >&2
    exit 1
  fi
  stems[$stem]=$(kebab "$stem")
done

for f in "${files[@]}"; do
  base=$(basename "$f")
  stem=${base%%.*}
  git mv "$f" "$(dirname "$f")/${stems[$stem]}${base#"$stem"}"
done

# References: the old stem followed by its extensions (.ts, .test.ts, .js), not inside a longer name. Identifiers
# that happen to share a stem (a function recruitmentTree) are left alone: they are never followed by `.ts`.
for stem in "${!stems[@]}"; do
  new=${stems[$stem]}
  mapfile -t hits < <(git grep -l -I -P "(?<![A-Za-z0-9_.-])${stem}(?=(\.[a-z]+)*\.(ts|js)\b)" -- . ':!package-lock.json' || true)
  [ "${#hits[@]}" -eq 0 ] && continue
  perl -pi -e "s/(?<![A-Za-z0-9_.-])${stem}(?=(\.[a-z]+)*\.(ts|js)\b)/${new}/g" "${hits[@]}"
done

# The pending list of the file-name test is now empty.
perl -0pi -e 's/(\/\/ rename-kebab: pending start\n).*?(\s*\/\/ rename-kebab: pending end)/$1$2/s' test/tools/file-names.test.ts

echo "rename-kebab: renamed ${#files[@]} files; checking"
left=$(git ls-files src test bench scripts studies tools | grep -E '(^|/)[a-z][a-z0-9]*[A-Z][A-Za-z0-9]*(\.[A-Za-z]+)+$' || true)
if [ -n "$left" ]; then
  echo "rename-kebab: still camelCase: $left" >&2
  exit 1
fi
stale=$(for stem in "${!stems[@]}"; do git grep -n -I -P "(?<![A-Za-z0-9_.-])${stem}(?=(\.[a-z]+)*\.(ts|js)\b)" -- . ':!package-lock.json' || true; done)
if [ -n "$stale" ]; then
  echo "rename-kebab: references to old names remain:" >&2
  echo "$stale" >&2
  exit 1
fi
npx tsc --noEmit -p tsconfig.json
npx tsc --noEmit -p tsconfig.pure.json
echo "rename-kebab: done; both type-checks pass. Next: npx eslint . && node scripts/run-tests.js, then commit."
