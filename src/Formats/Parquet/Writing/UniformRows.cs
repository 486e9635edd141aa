using Tessera.Formats.Parquet.Values;

namespace Tessera.Formats.Parquet.Writing;

/// <summary>
/// The rows of a column whose every row has the first row's levels (<see cref="ColumnData.UniformRowLevels"/>):
/// <see cref="Levels"/> level entries and <see cref="Values"/> values each, so that rows, values and
/// page cuts are arithmetic.
/// </summary>
internal readonly record struct UniformRows(int Levels, int Values)
{
    /// <summary>The column's uniform rows, or null when its rows may differ.</summary>
    public static UniformRows? Of(ColumnData data)
    {
        int levels = data.UniformRowLevels;
        if (levels == 0)
            return null;
        short max = (short)data.Column.MaxDefinitionLevel;
        return new UniformRows(levels, max == 0 ? levels : data.DefinitionLevels[..levels].Count(max));
    }

    public int RowsIn(int levelCount) => levelCount / this.Levels;

    public int ValuesIn(int levelCount) => this.RowsIn(levelCount) * this.Values;
}
