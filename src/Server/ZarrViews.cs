using System.Collections.Concurrent;
using Tessera.Formats.Zarr;

namespace Tessera.Server;

/// <summary>
/// The Zarr views of the commits asked for lately, by repository and commit: a commit never changes,
/// so its view (node list, a column's keys once listed) is built once and then only read. Bounded:
/// past <see cref="Capacity"/> views the cache starts again.
/// </summary>
internal sealed class ZarrViews
{
    private const int Capacity = 64;
    private readonly ConcurrentDictionary<(string Repository, ObjectId Commit), Lazy<ZarrView>> views = new();

    public ZarrView Get(string name, Repository repo, Commit commit)
    {
        if (this.views.Count >= Capacity)
            this.views.Clear();
        return this.views.GetOrAdd((name, commit.Id), _ => new Lazy<ZarrView>(() => ZarrView.Open(repo.Checkout(commit.Id.ToString()), "/"))).Value;
    }
}
