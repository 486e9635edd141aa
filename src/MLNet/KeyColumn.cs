using Microsoft.ML;
using Microsoft.ML.Data;

namespace Tessera.MLNet;

/// <summary>The row's sample key: Int64 when every key shown is an integer, otherwise text in the CLI's form.</summary>
internal sealed class KeyColumn(string name, bool integers) : MappedColumn(name, integers ? NumberDataViewType.Int64 : TextDataViewType.Instance)
{
    public override string? Path => null;

    public override ColumnCursor Open() => new Cursor(integers);

    private sealed class Cursor(bool integers) : ColumnCursor
    {
        private IReadOnlyList<SampleKey> keys = [];

        public override void Load(Batch batch) => this.keys = batch.Keys;

        public override Delegate Getter(Func<int> row) => integers
            ? (ValueGetter<long>)((ref long value) => value = this.keys[row()].Int)
            : (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> value) => value = this.keys[row()].ToString().AsMemory());
    }
}
