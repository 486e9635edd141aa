using System.Runtime.InteropServices;

namespace Tessera.Bench;

/// <summary>Workload B of the Hangar baseline: 1,000 float32 (256, 256) samples from a standard normal.</summary>
internal static class WorkloadB
{
    public const int N = 1000;
    public const int Side = 256;

    public static List<PhaseResult> Run(int seed)
    {
        var rec = new Recorder("B");
        var rng = new Random(seed);
        int per = Side * Side;
        var data = new float[N * per];
        for (int i = 0; i < data.Length; i += 2)
        {
            // Box–Muller: two normals from two uniforms.
            double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
            double r = Math.Sqrt(-2 * Math.Log(u1));
            data[i] = (float)(r * Math.Cos(2 * Math.PI * u2));
            data[i + 1] = (float)(r * Math.Sin(2 * Math.PI * u2));
        }
        long payload = data.Length * 4L;
        var keys = Enumerable.Range(0, N).Select(i => SampleKey.Of(i)).ToArray();

        using var scratch = new Scratch();
        using var repo = Repository.Init(scratch.Dir, new InitOptions { UserName = "bench", UserEmail = "bench@localhost" });
        using (var w = repo.OpenWriter())
        {
            rec.Time("write", payload, N, () => w.CreateColumn("/tensors", ColumnSchema.NDArray(DType.Float32, Side, Side)).AddRange<float>(keys, data));
            rec.Time("commit", payload, N, () => w.Commit("1,000 float32 tensors"));
        }
        using var reader = Repository.Open(scratch.Dir);
        // Every tensor into one buffer through the batched path, as workload A reads.
        var back = TouchedBuffer.Of<float>(data.Length);
        rec.Time("read_all", payload, N, () =>
        {
            reader.Checkout("main").Column("/tensors").ReadAll<float>(back);
            Recorder.Check(MemoryMarshal.AsBytes(back.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(data.AsSpan())), "every tensor reads back bit for bit");
        });
        rec.Time("read_each", payload, N, () =>
        {
            var col = reader.Checkout("main").Column("/tensors");
            for (int i = 0; i < N; i++)
            {
                // One sample at a time: the zero-copy view of the bytes on the memory-mapped pack, CRC-checked.
                var one = col.Get(i).AsSpan<float>();
                Recorder.Check(MemoryMarshal.AsBytes(one).SequenceEqual(MemoryMarshal.AsBytes(data.AsSpan(i * per, per))), $"tensor {i} reads back bit for bit");
            }
        });
        rec.Record("disk_bytes", Scratch.SizeOf(scratch.Dir), N);
        return rec.Results;
    }
}
