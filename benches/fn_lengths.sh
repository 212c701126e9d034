#!/usr/bin/env bash
# Lists functions in src/ longer than a limit (default 60 lines, from the
# `fn` line to its closing brace) and files with more than 600 lines of code
# before their `#[cfg(test)]` module. Prints nothing when everything fits.
#   bash benches/fn_lengths.sh [LIMIT]
limit=${1:-60}
cd "$(dirname "$0")/.." || exit 2
find src -name '*.rs' | sort | while read -r file; do
  awk -v limit="$limit" -v file="$file" '
    /^#\[cfg\(test\)\]/ { code = NR - 1; exit }
    {
      if (name == "" && match($0, /^ *(pub(\([a-z]+\))? )?(const )?fn [A-Za-z0-9_]+/)) {
        indent = $0; sub(/[^ ].*/, "", indent)
        name = $0; sub(/^.*fn /, "", name); sub(/[^A-Za-z0-9_].*/, "", name)
        start = NR
      } else if (name != "" && $0 == indent "}") {
        if (NR - start + 1 > limit) printf "%4d %s:%d %s\n", NR - start + 1, file, start, name
        name = ""
      }
    }
    END { if (code == 0) code = NR; if (code > 600) printf "FILE %d lines of code: %s\n", code, file }
  ' "$file"
done
