using Tessera.Tests.Support;

namespace Tessera.Tests;

/// <summary>Bad input gets a typed error with a code, and changes nothing.</summary>
public class ValidationTests
{
    [Theory]
    [InlineData("imägës")]
    [InlineData("../escape")]
    [InlineData(".hidden")]
    [InlineData("-option")]
    [InlineData("a b")]
    [InlineData("x//y")]
    public void Invalid_node_names_are_refused(string name)
    {
        using var t = new TempRepo();
        using var w = t.Repo.OpenWriter();
        var ex = Assert.Throws<InvalidInputException>(() => w.CreateColumn("/" + name + "/x", ColumnSchema.Str()));
        Assert.Equal(ErrorCode.InvalidName, ex.Code);
        Assert.False(w.HasStagedChanges);
    }

    [Fact]
    public void Names_longer_than_64_characters_are_refused()
    {
        using var t = new TempRepo();
        using var w = t.Repo.OpenWriter();
        w.CreateColumn("/" + new string('a', 64), ColumnSchema.Str());
        var ex = Assert.Throws<InvalidInputException>(() => w.CreateColumn("/" + new string('a', 65), ColumnSchema.Str()));
        Assert.Equal(ErrorCode.InvalidName, ex.Code);
        Assert.Contains("64", ex.Message);
    }

    [Fact]
    public void Dtype_and_shape_mismatches_are_refused_and_stage_nothing()
    {
        using var t = new TempRepo();
        using var w = t.Repo.OpenWriter();
        var col = w.CreateColumn("/c", ColumnSchema.NDArray(DType.Float32, 2, 3));
        w.Commit("schema");
        Assert.Equal(ErrorCode.DTypeMismatch, Assert.Throws<InvalidInputException>(() => col.Add<double>(0, new double[6])).Code);
        Assert.Equal(ErrorCode.ShapeMismatch, Assert.Throws<InvalidInputException>(() => col.Add<float>(0, new float[5])).Code);
        Assert.Equal(ErrorCode.ShapeMismatch, Assert.Throws<InvalidInputException>(() => col.Add<float>(0, new float[6], 3, 2)).Code);
        Assert.Equal(ErrorCode.ShapeMismatch, Assert.Throws<InvalidInputException>(() => col.Add<float>(0, new float[6], 6)).Code);
        Assert.Equal(ErrorCode.DTypeMismatch, Assert.Throws<InvalidInputException>(() => col.AddString(0, "text")).Code);
        Assert.False(w.HasStagedChanges);
        Assert.Equal(0, col.Count);
    }

    [Fact]
    public void Variable_shape_columns_check_rank_and_max_shape()
    {
        using var t = new TempRepo();
        using var w = t.Repo.OpenWriter();
        var col = w.CreateColumn("/v", ColumnSchema.VariableNDArray(DType.Int16, 10, 10));
        col.Add<short>(0, new short[12], 3, 4);
        col.Add<short>(1, new short[100], 10, 10);
        Assert.Equal(ErrorCode.ShapeMismatch, Assert.Throws<InvalidInputException>(() => col.Add<short>(2, new short[11], 11, 1)).Code);
        Assert.Equal(ErrorCode.ShapeMismatch, Assert.Throws<InvalidInputException>(() => col.Add<short>(2, new short[10], 10)).Code);
        Assert.Equal(ErrorCode.ShapeMismatch, Assert.Throws<InvalidInputException>(() => col.Add<short>(2, new short[10], 1, 1, 10)).Code);
        w.Commit("variable");
        var read = t.Repo.Checkout("HEAD").Column("/v");
        Assert.Equal([3, 4], read.Get(0).Shape);
        Assert.Equal(2, read.Count);
    }

    [Fact]
    public void Zero_size_and_rank_above_31_schemas_are_refused()
    {
        Assert.Equal(ErrorCode.InvalidSchema, Assert.Throws<InvalidInputException>(() => ColumnSchema.NDArray(DType.UInt8, 3, 0)).Code);
        Assert.Equal(ErrorCode.InvalidSchema, Assert.Throws<InvalidInputException>(() => ColumnSchema.NDArray(DType.UInt8, Enumerable.Repeat(1, 32).ToArray())).Code);
        Assert.Equal(31, ColumnSchema.NDArray(DType.UInt8, Enumerable.Repeat(1, 31).ToArray()).Shape.Count);
        Assert.Equal(ErrorCode.InvalidSchema, Assert.Throws<InvalidInputException>(() => DTypes.Parse("float128")).Code);
    }

    [Fact]
    public void Unknown_refs_missing_keys_and_empty_commits_are_refused()
    {
        using var t = new TempRepo();
        t.Seed(5);
        Assert.Equal(ErrorCode.RefNotFound, Assert.Throws<NotFoundException>(() => t.Repo.Lookup("nope")).Code);
        Assert.Equal(ErrorCode.RefNotFound, Assert.Throws<NotFoundException>(() => t.Repo.Lookup("HEAD~5")).Code);
        Assert.Equal(ErrorCode.InvalidRevision, Assert.Throws<InvalidInputException>(() => t.Repo.Lookup("../x")).Code);
        var col = t.Repo.Checkout("HEAD").Column("/images");
        Assert.Equal(ErrorCode.KeyNotFound, Assert.Throws<NotFoundException>(() => col.Get(99)).Code);
        Assert.Equal(ErrorCode.NodeNotFound, Assert.Throws<NotFoundException>(() => t.Repo.Checkout("HEAD").Column("/missing")).Code);
        using var w = t.Repo.OpenWriter();
        Assert.Equal(ErrorCode.EmptyCommit, Assert.Throws<StateException>(() => w.Commit("nothing")).Code);
        w.Column("/images").Add<byte>(0, TempRepo.Image(0));
        Assert.Equal(ErrorCode.EmptyCommit, Assert.Throws<StateException>(() => w.Commit("same bytes again")).Code);
        Assert.Equal(ErrorCode.KeyNotFound, Assert.Throws<NotFoundException>(() => w.Column("/images").Remove(1234)).Code);
        Assert.Equal(ErrorCode.InvalidArgument, Assert.Throws<InvalidInputException>(() => w.Commit("  ")).Code);
    }

    [Fact]
    public void A_folder_that_is_not_a_repository_is_reported()
    {
        var dir = Directory.CreateTempSubdirectory("tessera-none-").FullName;
        try
        {
            var ex = Assert.Throws<RepositoryNotFoundException>(() => Repository.Open(dir));
            Assert.Equal(ErrorCode.NotARepository, ex.Code);
            Assert.Contains("Create one", ex.Message);
            Assert.False(Directory.Exists(Path.Combine(dir, ".tensor")));
            Assert.Null(Repository.Discover(dir));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Init_twice_is_refused_and_discover_walks_up()
    {
        using var t = new TempRepo();
        Assert.Equal(ErrorCode.AlreadyARepository, Assert.Throws<StateException>(() => Repository.Init(t.Dir)).Code);
        var sub = Directory.CreateDirectory(Path.Combine(t.Dir, "a", "b")).FullName;
        Assert.Equal(t.Dir, Repository.Discover(sub));
    }

    [Fact]
    public void Error_codes_have_kebab_names_and_distinct_exit_codes()
    {
        Assert.Equal("writer-lock-held", ErrorCode.WriterLockHeld.Name());
        Assert.Equal("dtype-mismatch", ErrorCode.DTypeMismatch.Name());
        Assert.Equal(40, ErrorCode.WriterLockHeld.ExitCode());
        var codes = Enum.GetValues<ErrorCode>();
        Assert.Equal(codes.Length, codes.Select(c => c.ExitCode()).Distinct().Count());
        Assert.All(codes, c => Assert.InRange(c.ExitCode(), 1, 125));
    }

    [Fact]
    public void A_str_sample_without_an_exact_utf8_form_is_refused_not_altered()
    {
        using var t = new TempRepo();
        using var w = t.Repo.OpenWriter();
        var captions = w.CreateColumn("/captions", ColumnSchema.Str());
        Assert.Equal(ErrorCode.InvalidArgument, Assert.Throws<InvalidInputException>(() => captions.AddString(0, "lone \uD800 surrogate")).Code);
        Assert.Equal(ErrorCode.InvalidArgument, Assert.Throws<InvalidInputException>(() => captions.AddStrings([0, 1], ["fine", "\uDC00"])).Code);
        Assert.Equal(ErrorCode.InvalidArgument, Assert.Throws<InvalidInputException>(() => captions.AddString(0, (ReadOnlySpan<byte>)[0xC3, 0x28])).Code);
        Assert.Equal(0, captions.Count);
        captions.AddString(0, "\uFFFD is a character too");
        Assert.Equal("\uFFFD is a character too", captions.Get(0).AsString());
    }
}
