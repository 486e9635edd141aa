namespace Tessera.Formats.Tests.Mapping;

/// <summary>Groups of columns with every kind of sample the mappings carry, sparse keys included.</summary>
public static class SampleGroups
{
    /// <summary>
    /// /d: scalars of each dtype Parquet has a type for, fixed and variable arrays (rank 1 and 2,
    /// zero-length dimensions, a declared max above the data), str and bytes, over integer keys that
    /// no column holds all of. <paramref name="withHalf"/> adds float16, which DuckDB does not read.
    /// </summary>
    public static void Diverse(WriteCheckout w, string group = "/d", int rows = 300, bool withHalf = true)
    {
        var rng = new Random(7);
        Column(w, group + "/b", ColumnSchema.NDArray(DType.Bool), rows, 2, (c, k, i) => c.Add<bool>(k, [i % 3 == 0]));
        Column(w, group + "/i8", ColumnSchema.NDArray(DType.Int8), rows, 3, (c, k, i) => c.Add<sbyte>(k, [(sbyte)(i - 128)]));
        Column(w, group + "/i16", ColumnSchema.NDArray(DType.Int16), rows, 5, (c, k, i) => c.Add<short>(k, [(short)(i * -99)]));
        Column(w, group + "/i32", ColumnSchema.NDArray(DType.Int32), rows, 1, (c, k, i) => c.Add<int>(k, [i * -100_003]));
        Column(w, group + "/i64", ColumnSchema.NDArray(DType.Int64), rows, 7, (c, k, i) => c.Add<long>(k, [long.MinValue + i]));
        Column(w, group + "/u8", ColumnSchema.NDArray(DType.UInt8), rows, 4, (c, k, i) => c.Add<byte>(k, [(byte)(255 - i)]));
        Column(w, group + "/u16", ColumnSchema.NDArray(DType.UInt16), rows, 1, (c, k, i) => c.Add<ushort>(k, [(ushort)(65535 - i)]));
        Column(w, group + "/u32", ColumnSchema.NDArray(DType.UInt32), rows, 2, (c, k, i) => c.Add<uint>(k, [uint.MaxValue - (uint)i]));
        Column(w, group + "/u64", ColumnSchema.NDArray(DType.UInt64), rows, 3, (c, k, i) => c.Add<ulong>(k, [ulong.MaxValue - (ulong)i]));
        Column(w, group + "/f32", ColumnSchema.NDArray(DType.Float32), rows, 1, (c, k, i) => c.Add<float>(k, [i % 17 == 0 ? float.NaN : (float)rng.NextDouble() - 0.5f]));
        Column(w, group + "/f64", ColumnSchema.NDArray(DType.Float64), rows, 2, (c, k, i) => c.Add<double>(k, [i == 0 ? -0.0 : i % 13 == 0 ? double.PositiveInfinity : rng.NextDouble() * 1e300]));
        if (withHalf)
            Column(w, group + "/f16", ColumnSchema.NDArray(DType.Float16), rows, 2, (c, k, i) => c.Add<Half>(k, [(Half)(i / 8.0)]));
        Column(w, group + "/emb", ColumnSchema.NDArray(DType.Float32, 8), rows, 1, (c, k, i) => c.Add<float>(k, [.. Enumerable.Range(0, 8).Select(j => (float)(i * j))]));
        Column(w, group + "/grid", ColumnSchema.NDArray(DType.Int16, 2, 3), rows, 3, (c, k, i) => c.Add<short>(k, [.. Enumerable.Range(0, 6).Select(j => (short)(i + j))]));
        Column(w, group + "/var", ColumnSchema.VariableNDArray(DType.Int32, 10), rows, 1, (c, k, i) =>
        {
            int n = i % 7;
            c.Add<int>(k, Enumerable.Range(i, n).ToArray().AsSpan(), [n]);
        });
        Column(w, group + "/img", ColumnSchema.VariableNDArray(DType.UInt8, 4, 5), rows, 2, (c, k, i) =>
        {
            int a = (i % 4) + 1, b = i % 6;
            c.Add<byte>(k, Enumerable.Range(0, a * b).Select(j => (byte)(j + i)).ToArray().AsSpan(), [a, b]);
        });
        Column(w, group + "/name", ColumnSchema.Str(), rows, 1, (c, k, i) => c.AddString(k, i % 10 == 0 ? "" : $"name {i} ✓ \"quoted\", comma"));
        Column(w, group + "/raw", ColumnSchema.Bytes(), rows, 3, (c, k, i) => c.AddBytes(k, [.. Enumerable.Range(0, i % 5).Select(j => (byte)(j * 63)), 0]));
    }

    /// <summary>Keys 0, 10, 20, ...: column c holds every <paramref name="every"/>-th of them.</summary>
    private static void Column(WriteCheckout w, string path, ColumnSchema schema, int rows, int every, Action<WritableColumn, SampleKey, int> add)
    {
        var column = w.CreateColumn(path, schema);
        for (int i = 0; i < rows; i += every)
            add(column, SampleKey.Of(i * 10L), i);
    }
}
