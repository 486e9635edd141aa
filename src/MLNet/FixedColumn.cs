using Microsoft.ML;
using Microsoft.ML.Data;

namespace Tessera.MLNet;

/// <summary>A fixed-shape ndarray column: a scalar of its element type, or a vector of its shape (C order).</summary>
internal sealed class FixedColumn<T>(string path, string name, PrimitiveDataViewType item, int[] shape, Func<Batch, T[]> values)
    : MappedColumn(name, shape.Length == 0 ? item : new VectorDataViewType(item, shape))
{
    public override string Path => path;

    public override ColumnCursor Open() => new Cursor(values, checked((int)shape.Aggregate(1L, (a, d) => a * d)), shape.Length == 0);

    private sealed class Cursor(Func<Batch, T[]> read, int elements, bool scalar) : ColumnCursor
    {
        private T[] values = [];

        public override void Load(Batch batch) => this.values = read(batch);

        public override Delegate Getter(Func<int> row) => scalar
            ? (ValueGetter<T>)((ref T value) => value = this.values[row()])
            : (ValueGetter<VBuffer<T>>)((ref VBuffer<T> value) =>
            {
                var editor = VBufferEditor.Create(ref value, elements);
                this.values.AsSpan(row() * elements, elements).CopyTo(editor.Values);
                value = editor.Commit();
            });
    }
}
