using Tessera.Manifests;

namespace Tessera;

/// <summary>
/// The encoded keys of the last batch staged, given again when the next batch holds the same keys:
/// an importer stages one batch of keys into every column of a table, and encoding them (into one
/// array) for each column cost more than comparing them. Holds one batch of at most
/// <see cref="MaxKeys"/> keys; thread-safe.
/// </summary>
internal sealed class LastKeyBatch
{
    /// <summary>Larger batches are encoded without being kept (they would stay in memory after their import).</summary>
    private const int MaxKeys = 1 << 20;

    private readonly Lock gate = new();
    private SampleKey[] keys = [];
    private KeyBatch? encoded;

    public KeyBatch Encode(IReadOnlyList<SampleKey> batch)
    {
        lock (this.gate)
        {
            if (this.encoded is not null && this.Holds(batch))
                return this.encoded;
        }
        // A copy: the caller may fill its list with other keys for the next batch.
        var keys = batch.ToArray();
        var encoded = KeyBatch.Encode(keys);
        lock (this.gate)
        {
            (this.keys, this.encoded) = keys.Length <= MaxKeys ? (keys, encoded) : ([], null);
        }
        return encoded;
    }

    private bool Holds(IReadOnlyList<SampleKey> batch)
    {
        if (batch.Count != this.keys.Length || batch.Count == 0)
            return false;
        for (int i = 0; i < this.keys.Length; i++)
        {
            if (batch[i] != this.keys[i])
                return false;
        }
        return true;
    }
}
