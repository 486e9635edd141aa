using System.Security.Cryptography;
using System.Text.Json;
using Tessera.Tool.Tests.Support;

namespace Tessera.Tool.Tests;

/// <summary>
/// <c>import npz</c> of damaged archives that numpy wrote, judged against numpy itself: one-byte flips in every part
/// of the zip (local headers, member data, central directory, end record). What numpy refuses must be refused with
/// invalid-argument naming the file (and the member, for a flip in one), staging nothing; what is imported must hold
/// exactly what numpy reads.
/// </summary>
public class NpzCorruptionTests
{
    private static readonly string[] Members = ["images", "score", "label", "raw"];

    [Fact]
    public void One_byte_flips_are_refused_where_numpy_refuses_them_and_never_import_other_bytes()
    {
        using var dir = new TempDir();
        dir.Ok("init", "--user", "Test", "--email", "test@example.com");
        var layouts = NumPyOracle.Run("npz_flips.py", "write", dir.Path);
        var random = new Random(20261204);
        var flips = new List<Flip>();
        foreach (var layout in layouts.EnumerateArray())
        {
            string file = layout.GetProperty("file").GetString()!;
            var original = File.ReadAllBytes(dir.File(file));
            foreach (var (region, from, to, member) in Regions(layout))
            {
                int picks = region == "data" ? 3 : region.StartsWith("local", StringComparison.Ordinal) ? 2 : region == "directory" ? 6 : 3;
                foreach (int at in Enumerable.Range(from, to - from).OrderBy(_ => random.Next()).Take(picks))
                {
                    var damaged = (byte[])original.Clone();
                    damaged[at] ^= (byte)random.Next(1, 256);
                    var flip = new Flip($"flip{flips.Count:D2}-{file}", at, region, member);
                    File.WriteAllBytes(dir.File(flip.File), damaged);
                    flips.Add(flip);
                }
            }
        }
        var numpy = NumPyOracle.Run("npz_flips.py", ["load", .. flips.Select(f => dir.File(f.File))]);

        var failures = new List<string>();
        int refusedByNumpy = 0;
        for (int i = 0; i < flips.Count; i++)
        {
            var flip = flips[i];
            var verdict = numpy.GetProperty(flip.File);
            string into = $"/f{i}";
            var result = TensorTool.Run(dir.Path, "import", "npz", flip.File, "--into", into, "--json");
            string what = $"{flip.File} (byte {flip.Offset}, {flip.Region}{(flip.Member is null ? "" : $" of {flip.Member}")})";
            if (!verdict.GetProperty("accepted").GetBoolean())
            {
                refusedByNumpy++;
                if (result.ExitCode != ErrorCode.InvalidArgument.ExitCode())
                {
                    failures.Add($"{what}: numpy refuses it ({verdict.GetProperty("error").GetString()}); the import gave {result}");
                    if (result.ExitCode == 0)
                        dir.Ok("reset");
                    continue;
                }
                string message = result.Error.GetProperty("message").GetString()!;
                if (!message.Contains(flip.File, StringComparison.Ordinal) || (flip.Member is { } name && !message.Contains($"'{name}.npy'", StringComparison.Ordinal)))
                    failures.Add($"{what}: the error does not name the file{(flip.Member is null ? "" : " and the member")}: {message}");
                if (StagedNodes(dir.Path) is { Count: > 0 } staged)
                    failures.Add($"{what}: refused, but {string.Join(", ", staged)} are staged");
            }
            else if (result.ExitCode == 0)
            {
                failures.AddRange(CompareStaged(dir.Path, into, verdict.GetProperty("arrays")).Select(f => $"{what}: {f}"));
                dir.Ok("reset");
            }
            else if (result.ExitCode != ErrorCode.InvalidArgument.ExitCode())
            {
                failures.Add($"{what}: numpy reads it; the import failed with something other than invalid-argument: {result}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        // The flips must have exercised refusals (most damage is caught by the CRC), not only harmless bytes.
        Assert.True(refusedByNumpy >= flips.Count / 2, $"numpy refused only {refusedByNumpy} of {flips.Count} flips");
    }

    private static IEnumerable<(string Region, int From, int To, string? Member)> Regions(JsonElement layout)
    {
        foreach (var member in layout.GetProperty("members").EnumerateArray())
        {
            string name = member.GetProperty("name").GetString()!;
            Assert.Contains(name, Members);
            yield return ("local header", member.GetProperty("header").GetInt32(), member.GetProperty("data").GetInt32(), name);
            yield return ("data", member.GetProperty("data").GetInt32(), member.GetProperty("end").GetInt32(), name);
        }
        yield return ("directory", layout.GetProperty("directory").GetInt32(), layout.GetProperty("endRecord").GetInt32(), null);
        yield return ("end record", layout.GetProperty("endRecord").GetInt32(), layout.GetProperty("length").GetInt32(), null);
    }

    /// <summary>Nodes in the staging area that differ from HEAD (read from the repository the tool wrote).</summary>
    private static List<string> StagedNodes(string path)
    {
        using var repo = Repository.Open(path);
        var view = StagedView.Open(repo);
        return view.HasStagedChanges || view.Operation is not null
            ? [.. view.Nodes.Select(n => n.Path).DefaultIfEmpty("(staged changes)")]
            : [];
    }

    /// <summary>Differences between what was staged under <paramref name="group"/> and what numpy read.</summary>
    private static IEnumerable<string> CompareStaged(string path, string group, JsonElement arrays)
    {
        using var repo = Repository.Open(path);
        var view = StagedView.Open(repo);
        foreach (var array in arrays.EnumerateObject())
        {
            var column = view.Column($"{group}/{array.Name}");
            var shape = array.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
            var samples = Enumerable.Range(0, shape[0]).Select(k => column.Get(SampleKey.Of(k))).ToList();
            if (column.Contains(SampleKey.Of(shape[0])))
                yield return $"{array.Name} has more than the {shape[0]} samples numpy reads";
            if (array.Value.TryGetProperty("values", out var values))
            {
                var expected = values.EnumerateArray().Select(v => v.GetString()!).ToList();
                var actual = samples.Select(s => s.Kind == ColumnKind.Str ? s.AsString() : Convert.ToHexStringLower(s.Bytes.Span)).ToList();
                if (!expected.SequenceEqual(actual))
                    yield return $"{array.Name} holds [{string.Join(", ", actual)}], numpy reads [{string.Join(", ", expected)}]";
                continue;
            }
            var bytes = samples.SelectMany(s => s.Bytes.ToArray()).ToArray();
            if (Convert.ToHexStringLower(SHA256.HashData(bytes)) != array.Value.GetProperty("sha256").GetString())
                yield return $"{array.Name} holds other bytes than numpy reads";
            if (!samples.All(s => s.Shape.SequenceEqual(shape[1..])))
                yield return $"{array.Name} samples are not of shape ({string.Join(", ", shape[1..])})";
        }
    }

    private sealed record Flip(string File, int Offset, string Region, string? Member);
}
