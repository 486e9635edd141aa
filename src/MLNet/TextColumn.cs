using Microsoft.ML;
using Microsoft.ML.Data;

namespace Tessera.MLNet;

/// <summary>A str column: ML.NET text.</summary>
internal sealed class TextColumn(string path, string name) : MappedColumn(name, TextDataViewType.Instance)
{
    public override string Path => path;

    public override ColumnCursor Open() => new Cursor(path);

    private sealed class Cursor(string path) : ColumnCursor
    {
        private string[] texts = [];

        public override void Load(Batch batch) => this.texts = batch.Strings(path);

        public override Delegate Getter(Func<int> row) =>
            (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> value) => value = this.texts[row()].AsMemory());
    }
}
