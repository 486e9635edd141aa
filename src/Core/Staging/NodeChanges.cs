using System.Diagnostics.CodeAnalysis;
using Tessera.Manifests;

namespace Tessera.Staging;

/// <summary>
/// The staged sample changes of one node (a zero id is a removal), the latest per key. Kept as a
/// log in staged order: while keys arrive in increasing order (imports, ranges of row numbers)
/// the log is its own sorted, distinct view and lookups are binary searches, so staging millions
/// of samples costs an append each; otherwise a key index is built on the first lookup and kept
/// from then on.
/// </summary>
internal sealed class NodeChanges : IReadOnlyDictionary<byte[], ObjectId>
{
    private List<KeyValuePair<byte[], ObjectId>> log = [];
    private Dictionary<byte[], int>? index;
    private bool increasing = true;

    public int Count => this.increasing ? this.log.Count : this.Index().Count;

    public IEnumerable<byte[]> Keys => this.Distinct().Select(e => e.Key);

    public IEnumerable<ObjectId> Values => this.Distinct().Select(e => e.Value);

    public ObjectId this[byte[] key] => this.TryGetValue(key, out var value) ? value : throw new KeyNotFoundException();

    public void Set(byte[] key, ObjectId value)
    {
        if (this.index is not null)
        {
            if (this.index.TryGetValue(key, out int at))
            {
                this.log[at] = new(key, value);
                return;
            }
            this.index[key] = this.log.Count;
        }
        if (this.increasing && this.log.Count > 0 && KeyComparer.Instance.Compare(this.log[^1].Key, key) >= 0)
            this.increasing = false;
        this.log.Add(new(key, value));
    }

    public void Reserve(int count) => this.log.EnsureCapacity(this.log.Count + count);

    public bool ContainsKey(byte[] key) => this.TryGetValue(key, out _);

    public bool TryGetValue(byte[] key, [MaybeNullWhen(false)] out ObjectId value)
    {
        if (this.increasing && this.index is null)
        {
            int lo = 0, hi = this.log.Count - 1;
            while (lo <= hi)
            {
                int mid = (lo + hi) >>> 1;
                int c = KeyComparer.Instance.Compare(this.log[mid].Key, key);
                if (c == 0)
                {
                    value = this.log[mid].Value;
                    return true;
                }
                if (c < 0)
                    lo = mid + 1;
                else
                    hi = mid - 1;
            }
            value = default;
            return false;
        }
        if (this.Index().TryGetValue(key, out int at))
        {
            value = this.log[at].Value;
            return true;
        }
        value = default;
        return false;
    }

    /// <summary>The changes sorted by key, one per key: what a commit applies to the manifest.</summary>
    public List<KeyValuePair<byte[], ObjectId>> InKeyOrder()
    {
        var result = new List<KeyValuePair<byte[], ObjectId>>(this.Distinct());
        if (!this.increasing)
            result.Sort(static (x, y) => KeyComparer.Instance.Compare(x.Key, y.Key));
        return result;
    }

    public IEnumerator<KeyValuePair<byte[], ObjectId>> GetEnumerator() => this.Distinct().GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => this.GetEnumerator();

    private List<KeyValuePair<byte[], ObjectId>> Distinct()
    {
        if (!this.increasing)
            this.Index();
        return this.log;
    }

    /// <summary>Builds the key index once, folding repeated keys into their latest value.</summary>
    private Dictionary<byte[], int> Index()
    {
        if (this.index is not null)
            return this.index;
        var map = new Dictionary<byte[], int>(this.log.Count, KeyComparer.Instance);
        var distinct = new List<KeyValuePair<byte[], ObjectId>>(this.log.Count);
        foreach (var entry in this.log)
        {
            if (map.TryGetValue(entry.Key, out int at))
            {
                distinct[at] = entry;
            }
            else
            {
                map[entry.Key] = distinct.Count;
                distinct.Add(entry);
            }
        }
        this.log = distinct;
        this.index = map;
        return map;
    }
}
