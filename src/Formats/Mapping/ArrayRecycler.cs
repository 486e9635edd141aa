using Tessera.Formats.Parquet.Reading;

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
    // Every array handed back is kept: an export's leases hold one row group's arrays at a time.
    private readonly KeptArrays free = new(maxKept: int.MaxValue);

    /// <summary>A lease for one row group's arrays, returned together when it is disposed.</summary>
    public Lease Open() => new(this);

    public sealed class Lease(ArrayRecycler owner) : IDisposable
    {
        private readonly List<Array> taken = [];

        /// <summary>An array of at least <paramref name="length"/> elements, not cleared.</summary>
        public T[] Rent<T>(int length)
        {
            var array = owner.free.Rent<T>(length);
            this.taken.Add(array);
            return array;
        }

        public void Dispose()
        {
            foreach (var array in this.taken)
                owner.free.Return(array);
            this.taken.Clear();
        }
    }
}
