namespace Tessera.Bench;

/// <summary>
/// Chunked arrays: a float32 (4096, 4096) array in (256, 256) chunks written and read whole, by
/// rows and by random chunks; and an array of ~100,000 small chunks for the cost of a one-chunk
/// commit and of a move.
/// </summary>
internal static class WorkloadArrays
{
    private const int Side = 4096;
    private const int Chunk = 256;

    public static List<PhaseResult> Run(int seed)
    {
        var rec = new Recorder("arrays");
        var rng = new Random(seed);
        var data = new float[Side * Side];
        for (int i = 0; i < data.Length; i++)
            data[i] = (float)rng.NextDouble();
        long bytes = data.Length * 4L;

        using var scratch = new Scratch();
        using var repo = Repository.Init(scratch.Dir, new InitOptions { UserName = "bench", UserEmail = "bench@localhost" });
        using var w = repo.OpenWriter();
        var big = w.CreateArray("/big", new ArraySchema(DType.Float32, [Side, Side], [Chunk, Chunk]));
        rec.Time("array_write_full", bytes, Side * Side, () => big.Write(data));
        w.Commit("big array");
        var reader = repo.Checkout("HEAD").Array("/big");
        var back = rec.Time("array_read_full", bytes, Side * Side, () => reader.Read<float>());
        Recorder.Check(back.AsSpan().SequenceEqual(data), "full read equals what was written");

        const int rows = Side / 64;
        rec.Time("array_write_rows", bytes, Side * Side, () =>
        {
            for (int r = 0; r < 64; r++)
                big.Write<float>(data.AsMemory(r * rows * Side, rows * Side), Slice.Range(r * rows, (r + 1) * rows), Slice.All);
        });
        rec.Time("array_read_random_chunks", 1000L * Chunk * Chunk * 4, 1000, () =>
        {
            for (int i = 0; i < 1000; i++)
            {
                int ci = rng.Next(Side / Chunk), cj = rng.Next(Side / Chunk);
                var block = reader.Read<float>(Slice.Range(ci * Chunk, (ci + 1) * Chunk), Slice.Range(cj * Chunk, (cj + 1) * Chunk));
                Recorder.Check(block[0] == data[(ci * Chunk * Side) + (cj * Chunk)], "a random chunk reads back");
            }
        });

        // ~100,000 chunks: (3200, 3200) int32 in (10, 10) chunks = 102,400 chunks.
        var many = w.CreateArray("/many/a", new ArraySchema(DType.Int32, [3200, 3200], [10, 10]));
        var values = new int[3200 * 3200];
        for (int i = 0; i < values.Length; i++)
            values[i] = i + 1;
        many.Write(values);
        w.Commit("an array of 102,400 chunks");
        many.Write(new int[100], Slice.Range(1500, 1510), Slice.Range(2000, 2010));
        rec.Time("array_commit_one_chunk_changed", 400, 102_400, () => w.Commit("one chunk changed"));
        rec.Time("array_move", 0, 102_400, () => w.Move("/many", "/moved"));
        rec.Time("array_move_commit", 0, 102_400, () => w.Commit("move"));
        Recorder.Check(repo.Checkout("HEAD").Array("/moved/a").Read<int>(Slice.Index(3199), Slice.Index(3199))[0] == 3200 * 3200, "moved array reads back");
        return rec.Results;
    }
}
