using Microsoft.ML;
using Microsoft.ML.Data;

namespace Tessera.MLNet;

/// <summary>A column of one-dimensional samples of their own lengths (variable shape, or bytes): a vector of unknown size.</summary>
internal sealed class VariableColumn<T>(string path, string name, PrimitiveDataViewType item, Func<Batch, ReadOnlyMemory<T>[]> rows)
    : MappedColumn(name, new VectorDataViewType(item))
{
    public override string Path => path;

    public override ColumnCursor Open() => new Cursor(rows);

    private sealed class Cursor(Func<Batch, ReadOnlyMemory<T>[]> read) : ColumnCursor
    {
        private ReadOnlyMemory<T>[] rows = [];

        public override void Load(Batch batch) => this.rows = read(batch);

        public override Delegate Getter(Func<int> row) => (ValueGetter<VBuffer<T>>)((ref VBuffer<T> value) =>
        {
            var sample = this.rows[row()].Span;
            var editor = VBufferEditor.Create(ref value, sample.Length);
            sample.CopyTo(editor.Values);
            value = editor.Commit();
        });
    }
}
