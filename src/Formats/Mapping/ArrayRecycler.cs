namespace Tessera.Formats.Mapping;

/// <summary>
/// Large arrays an export fills on one thread and writes on another, handed back for the next row
/// group once written: a table's row groups would otherwise leave tens of MB of large-object
/// garbage each (the shared pool keeps arrays per thread, so they would not come back either).
/// Thread-safe; a lease is used by one thread at a time (the gathering one, then the writing one,
/// which rents the arrays of the samples it reads). Dies with the export.
/// </summary>
internal sealed class ArrayRecycler
{
    private readonly List<Array> free = [];
    private readonly Lock gate = new();

    /// <summary>A lease for one row group's arrays, returned together when it is disposed.</summary>
    public Lease Open() => new(this);

    private T[] Take<T>(int length)
    {
        lock (this.gate)
        {
            int found = this.free.FindIndex(a => a is T[] array && array.Length >= length);
            if (found >= 0)
            {
                var array = (T[])this.free[found];
                this.free.RemoveAt(found);
                return array;
            }
        }
        return GC.AllocateUninitializedArray<T>(length);
    }

    private void Give(List<Array> arrays)
    {
        lock (this.gate)
            this.free.AddRange(arrays);
    }

    public sealed class Lease(ArrayRecycler owner) : IDisposable
    {
        private readonly List<Array> taken = [];

        /// <summary>An array of at least <paramref name="length"/> elements, not cleared.</summary>
        public T[] Rent<T>(int length)
        {
            var array = owner.Take<T>(length);
            this.taken.Add(array);
            return array;
        }

        public void Dispose()
        {
            owner.Give(this.taken);
            this.taken.Clear();
        }
    }
}
