namespace Tessera.Remotes.ObjectStorage;

/// <summary>
/// Reads packed objects by ranged GETs: objects of one pack closer than
/// <see cref="PackLimits.RangeGap"/> are read in one range of at most
/// <see cref="PackLimits.RangeBytes"/>, up to <see cref="PackLimits.ReadsInFlight"/> ranges at a
/// time. Every object is verified against its id before it is yielded, so the bucket's bytes are
/// never trusted.
/// </summary>
internal sealed class PackReader(S3Bucket bucket, PackLimits limits)
{
    /// <summary>Yields the objects range by range (not in the order asked).</summary>
    public IEnumerable<TransferObject> Read(IEnumerable<PackedObject> objects)
    {
        var pending = new Queue<Task<List<TransferObject>>>();
        try
        {
            foreach (var range in this.Ranges(objects))
            {
                if (pending.Count >= limits.ReadsInFlight)
                {
                    foreach (var obj in S3Bucket.Wait(pending.Dequeue()))
                        yield return obj;
                }
                pending.Enqueue(Task.Run(() => this.ReadRangeAsync(range)));
            }
            while (pending.Count > 0)
            {
                foreach (var obj in S3Bucket.Wait(pending.Dequeue()))
                    yield return obj;
            }
        }
        finally
        {
            // A reader that stops early, or a failed range, leaves no request running behind it.
            foreach (var task in pending)
                ((IAsyncResult)task).AsyncWaitHandle.WaitOne();
        }
    }

    private IEnumerable<PackRange> Ranges(IEnumerable<PackedObject> objects)
    {
        foreach (var pack in objects.DistinctBy(o => (o.Entry.Kind, o.Entry.Id)).GroupBy(o => o.PackKey, StringComparer.Ordinal))
        {
            PackRange? current = null;
            foreach (var entry in pack.Select(o => o.Entry).OrderBy(e => e.Offset))
            {
                long end = entry.Offset + entry.Length;
                if (current is not null && entry.Offset - current.End < limits.RangeGap && end - current.Start <= limits.RangeBytes)
                {
                    current.Add(entry);
                    continue;
                }
                if (current is not null)
                    yield return current;
                current = new PackRange(pack.Key, entry);
            }
            if (current is not null)
                yield return current;
        }
    }

    private async Task<List<TransferObject>> ReadRangeAsync(PackRange range)
    {
        var bytes = await bucket.GetRangeAsync(range.PackKey, range.Start, checked((int)(range.End - range.Start))).ConfigureAwait(false);
        if (bytes.Length != range.End - range.Start)
            throw new CorruptObjectException($"{bucket.Url}: {range.PackKey} is shorter than its index says (truncated); nothing of it was stored. Delete its .idx object, then push again from a complete repository.");
        var result = new List<TransferObject>(range.Entries.Count);
        foreach (var e in range.Entries)
        {
            var obj = new TransferObject(e.Kind, e.Id, e.Codec, bytes.AsMemory(checked((int)(e.Offset - range.Start)), e.Length));
            ObjectDatabase.Verify(obj);
            result.Add(obj);
        }
        return result;
    }

    /// <summary>Neighbouring entries of one pack read in one GET.</summary>
    private sealed class PackRange(string packKey, PackEntry first)
    {
        public string PackKey => packKey;

        public long Start => first.Offset;

        public long End { get; private set; } = first.Offset + first.Length;

        public List<PackEntry> Entries { get; } = [first];

        public void Add(PackEntry entry)
        {
            this.Entries.Add(entry);
            this.End = Math.Max(this.End, entry.Offset + entry.Length);
        }
    }
}
