using Tessera.Formats.Hdf5;
using Tessera.Formats.Tests.Mapping;
using Tessera.Formats.Tests.NumPy;

namespace Tessera.Formats.Tests.Hdf5;

/// <summary>
/// Datasets larger than a read slab are read in runs of whole rows (<see cref="Hdf5Importer.SlabBytes"/>, made tiny
/// here): every run lands where it belongs, in arrays and in columns, big- and little-endian, for files h5py writes.
/// </summary>
public sealed class Hdf5SlabTests : IDisposable
{
    private readonly MappingRepo repo = new();
    private readonly long slabBytes = Hdf5Importer.SlabBytes;

    public Hdf5SlabTests() => Hdf5Importer.SlabBytes = 100;

    [Fact]
    public void A_dataset_read_in_many_slabs_imports_as_the_whole_of_it()
    {
        string file = this.repo.File("rows.h5");
        SystemPython.RunCode("""
            import sys, h5py, numpy as np
            with h5py.File(sys.argv[1], "w") as f:
                f.create_dataset("big", data=np.arange(40 * 6, dtype=">i4").reshape(40, 6), chunks=(4, 3))
                f.create_dataset("flat", data=np.arange(37 * 5, dtype="<f8").reshape(37, 5) / 8)
            """, null, file);

        var head = this.repo.Commit(w =>
        {
            Hdf5Importer.Import(w, file, new Hdf5ImportOptions { Into = "/a" });
            return Hdf5Importer.Import(w, file, new Hdf5ImportOptions { Into = "/c", AsColumns = true });
        });
        Assert.Equal(2, head.Columns);
        var commit = this.repo.Head;
        Assert.Equal(Enumerable.Range(0, 240), commit.Array("/a/big").Read<int>());
        Assert.Equal(Enumerable.Range(0, 185).Select(i => i / 8.0), commit.Array("/a/flat").Read<double>());
        var column = commit.Column("/c/big");
        Assert.Equal(40, column.Count);
        Assert.Equal(Enumerable.Range(37 * 6, 6), column.Get(37).ToArray<int>());
        Assert.Equal(Enumerable.Range(36 * 5, 5).Select(i => i / 8.0), commit.Column("/c/flat").Get(36).ToArray<double>());
    }

    public void Dispose()
    {
        Hdf5Importer.SlabBytes = this.slabBytes;
        this.repo.Dispose();
    }
}
