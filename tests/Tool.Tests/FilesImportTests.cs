using System.Text.Json;
using Xunit.Abstractions;
using Tessera.Tool.Tests.Support;

namespace Tessera.Tool.Tests;

/// <summary>
/// import files and export files on real image files that PIL (Debian's python3-pil) writes, with PIL's own decode as
/// the oracle (tests/oracles/images/pil_oracle.py), the built tool run as a process.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class FilesImportTests(ITestOutputHelper output)
{
    private static readonly string[] Lossless = ["cat/rgb.png", "cat/rgba.png", "cat/grey.png", "cat/palette.png", "dog/bitmap.bmp", "dog/lossless.webp"];

    [Fact]
    public void Images_decode_to_the_pixels_PIL_decodes_with_labels_from_class_folders()
    {
        using var dir = Repo();
        MakeCorpus(dir, "pics");

        var imported = dir.Ok("import", "files", "pics", "--into", "/pets", "--label", "--json").Json;
        Assert.Equal(7, imported.GetProperty("staged").GetInt32());
        Assert.Equal(["cat", "dog"], Strings(imported.GetProperty("classes")));
        Assert.Equal(["/pets/image", "/pets/label"], Strings(imported.GetProperty("columnsCreated")));
        Assert.Contains("uint8", dir.Ok("tree").Stdout);
        Assert.Equal("[\"cat\",\"dog\"]", dir.Ok("attrs", "get", "/pets", "classes").Stdout.Trim());
        Assert.Equal("1", dir.Ok("get", "/pets/label", "s:dog--photo.jpg").Stdout.Split('\n')[1].Trim());
        Assert.Equal("0", dir.Ok("get", "/pets/label", "s:cat--rgb.png").Stdout.Split('\n')[1].Trim());
        ComparedWithPil(dir, "pics", "/pets/image", "RGB");

        dir.Ok("import", "files", "pics", "--into", "/rgba", "--alpha");
        ComparedWithPil(dir, "pics", "/rgba/image", "RGBA");
    }

    [Fact]
    public void Labels_come_from_the_folder_under_the_imported_one_and_keep_their_index_when_classes_are_added()
    {
        using var dir = Repo();
        MakeCorpus(dir, "pics");
        dir.Ok("import", "files", "pics", "--into", "/pets", "--label");
        Directory.CreateDirectory(dir.File("pics/ant"));
        Directory.CreateDirectory(dir.File("pics/dog/puppies"));
        File.Copy(dir.File("pics/cat/rgb.png"), dir.File("pics/ant/a.png"));
        File.Copy(dir.File("pics/cat/rgb.png"), dir.File("pics/dog/puppies/p.png"));

        var again = dir.Ok("import", "files", "pics", "--into", "/pets", "--label", "--json").Json;
        Assert.Equal(["cat", "dog", "ant"], Strings(again.GetProperty("classes")));
        Assert.Equal("2", dir.Ok("get", "/pets/label", "s:ant--a.png").Stdout.Split('\n')[1].Trim());
        Assert.Equal("1", dir.Ok("get", "/pets/label", "s:dog--puppies--p.png").Stdout.Split('\n')[1].Trim());
        Assert.Equal("0", dir.Ok("get", "/pets/label", "s:cat--rgb.png").Stdout.Split('\n')[1].Trim());

        File.Copy(dir.File("pics/cat/rgb.png"), dir.File("pics/loose.png"));
        var error = dir.FailsJson(ErrorCode.InvalidArgument, "import", "files", "pics", "--into", "/pets", "--label").GetProperty("message").GetString()!;
        Assert.Contains("'loose.png' is not in a class folder", error);
    }

    [Fact]
    public void Export_writes_PNGs_of_the_imported_pixels_and_raw_files_byte_for_byte_under_their_paths()
    {
        using var dir = Repo();
        MakeCorpus(dir, "pics");
        dir.Ok("import", "files", "pics", "--into", "/pets");
        dir.Ok("commit", "-m", "pictures");
        var exported = dir.Ok("export", "files", "/pets", "out", "--rev", "main", "--json").Json;
        Assert.Equal(7, exported.GetProperty("files").GetInt32());
        Assert.True(File.Exists(dir.File("out/dog/photo.png")));
        // PIL reads each exported PNG as the pixels of the sample it came from (which the test above compares with PIL's decode of the original).
        string[] all = [.. Lossless, "dog/photo.jpg"];
        foreach (var file in all)
            dir.Ok("get", "/pets/image", "s:" + Key(file), "-o", dir.File($"{Key(file)}.npy"));
        var check = Oracle("compare", WriteManifest(dir, all.Select(f => (dir.File($"out/{Path.ChangeExtension(f, ".png")}"), dir.File($"{Key(f)}.npy"), "RGB", true))));
        Assert.Equal(all.Length, check.GetProperty("checked").GetInt32());
        Assert.Empty(Strings(check.GetProperty("failures")));

        // Names that are not key characters survive the round trip through their keys.
        Directory.CreateDirectory(dir.File("odd/d1/d2"));
        var files = new Dictionary<string, byte[]>
        {
            ["a b.bin"] = [1, 2, 3],
            ["ü-é.txt"] = "text"u8.ToArray(),
            ["-dash.bin"] = [4],
            ["_under.bin"] = [],
            ["d1/d2/deep.dat"] = [5, 6],
        };
        foreach (var (name, bytes) in files)
            File.WriteAllBytes(dir.File($"odd/{name}"), bytes);
        var raw = dir.Ok("import", "files", "odd", "--into", "/odd", "--raw", "--json").Json;
        Assert.Equal(["/odd/file"], Strings(raw.GetProperty("columns")));
        Assert.Equal("a-20b.bin", dir.Ok("keys", "/odd/file").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).First(k => k.StartsWith('a')));
        dir.Ok("export", "files", "/odd", "odd-out");
        foreach (var (name, bytes) in files)
            Assert.Equal(bytes, File.ReadAllBytes(dir.File($"odd-out/{name}")));
        Assert.Equal(files.Count, Directory.GetFiles(dir.File("odd-out"), "*", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public void A_reimport_stages_only_files_whose_content_changed_and_removes_keys_of_files_gone()
    {
        using var dir = Repo();
        MakeCorpus(dir, "pics");
        dir.Ok("import", "files", "pics", "--into", "/pets", "--label");
        dir.Ok("commit", "-m", "pictures");

        var again = dir.Ok("import", "files", "pics", "--into", "/pets", "--label", "--json").Json;
        Assert.Equal((0, 7), (again.GetProperty("staged").GetInt32(), again.GetProperty("unchanged").GetInt32()));

        // A new time with the same bytes is unchanged (read and hashed); new bytes are staged; a deleted file's keys go.
        File.SetLastWriteTimeUtc(dir.File("pics/cat/rgb.png"), DateTime.UtcNow.AddHours(1));
        File.Copy(dir.File("pics/cat/grey.png"), dir.File("pics/cat/palette.png"), overwrite: true);
        File.Delete(dir.File("pics/dog/bitmap.bmp"));
        var changed = dir.Ok("import", "files", "pics", "--into", "/pets", "--label", "--json").Json;
        Assert.Equal((1, 5, 1), (changed.GetProperty("staged").GetInt32(), changed.GetProperty("unchanged").GetInt32(), changed.GetProperty("removed").GetInt32()));
        var status = dir.Ok("diff", "--json").Json.ToString();
        Assert.Contains("cat--palette.png", status);
        Assert.Contains("dog--bitmap.bmp", status);
        Assert.DoesNotContain("cat--rgb.png", status);
        dir.Ok("commit", "-m", "changes");

        // What was staged is what counts: after a reset the files are staged again, not taken as unchanged.
        File.Copy(dir.File("pics/cat/rgb.png"), dir.File("pics/cat/palette.png"), overwrite: true);
        dir.Ok("import", "files", "pics", "--into", "/pets", "--label");
        dir.Ok("reset");
        var afterReset = dir.Ok("import", "files", "pics", "--into", "/pets", "--label", "--json").Json;
        Assert.Equal(1, afterReset.GetProperty("staged").GetInt32());
    }

    [Fact]
    public void Bad_images_refuse_the_import_naming_each_and_skip_bad_leaves_them_out()
    {
        using var dir = Repo();
        MakeCorpus(dir, "pics");
        var png = File.ReadAllBytes(dir.File("pics/cat/rgb.png"));
        File.WriteAllBytes(dir.File("pics/cat/truncated.png"), png[..(png.Length / 2)]);
        var corrupt = png.ToArray();
        for (int i = 40; i < corrupt.Length - 12; i++)
            corrupt[i] ^= 0x5A;
        File.WriteAllBytes(dir.File("pics/cat/corrupt.png"), corrupt);
        File.WriteAllText(dir.File("pics/dog/notes.txt"), "not an image");
        Oracle("gif", dir.File("pics/dog/anim.gif"));

        var error = dir.FailsJson(ErrorCode.InvalidArgument, "import", "files", "pics", "--into", "/pets").GetProperty("message").GetString()!;
        foreach (var name in new[] { "cat/truncated.png", "cat/corrupt.png", "dog/notes.txt", "dog/anim.gif", "--skip-bad" })
            Assert.Contains(name, error);
        Assert.Contains("GIF", error);
        Assert.DoesNotContain("/pets", dir.Ok("tree").Stdout);

        var skipped = dir.Ok("import", "files", "pics", "--into", "/pets", "--skip-bad", "--json").Json;
        Assert.Equal(7, skipped.GetProperty("staged").GetInt32());
        var reasons = skipped.GetProperty("skipped").EnumerateArray().ToDictionary(s => s.GetProperty("path").GetString()!, s => s.GetProperty("reason").GetString()!);
        Assert.Equal(["cat/corrupt.png", "cat/truncated.png", "dog/anim.gif", "dog/notes.txt"], reasons.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("truncated", reasons["cat/truncated.png"]);
        Assert.Contains("not a PNG, JPEG, BMP or WebP image", reasons["dog/notes.txt"]);
        Assert.Equal(7, dir.Ok("keys", "/pets/image").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Images_of_different_sizes_are_refused_for_a_fixed_shape_and_kept_in_a_variable_shape_column()
    {
        using var dir = Repo();
        MakeCorpus(dir, "pics");
        Oracle("resized", dir.File("pics/dog/big.png"));

        var error = dir.FailsJson(ErrorCode.ShapeMismatch, "import", "files", "pics", "--into", "/pets").GetProperty("message").GetString()!;
        Assert.Contains("dog/big.png is 20×9", error);
        Assert.Contains("13×7", error);
        Assert.Contains("--variable-shape", error);
        Assert.DoesNotContain("/pets", dir.Ok("tree").Stdout);

        dir.Ok("import", "files", "pics", "--into", "/pets", "--variable-shape");
        dir.Ok("get", "/pets/image", "s:dog--big.png", "-o", "big.npy");
        dir.Ok("get", "/pets/image", "s:cat--rgb.png", "-o", "rgb.npy");
        var check = Oracle("compare", WriteManifest(dir, [(dir.File("pics/dog/big.png"), dir.File("big.npy"), "RGB", true), (dir.File("pics/cat/rgb.png"), dir.File("rgb.npy"), "RGB", true)]));
        Assert.Empty(Strings(check.GetProperty("failures")));
    }

    /// <summary>
    /// The import decodes a fixed-shape image into room sized from the header it read first; a file that changed in
    /// between (no hook reaches that moment from the command line, so the codec is called directly) is a bad file.
    /// </summary>
    [Fact]
    public void An_image_whose_size_changed_since_its_header_was_read_is_refused_without_writing_into_its_room()
    {
        using var dir = Repo();
        Oracle("resized", dir.File("big.png"));
        var encoded = File.ReadAllBytes(dir.File("big.png"));

        var room = new byte[7 * 13 * 3];
        var error = Assert.Throws<Tessera.Files.ImageDecodeException>(() => Tessera.Files.ImageCodec.Decode(encoded, 3, new Tessera.Files.ImageSize(7, 13), room));
        Assert.Contains("20×9 now, 13×7 when the folder was read", error.Message);
        Assert.All(room, b => Assert.Equal(0, b));

        var (pixels, size) = Tessera.Files.ImageCodec.Decode(encoded, 3);
        var into = new byte[pixels.Length];
        Tessera.Files.ImageCodec.Decode(encoded, 3, size, into);
        Assert.Equal(pixels, into);
    }

    [Fact]
    public void A_symbolic_link_loop_is_refused_naming_the_link()
    {
        using var dir = Repo();
        MakeCorpus(dir, "pics");
        File.CreateSymbolicLink(dir.File("pics/cat/back"), dir.File("pics"));
        var error = dir.FailsJson(ErrorCode.InvalidArgument, "import", "files", "pics", "--into", "/pets").GetProperty("message").GetString()!;
        Assert.Contains("pics/cat/back", error);
        Assert.Contains("loop", error);

        File.Delete(dir.File("pics/cat/back"));
        File.CreateSymbolicLink(dir.File("pics/cat/self.png"), dir.File("pics/cat/self.png"));
        error = dir.FailsJson(ErrorCode.InvalidArgument, "import", "files", "pics", "--into", "/pets").GetProperty("message").GetString()!;
        Assert.Contains("pics/cat/self.png", error);
        Assert.Contains("loop", error);
        Assert.DoesNotContain("/pets", dir.Ok("tree").Stdout);
    }

    [Fact]
    public void An_unreadable_file_or_folder_is_refused_naming_it()
    {
        using var dir = Repo();
        MakeCorpus(dir, "pics");
        // root reads files whatever their mode, so as root the tool runs as nobody (setpriv), for whom the mode counts.
        bool root = Environment.UserName == "root";
        string[] launcher = root ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "env", $"HOME={dir.Path}", $"DOTNET_CLI_HOME={dir.Path}"] : [];
        if (root)
        {
            output.WriteLine("Running as root: the tool runs as nobody through setpriv so that file modes apply.");
            ExternalProgram.Run("chmod", "-R", "a+rwX", dir.Path);
        }
        File.SetUnixFileMode(dir.File("pics/cat/rgb.png"), UnixFileMode.None);
        var result = TensorTool.RunVia(launcher, dir.Path, "import", "files", "pics", "--into", "/pets");
        Assert.True(result.ExitCode == ErrorCode.InvalidArgument.ExitCode(), result.ToString());
        Assert.Contains("pics/cat/rgb.png' cannot be read", result.Stderr);

        File.SetUnixFileMode(dir.File("pics/cat/rgb.png"), UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.SetUnixFileMode(dir.File("pics/dog"), UnixFileMode.None);
        result = TensorTool.RunVia(launcher, dir.Path, "import", "files", "pics", "--into", "/pets");
        File.SetUnixFileMode(dir.File("pics/dog"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Assert.True(result.ExitCode == ErrorCode.InvalidArgument.ExitCode(), result.ToString());
        Assert.Contains("pics/dog' cannot be listed", result.Stderr);
        Assert.DoesNotContain("/pets", dir.Ok("tree").Stdout);
    }

    private static TempDir Repo()
    {
        var dir = new TempDir();
        dir.Ok("init", "--user", "Test", "--email", "test@example.com");
        return dir;
    }

    private static void MakeCorpus(TempDir dir, string folder) => Oracle("make", dir.File(folder));

    private static JsonElement Oracle(string command, string argument) => NumPyOracle.RunScript("images/pil_oracle.py", command, argument);

    private static string Key(string relativePath) => relativePath.Replace("/", "--", StringComparison.Ordinal);

    /// <summary>Gets each image's sample as .npy and has PIL compare it with its own decode of the file.</summary>
    private static void ComparedWithPil(TempDir dir, string folder, string column, string mode)
    {
        string[] all = [.. Lossless, "dog/photo.jpg"];
        var items = new List<(string, string, string, bool)>();
        foreach (var file in all)
        {
            string npy = dir.File($"{Key(file)}.{mode}.npy");
            dir.Ok("get", column, "s:" + Key(file), "-o", npy);
            items.Add((dir.File($"{folder}/{file}"), npy, mode, file != "dog/photo.jpg"));
        }
        var check = Oracle("compare", WriteManifest(dir, items));
        Assert.Equal(all.Length, check.GetProperty("checked").GetInt32());
        Assert.Empty(Strings(check.GetProperty("failures")));
    }

    private static string WriteManifest(TempDir dir, IEnumerable<(string Image, string Npy, string Mode, bool Exact)> items)
    {
        string path = dir.File($"manifest-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(items.Select(i => new { image = i.Image, npy = i.Npy, mode = i.Mode, exact = i.Exact })));
        return path;
    }

    private static List<string> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}
