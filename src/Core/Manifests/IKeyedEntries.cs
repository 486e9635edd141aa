namespace Tessera.Manifests;

/// <summary>Entries whose keys can be read by position (entry pages, entry lists).</summary>
internal interface IKeyedEntries
{
    int Count { get; }

    ReadOnlySpan<byte> Key(int i);
}
