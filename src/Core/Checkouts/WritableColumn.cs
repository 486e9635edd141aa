using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Text;
using Tessera.Manifests;
using Tessera.Storage;

namespace Tessera;

/// <summary>
/// Writes one column's samples in a <see cref="WriteCheckout"/>. Every method may be called
/// from several threads at once. Reads see the staged values.
/// </summary>
public sealed class WritableColumn : ColumnReader
{
    private readonly WriteCheckout writer;

    internal WritableColumn(WriteCheckout writer, NodeRecord node, byte[]? prefix = null)
        : base(writer.Repo, node, key => writer.Resolve(node, key), prefix)
    {
        this.writer = writer;
    }

    /// <summary>The samples under one key of a nested column.</summary>
    public new WritableColumn Nested(SampleKey key) => new(this.writer, this.Node, this.NestedPrefix(key));

    /// <summary>Adds or replaces a sample. A fixed-shape column takes the column's shape when <paramref name="shape"/> is empty.</summary>
    public void Add<T>(SampleKey key, ReadOnlySpan<T> data, ReadOnlySpan<int> shape = default) where T : unmanaged
    {
        var dtype = DTypes.Of<T>();
        var actual = this.ShapeFor(data.Length, shape);
        this.Schema.CheckSample(dtype, actual);
        this.writer.StageSample(this.Node, this.EncodeKey(key), ColumnKind.NDArray, dtype, actual, MemoryMarshal.AsBytes(data));
    }

    public void Add<T>(SampleKey key, T[] data, params int[] shape) where T : unmanaged => this.Add<T>(key, data.AsSpan(), shape);

    /// <summary>
    /// Adds or replaces a sample given as raw elements of <paramref name="dtype"/> (C order,
    /// little-endian), for callers that hold bytes rather than a typed span (file importers, the CLI).
    /// </summary>
    public void Add(SampleKey key, DType dtype, ReadOnlySpan<byte> data, ReadOnlySpan<int> shape)
    {
        long elements = 1;
        foreach (int d in shape)
            elements *= d;
        if (elements * dtype.ItemSize() != data.Length)
        {
            throw new InvalidInputException(ErrorCode.ShapeMismatch,
                $"{data.Length} bytes do not hold shape {ColumnSchema.FormatShape(shape)} of {dtype.Name()} ({elements * dtype.ItemSize()} bytes).");
        }
        this.Schema.CheckSample(dtype, shape);
        this.writer.StageSample(this.Node, this.EncodeKey(key), ColumnKind.NDArray, dtype, shape, data);
    }

    /// <summary>Adds or replaces a sample from a tensor (its lengths are the shape).</summary>
    public void Add<T>(SampleKey key, Tensor<T> tensor) where T : unmanaged
    {
        var data = new T[tensor.FlattenedLength];
        tensor.FlattenTo(data);
        this.Add<T>(key, data.AsSpan(), tensor.Lengths.ToArray().Select(l => checked((int)l)).ToArray());
    }

    /// <summary>Adds or replaces a str sample. A string holding a lone surrogate (no UTF-8 form) is refused, never altered.</summary>
    public void AddString(SampleKey key, string text)
    {
        this.CheckKind(ColumnKind.Str);
        var bytes = StrictUtf8.GetBytes(text, key);
        this.writer.StageSample(this.Node, this.EncodeKey(key), ColumnKind.Str, null, [bytes.Length], bytes);
    }

    /// <summary>Adds or replaces a str sample given as UTF-8; bytes that are not valid UTF-8 are refused, never altered.</summary>
    public void AddString(SampleKey key, ReadOnlySpan<byte> utf8)
    {
        this.CheckKind(ColumnKind.Str);
        if (!System.Text.Unicode.Utf8.IsValid(utf8))
            throw StrictUtf8.Invalid(key);
        this.writer.StageSample(this.Node, this.EncodeKey(key), ColumnKind.Str, null, [utf8.Length], utf8);
    }

    /// <summary>Adds or replaces a bytes sample.</summary>
    public void AddBytes(SampleKey key, ReadOnlySpan<byte> bytes)
    {
        this.CheckKind(ColumnKind.Bytes);
        this.writer.StageSample(this.Node, this.EncodeKey(key), ColumnKind.Bytes, null, [bytes.Length], bytes);
    }

    /// <summary>
    /// Makes room for <paramref name="samples"/> more staged samples of this column, for a caller that
    /// knows how many it will add in increasing key order (an importer reads its row count from the
    /// file): the staged entries then grow once instead of doubling batch by batch, each time
    /// copying all before. A hint: adding more or fewer is fine.
    /// </summary>
    public void Reserve(int samples) => this.writer.ReserveStaged(this.Node, samples);

    /// <summary>
    /// Adds many fixed-shape samples at once: <paramref name="data"/> holds them back to back in
    /// key order. Hashing runs in parallel; the batch is durable in the staging area on return.
    /// </summary>
    public void AddRange<T>(IReadOnlyList<SampleKey> keys, ReadOnlyMemory<T> data) where T : unmanaged => this.AddRange(keys, data, null);

    /// <summary>
    /// <see cref="AddRange{T}(IReadOnlyList{SampleKey}, ReadOnlyMemory{T})"/> of elements a reader
    /// had dictionary-encoded (Parquet's dictionary pages, Arrow's dictionary arrays): element i of
    /// <paramref name="data"/> is <paramref name="dictionary"/>[<paramref name="codes"/>[i]]. The
    /// codes spare the dictionary codec counting the elements' distinct values; each element is
    /// still compared with its code's, and counted when one differs, so wrong codes cost time, not
    /// bytes. The samples stored are the same either way.
    /// </summary>
    /// <param name="dictionary">At most 65,536 elements.</param>
    /// <param name="codes">One per element of <paramref name="data"/>.</param>
    public void AddRange<T>(IReadOnlyList<SampleKey> keys, ReadOnlyMemory<T> data, ReadOnlyMemory<T> dictionary, ReadOnlyMemory<ushort> codes) where T : unmanaged
    {
        if (codes.Length != data.Length)
            throw new InvalidInputException(ErrorCode.ShapeMismatch, $"{codes.Length} codes for {data.Length} elements: give one code per element.");
        if (dictionary.Length > ushort.MaxValue + 1)
            throw new InvalidInputException(ErrorCode.InvalidArgument, $"A dictionary of {dictionary.Length} elements: 16-bit codes index at most 65,536; add the samples without codes.");
        this.AddRange(keys, data, new ElementCodes(MemoryMarshal.AsBytes(dictionary.Span).ToArray(), codes));
    }

    private void AddRange<T>(IReadOnlyList<SampleKey> keys, ReadOnlyMemory<T> data, ElementCodes? codes) where T : unmanaged
    {
        var dtype = DTypes.Of<T>();
        if (this.Schema.VariableShape)
            throw new InvalidInputException(ErrorCode.ShapeMismatch, $"Column {this.Path} has a variable shape: add its samples one by one with their shapes.");
        int per = checked((int)this.Schema.ElementCount);
        if ((long)keys.Count * per != data.Length)
        {
            throw new InvalidInputException(ErrorCode.ShapeMismatch,
                $"{data.Length} elements do not make {keys.Count} samples of shape {ColumnSchema.FormatShape(this.Schema.Shape)}.");
        }
        var shape = this.Schema.Shape.ToArray();
        this.Schema.CheckSample(dtype, shape);
        var header = BlobFormat.Header(ColumnKind.NDArray, dtype, shape);
        long encoded = header.Length + ((long)per * dtype.ItemSize());
        if (keys.Count >= SampleRun.MinItems && encoded <= SampleRun.MaxItemBytes)
        {
            // Short samples go into runs (design note 016): numbers too, whose inline ids would
            // each be an entry holding the value in a leaf. Read in place (the call stores them
            // before it returns): a copy of an import's every value cost as much memory again.
            using var pinned = data.Pin();
            unsafe
            {
                var bytes = new PointerMemoryManager((byte*)pinned.Pointer, checked(data.Length * sizeof(T)));
                this.writer.StageRuns(this.Node, this.EncodeKeys(keys), dtype, shape, bytes.Memory, codes);
            }
            return;
        }
        if (encoded <= SampleHasher.InlineMax)
        {
            this.writer.StageInline(this.Node, this.EncodeKeys(keys), header, MemoryMarshal.AsBytes(data.Span));
            return;
        }
        this.writer.StageBatch(this.Node, this.EncodeKeys(keys), (_, destination) =>
        {
            header.CopyTo(destination);
            return header.Length;
        }, i => MemoryMarshal.AsBytes(data.Span.Slice(i * per, per)));
    }

    /// <summary>Adds many str samples at once, in key order; the batch is durable in the staging area on return.</summary>
    public void AddStrings(IReadOnlyList<SampleKey> keys, IReadOnlyList<string> values)
    {
        this.CheckKind(ColumnKind.Str);
        var offsets = new int[values.Count + 1];
        for (int i = 0; i < values.Count; i++)
            offsets[i + 1] = checked(offsets[i] + StrictUtf8.GetByteCount(values[i], keys[i]));
        var utf8 = new byte[offsets[^1]];
        Parallel.For(0, values.Count, i => Encoding.UTF8.GetBytes(values[i], utf8.AsSpan(offsets[i])));
        this.AddVariableLength(keys, ColumnKind.Str, utf8, offsets);
    }

    /// <summary>
    /// Adds many str samples given as UTF-8 back to back, in key order: sample i is
    /// <paramref name="utf8"/>[offsets[i]..offsets[i + 1]]. Text that is not valid UTF-8 is refused
    /// and nothing is staged. The batch is durable in the staging area on return.
    /// </summary>
    public void AddStrings(IReadOnlyList<SampleKey> keys, ReadOnlyMemory<byte> utf8, ReadOnlyMemory<int> offsets)
    {
        this.CheckKind(ColumnKind.Str);
        CheckOffsets(keys.Count, utf8.Length, offsets.Span);
        int invalid = FirstInvalidUtf8(utf8.Span, offsets.Span);
        if (invalid >= 0)
            throw StrictUtf8.Invalid(keys[invalid]);
        this.AddVariableLength(keys, ColumnKind.Str, utf8, offsets);
    }

    /// <summary>
    /// The index of the first sample of a str batch, laid out as <see cref="AddStrings(IReadOnlyList{SampleKey}, ReadOnlyMemory{byte}, ReadOnlyMemory{int})"/>
    /// takes it, that is not valid UTF-8; -1 when all are. ASCII text is valid however it is cut and
    /// is checked in one pass; other text sample by sample, since a character split between two
    /// samples leaves the whole valid and both halves not.
    /// </summary>
    public static int FirstInvalidUtf8(ReadOnlySpan<byte> utf8, ReadOnlySpan<int> offsets)
    {
        if (offsets.Length < 2 || System.Text.Ascii.IsValid(utf8[offsets[0]..offsets[^1]]))
            return -1;
        for (int i = 0; i + 1 < offsets.Length; i++)
        {
            if (!System.Text.Unicode.Utf8.IsValid(utf8[offsets[i]..offsets[i + 1]]))
                return i;
        }
        return -1;
    }

    /// <summary>
    /// Adds many bytes samples given back to back, in key order: sample i is
    /// <paramref name="data"/>[offsets[i]..offsets[i + 1]]. The batch is durable in the staging area on return.
    /// </summary>
    public void AddBytesRange(IReadOnlyList<SampleKey> keys, ReadOnlyMemory<byte> data, ReadOnlyMemory<int> offsets)
    {
        this.CheckKind(ColumnKind.Bytes);
        CheckOffsets(keys.Count, data.Length, offsets.Span);
        this.AddVariableLength(keys, ColumnKind.Bytes, data, offsets);
    }

    private void AddVariableLength(IReadOnlyList<SampleKey> keys, ColumnKind kind, ReadOnlyMemory<byte> data, ReadOnlyMemory<int> offsets)
    {
        // Short texts go into runs as short numbers do (design note 016, "Later: texts in runs"):
        // as inline ids each row's leaf entry held its text, a tenth of a table's import.
        if (keys.Count >= SampleRun.MinItems && AllAtMost(offsets.Span, TextRun.MaxItemLength))
        {
            this.writer.StageTextRuns(this.Node, this.EncodeKeys(keys), kind, data, offsets);
            return;
        }
        if (AllAtMost(offsets.Span, SampleHasher.InlineMax - BlobFormat.HeaderSize(1)))
        {
            this.writer.StageInline(this.Node, this.EncodeKeys(keys), kind, data, offsets);
            return;
        }
        this.writer.StageBatch(
            this.Node,
            this.EncodeKeys(keys),
            (i, header) => BlobFormat.WriteHeader(header, kind, null, [offsets.Span[i + 1] - offsets.Span[i]]),
            i => data.Span[offsets.Span[i]..offsets.Span[i + 1]]);
    }

    /// <summary>Whether every str or bytes sample of a batch has at most <paramref name="most"/> bytes.</summary>
    private static bool AllAtMost(ReadOnlySpan<int> offsets, int most)
    {
        for (int i = 0; i + 1 < offsets.Length; i++)
        {
            if (offsets[i + 1] - offsets[i] > most)
                return false;
        }
        return true;
    }

    private static void CheckOffsets(int count, int length, ReadOnlySpan<int> offsets)
    {
        if (offsets.Length != count + 1)
            throw new InvalidInputException(ErrorCode.InvalidArgument, $"{count} samples need {count + 1} offsets, not {offsets.Length}.");
        if (offsets[0] < 0 || offsets[^1] > length)
            throw new InvalidInputException(ErrorCode.InvalidArgument, $"The offsets run from {offsets[0]} to {offsets[^1]}, outside the {length} bytes given.");
        for (int i = 0; i < count; i++)
        {
            if (offsets[i + 1] < offsets[i])
                throw new InvalidInputException(ErrorCode.InvalidArgument, $"Offset {i + 1} ({offsets[i + 1]}) is before offset {i} ({offsets[i]}); offsets must not decrease.");
        }
    }

    private KeyBatch EncodeKeys(IReadOnlyList<SampleKey> keys)
    {
        // A flat column's keys encode the same in every column: a table's columns share one encoding.
        if (this.Prefix is null && this.Schema.Layout == ColumnLayout.Flat)
            return this.writer.KeyBatch.Encode(keys);
        return KeyBatch.Of([.. keys.Select(this.EncodeKey)]);
    }

    /// <summary>Removes a sample; the key must exist.</summary>
    public void Remove(SampleKey key)
    {
        var encoded = this.EncodeKey(key);
        if (this.Resolve(encoded) is null)
            throw new NotFoundException(ErrorCode.KeyNotFound, $"Key {key} is not in column {this.Path}; nothing to remove.");
        this.writer.StageRemoval(this.Node, encoded);
    }

    /// <summary>The number of samples including staged changes.</summary>
    public long Count => this.writer.CountOf(this.Node);

    /// <summary>The keys (with subkeys in a nested column) as staged: committed ones not removed, and added ones, in key order.</summary>
    public IReadOnlyList<(SampleKey Key, SampleKey? Subkey)> Keys() =>
        [.. this.writer.KeysOf(this.Node).Where(k => this.Prefix is null || k.AsSpan().StartsWith(this.Prefix)).Select(k => Manifests.Keys.Decode(k))];

    private int[] ShapeFor(int length, ReadOnlySpan<int> shape)
    {
        if (!shape.IsEmpty || this.Schema.VariableShape && this.Schema.Shape.Count != 0)
        {
            long n = 1;
            foreach (int d in shape)
                n *= d;
            if (n != length)
                throw new InvalidInputException(ErrorCode.ShapeMismatch, $"{length} elements do not fill shape {ColumnSchema.FormatShape(shape)}.");
            return shape.ToArray();
        }
        if (length != this.Schema.ElementCount)
        {
            throw new InvalidInputException(ErrorCode.ShapeMismatch,
                $"{length} elements do not fill the column's shape {ColumnSchema.FormatShape(this.Schema.Shape)} ({this.Schema.ElementCount} elements).");
        }
        return this.Schema.Shape.ToArray();
    }

    private void CheckKind(ColumnKind kind)
    {
        if (this.Schema.Kind != kind)
            throw new InvalidInputException(ErrorCode.DTypeMismatch, $"Column {this.Path} holds {this.Schema}; it does not take {kind.Name()} samples.");
    }
}
