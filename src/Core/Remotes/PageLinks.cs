using Tessera.Manifests;

namespace Tessera.Remotes;

/// <summary>What a page points to: a tree names manifest pages, an inner page its children, an entry page its samples.</summary>
internal static class PageLinks
{
    public static void Collect(byte[] page, List<ObjectId> pages, HashSet<ObjectId> blobs)
    {
        switch (page[0])
        {
            case NodeTree.Type:
                foreach (var node in NodeTree.Decode(page).Nodes)
                    pages.AddRange(node.Manifest.Roots);
                break;
            case InternalPage.Type:
                pages.AddRange(InternalPage.Decode(page).Children);
                break;
            case EntryPage.LeafType or EntryPage.DeltaType:
                var entries = EntryPage.Decode(page);
                for (int i = 0; i < entries.Count; i++)
                {
                    if (Reachability.IsStored(entries.Value(i)))
                        blobs.Add(entries.Value(i));
                }
                break;
            default:
                throw new CorruptObjectException($"A page of unknown type {page[0]} was met during a transfer. Run 'dotnet tensor verify' on the side that sent it.");
        }
    }
}
