#!/usr/bin/env bash
# Trains two digit classifiers on a pinned dataset commit: makes the quick-start repository with
# 3000 digits, names a train and a test split, pins main's tip into examples/train-digits (a copy
# of it here) with `dotnet tensor pin`, builds it against the Tessera packages packed from this
# clone, runs it, and checks both held-out accuracies are at least 90% (chance is 10%).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/examples/lib/common.sh"

# Packages of a version of this run's own: NuGet's cache keeps the first copy of a version it sees.
version="0.1.0-example.$(date -u +%Y%m%d%H%M%S)"
packages=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')
cleanup() {
  rm -rf "$work"
  rm -rf "${packages%/}"/tessera.{core,msbuildtasks,mlnet}/"$version"
  rm -f "$root"/artifacts/packages/Tessera.{Core,MSBuildTasks,MLNet}."$version".nupkg
}
trap cleanup EXIT
for project in Core MSBuildTasks MLNet; do
  dotnet pack "$root/src/$project" -c Release -nologo -v:q -p:PackageVersion="$version" > /dev/null
done

tensor quickstart data --digits 3000 > /dev/null
tensor -C data merge --abort                 # the quick start leaves a merge for you on fix-captions
tensor -C data switch main
tensor -C data attrs set /digits splits '{"train": "0:2500", "test": "2500:3000"}'
tensor -C data commit -m "Split the digits: train 0-2499, test 2500-2999" > /dev/null

cp -r "$root/examples/train-digits" app
rm -rf app/bin app/obj
sed -i "s:\"../../artifacts/packages\":\"$root/artifacts/packages\":" app/nuget.config
tensor pin app/TrainDigits.csproj --dataset digits --repository data --branch main --columns "/digits/images;/digits/labels" | expect "Pinned digits"
grep -q '<TensorDataset Include="digits" Repository="../data"' app/TrainDigits.csproj

dotnet run --project app -c Release -p:TesseraVersion="$version" 2>&1 | tee run.log
# Both classifiers print "... held-out accuracy: 0.9xxx"; chance is 0.1.
awk '/held-out accuracy:/ { n++; if ($NF + 0 < 0.9) low = 1 } END { exit !(n == 2 && !low) }' run.log \
  || { echo "expected two held-out accuracies of at least 0.9" >&2; exit 1; }
echo "train-digits: ok"
