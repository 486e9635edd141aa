namespace Tessera.Remotes.ObjectStorage;

/// <summary>
/// Appends the objects of one put into packs of about <see cref="PackLimits.PackBytes"/>, and
/// uploads each as <c>packs/ID.pack</c> and then its index <c>packs/ID.idx</c>: the index makes the
/// pack's objects visible, all at once and only once their bytes are stored.
/// <para>
/// Packs of samples only depend on nothing, so up to <see cref="PackLimits.UploadsInFlight"/> of
/// them upload side by side and become visible in any order. A pack holding pages or commits waits
/// until every earlier pack is indexed, and later packs wait for it: the caller sends dependencies
/// first, so whatever such a pack names is visible before it is. Memory stays bounded by the packs
/// in flight plus the one being filled.
/// </para>
/// </summary>
internal sealed class PackWriter(S3Bucket bucket, string packsPrefix, PackLimits limits, PackCatalog catalog)
{
    private readonly Queue<Task<(string PackKey, List<PackEntry> Entries)>> uploads = new();

    public void Write(IEnumerable<TransferObject> objects)
    {
        var pack = new PackBuffer(limits.PackBytes);
        try
        {
            foreach (var obj in objects)
            {
                ObjectDatabase.Verify(obj);
                pack.Add(obj);
                if (pack.Length >= limits.PackBytes)
                {
                    this.Seal(pack);
                    pack = new PackBuffer(limits.PackBytes);
                }
            }
            if (pack.Entries.Count > 0)
                this.Seal(pack);
            this.Drain();
        }
        finally
        {
            // After a failure (the sender or one upload), packs already sealed still finish: they
            // hold complete objects, so a rerun skips them. The first failure is the one reported.
            while (this.uploads.Count > 0)
            {
                var upload = this.uploads.Dequeue();
                ((IAsyncResult)upload).AsyncWaitHandle.WaitOne();
                if (upload.IsCompletedSuccessfully)
                    catalog.Add(upload.Result.PackKey, upload.Result.Entries);
            }
        }
    }

    private void Seal(PackBuffer pack)
    {
        if (pack.HoldsBookkeeping || this.uploads.Count >= limits.UploadsInFlight)
            this.Drain(keep: pack.HoldsBookkeeping ? 0 : limits.UploadsInFlight - 1);
        var upload = Task.Run(() => this.UploadAsync(pack));
        this.uploads.Enqueue(upload);
        if (pack.HoldsBookkeeping)
            this.Drain();
    }

    /// <summary>Waits for uploads, oldest first, until at most <paramref name="keep"/> are in flight; records each indexed pack.</summary>
    private void Drain(int keep = 0)
    {
        while (this.uploads.Count > keep)
        {
            var (packKey, entries) = S3Bucket.Wait(this.uploads.Peek());
            this.uploads.Dequeue();
            catalog.Add(packKey, entries);
        }
    }

    private async Task<(string PackKey, List<PackEntry> Entries)> UploadAsync(PackBuffer pack)
    {
        var bytes = pack.Bytes;
        var id = ObjectId.Hash(bytes);
        string name = packsPrefix + id;
        await bucket.PutAsync(name + PackIndex.PackSuffix, bytes).ConfigureAwait(false);
        await bucket.PutAsync(name + PackIndex.IndexSuffix, PackIndex.Encode(id, bytes.Count, pack.Entries)).ConfigureAwait(false);
        return (name + PackIndex.PackSuffix, pack.Entries);
    }
}
