using Microsoft.ML;
using Microsoft.ML.Data;

namespace Tessera.MLNet;

/// <summary>
/// Rows of a <see cref="TesseraDataView"/>, one loader batch at a time: each batch's columns are
/// read together into contiguous buffers, and a getter takes its row's value out of them.
/// </summary>
internal sealed class TesseraRowCursor : DataViewRowCursor
{
    private readonly TesseraDataView view;
    private readonly IEnumerator<Batch> batches;
    private readonly ColumnCursor?[] readers;
    private Batch? batch;
    private int row = -1;
    private long position = -1;
    private bool done;

    public TesseraRowCursor(TesseraDataView view, IEnumerator<Batch> batches, ColumnCursor?[] readers)
    {
        this.view = view;
        this.batches = batches;
        this.readers = readers;
    }

    public override DataViewSchema Schema => this.view.Schema;

    public override long Position => this.position;

    public override long Batch => 0;

    public override bool MoveNext()
    {
        if (this.done)
            return false;
        if (this.batch is null || this.row + 1 >= this.batch.Count)
        {
            if (!this.batches.MoveNext())
            {
                this.done = true;
                this.batch = null;
                return false;
            }
            this.batch = this.batches.Current;
            this.row = -1;
            foreach (var reader in this.readers)
                reader?.Load(this.batch);
        }
        this.row++;
        this.position++;
        return true;
    }

    public override bool IsColumnActive(DataViewSchema.Column column) => this.readers[this.view.IndexOf(column)] is not null;

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        var reader = this.readers[this.view.IndexOf(column)]
            ?? throw new InvalidInputException(ErrorCode.InvalidArgument, $"Column '{column.Name}' is not active in this cursor: ask for it in the columns the cursor needs.");
        return reader.Getter(this.CurrentRow) as ValueGetter<TValue>
            ?? throw new InvalidInputException(ErrorCode.DTypeMismatch, $"Column '{column.Name}' is {column.Type}; it is not read as {typeof(TValue).Name}.");
    }

    public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId(this.view.RowId(this.Current.Keys[this.row]), 0);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            this.batches.Dispose();
        base.Dispose(disposing);
    }

    private Batch Current => this.batch ?? throw new InvalidInputException(ErrorCode.InvalidArgument, "The cursor is not on a row: call MoveNext first, and read only while it returns true.");

    private int CurrentRow()
    {
        _ = this.Current;
        return this.row;
    }
}
