using System.Numerics.Tensors;
using System.Text;
using Tessera.Loading;

namespace Tessera;

/// <summary>Batched reads: many keys in one call, into contiguous memory.</summary>
public partial class ColumnReader
{
    /// <summary>
    /// The samples of <paramref name="keys"/> of a fixed-shape ndarray column, back to back in the
    /// order of <paramref name="keys"/>, into <paramref name="destination"/> (keys × elements per
    /// sample). No allocation per sample; checked as single reads are. Nothing is written past the
    /// first missing key, which fails with <see cref="ErrorCode.KeyNotFound"/> before anything is read.
    /// </summary>
    public void ReadBatch<T>(IReadOnlyList<SampleKey> keys, Span<T> destination) where T : unmanaged
    {
        this.CheckFixed<T>();
        long expected = keys.Count * this.Schema.ElementCount;
        if (destination.Length != expected)
            throw new InvalidInputException(ErrorCode.ShapeMismatch, $"{keys.Count} samples of column {this.Path} take {expected} elements; the destination holds {destination.Length}.");
        SampleCopier.CopyFixed(this.Repo.Blobs, this.Schema, this.ResolveAll(keys), SampleCopier.Bytes(destination));
    }

    /// <summary>
    /// The samples with content ids <paramref name="ids"/> (as <see cref="ColumnSnapshot.Entries"/> lists them) of a
    /// fixed-shape ndarray column, back to back as stored (little-endian elements), into <paramref name="destination"/>:
    /// how a scan of a whole column (an export) reads it, with no look-up by key and no allocation per
    /// sample. Runs are read once each and not kept for later reads.
    /// </summary>
    public void ReadBatch(ReadOnlyMemory<ObjectId> ids, Span<byte> destination)
    {
        if (this.Schema.Kind != ColumnKind.NDArray || this.Schema.VariableShape)
            throw new InvalidInputException(ErrorCode.ShapeMismatch, $"Column {this.Path} does not hold fixed-shape arrays: read its samples one by one.");
        SampleCopier.CopyFixed(this.Repo.Blobs, this.Schema, ids, destination, scan: true);
    }

    /// <summary>The sample with content id <paramref name="id"/> (as <see cref="ColumnSnapshot.Entries"/> lists it), checked as <see cref="Get"/> checks it.</summary>
    public Sample Read(ObjectId id) => this.Repo.Blobs.Read(id);

    /// <summary>
    /// The data bytes of the sample with content id <paramref name="id"/>, checked as <see cref="Read(ObjectId)"/>
    /// checks them, for a scan of a str or bytes column: a sample short enough to live in its id (most
    /// short strings) is given as a view of <paramref name="scratch"/> (32 bytes), with no allocation.
    /// Valid until <paramref name="scratch"/> is used again.
    /// </summary>
    public ReadOnlySpan<byte> ReadData(ObjectId id, Span<byte> scratch) => this.Repo.Blobs.Data(id, scratch);

    /// <summary><see cref="ReadBatch{T}(IReadOnlyList{SampleKey}, Span{T})"/> into a new array.</summary>
    public T[] ReadBatch<T>(IReadOnlyList<SampleKey> keys) where T : unmanaged
    {
        this.CheckFixed<T>();
        var values = GC.AllocateUninitializedArray<T>(checked((int)(keys.Count * this.Schema.ElementCount)));
        this.ReadBatch(keys, values.AsSpan());
        return values;
    }

    /// <summary>The samples of <paramref name="keys"/> stacked into one <c>[n, ...shape]</c> tensor.</summary>
    public Tensor<T> ReadTensor<T>(IReadOnlyList<SampleKey> keys) where T : unmanaged
    {
        var values = this.ReadBatch<T>(keys);
        nint[] lengths = [keys.Count, .. this.Schema.Shape.ToArray().Select(d => (nint)d)];
        return Tensor.Create(values, lengths);
    }

    /// <summary>
    /// The samples of <paramref name="keys"/> of any ndarray column (fixed or variable shape) with
    /// their shapes; <see cref="VariableBatch{T}.Padded"/> stacks them padded to the max shape.
    /// </summary>
    public VariableBatch<T> ReadVariable<T>(IReadOnlyList<SampleKey> keys) where T : unmanaged
    {
        SampleCopier.CheckType<T>(this.Path, this.Schema);
        var ids = this.ResolveAll(keys);
        var samples = new (byte[] Data, int[] Shape)[ids.Length];
        Parallelism.For(ids.Length, i => samples[i] = SampleCopier.CopyAny(this.Repo.Blobs, ids[i]));
        var offsets = new long[ids.Length + 1];
        for (int i = 0; i < ids.Length; i++)
            offsets[i + 1] = offsets[i] + (samples[i].Data.Length / System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
        var values = GC.AllocateUninitializedArray<T>(checked((int)offsets[^1]));
        var bytes = SampleCopier.Bytes(values.AsSpan());
        for (int i = 0; i < ids.Length; i++)
            samples[i].Data.CopyTo(bytes[(int)(offsets[i] * System.Runtime.CompilerServices.Unsafe.SizeOf<T>())..]);
        return new VariableBatch<T>(values, offsets, [.. samples.Select(s => s.Shape)], this.Schema.Shape);
    }

    /// <summary>The str samples of <paramref name="keys"/>.</summary>
    public string[] ReadStrings(IReadOnlyList<SampleKey> keys)
    {
        this.CheckKind(ColumnKind.Str);
        var ids = this.ResolveAll(keys);
        var result = new string[ids.Length];
        Parallelism.For(ids.Length, i => result[i] = Encoding.UTF8.GetString(this.Repo.Blobs.Read(ids[i]).Bytes.Span));
        return result;
    }

    /// <summary>The bytes samples of <paramref name="keys"/>.</summary>
    public byte[][] ReadBytes(IReadOnlyList<SampleKey> keys)
    {
        this.CheckKind(ColumnKind.Bytes);
        var ids = this.ResolveAll(keys);
        var result = new byte[ids.Length][];
        Parallelism.For(ids.Length, i => result[i] = this.Repo.Blobs.Read(ids[i]).Bytes.ToArray());
        return result;
    }

    /// <summary>The content id of every key, or <see cref="ErrorCode.KeyNotFound"/> for the first that is absent.</summary>
    internal ObjectId[] ResolveAll(IReadOnlyList<SampleKey> keys)
    {
        var ids = new ObjectId[keys.Count];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = this.Resolve(this.EncodeKey(keys[i]))
                ?? throw new NotFoundException(ErrorCode.KeyNotFound, $"Key {keys[i]} is not in column {this.Path}; nothing was read.");
        }
        return ids;
    }

    private void CheckFixed<T>() where T : unmanaged
    {
        SampleCopier.CheckType<T>(this.Path, this.Schema);
        if (this.Schema.VariableShape)
            throw new InvalidInputException(ErrorCode.ShapeMismatch, $"Column {this.Path} has a variable shape (up to {ColumnSchema.FormatShape(this.Schema.Shape)}): read it with ReadVariable, which gives each sample's shape, or pads them to the max shape.");
    }

    private void CheckKind(ColumnKind kind)
    {
        if (this.Schema.Kind != kind)
            throw new InvalidInputException(ErrorCode.DTypeMismatch, $"Column {this.Path} holds {this.Schema.Kind.Name()} samples, not {kind.Name()}.");
    }
}
