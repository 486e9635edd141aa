# Shared by the examples: the tool as $TENSOR (default `dotnet tensor`), a check that a command's
# output says what the walkthrough promises, and a fresh working folder removed on exit.
tensor() { ${TENSOR:-dotnet tensor} "$@"; }
expect() { if ! grep -q -- "$1"; then echo "expected to see: $1" >&2; exit 1; fi; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
