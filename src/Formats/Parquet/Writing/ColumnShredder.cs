using System.Collections;
using System.Numerics;
using System.Text;
using Tessera.Formats.Parquet.Metadata;
using Tessera.Formats.Parquet.Schema;
using Tessera.Formats.Parquet.Values;

namespace Tessera.Formats.Parquet.Writing;

/// <summary>
/// Turns per-row values of one top-level field into the shredded <see cref="ColumnData"/> of one of
/// its leaf columns (Dremel striping). A row value is null (optional fields), a scalar for the leaf,
/// an <see cref="IList"/> for LIST fields and repeated fields (nested lists for nested LISTs, null
/// items for optional elements), or an <see cref="IReadOnlyDictionary{TKey,TValue}"/> of string keys
/// for groups. Scalars: bool, integers, float, double, string, byte[], <see cref="DecimalValue"/>,
/// <see cref="DateOnly"/>, <see cref="TimestampValue"/>, <see cref="TimeValue"/>, <see cref="Guid"/>, <see cref="Half"/>.
/// </summary>
public static class ColumnShredder
{
    private const int UnixEpochDayNumber = 719_162;

    public static ColumnData Shred(ColumnDescriptor column, IEnumerable<object?> rows)
    {
        var path = new List<SchemaField>();
        for (var field = column.Field; field.Parent is not null; field = field.Parent)
        {
            path.Insert(0, field);
        }
        var state = new State(column);
        foreach (var row in rows)
        {
            Visit(path, 0, row, 0, 0, state);
        }
        return state.ToColumnData();
    }

    private static void Visit(List<SchemaField> path, int depth, object? value, int repetition, int definition, State state)
    {
        var node = path[depth];
        if (node.Repetition == Repetition.Repeated)
        {
            var items = value as IList;
            if (value is not null && items is null)
            {
                throw new ArgumentException($"Field '{node.DottedPath}' is repeated; expected a list, got {value.GetType().Name}.");
            }
            if (items is null || items.Count == 0)
            {
                state.AddLevels(repetition, definition);
                return;
            }
            int itemRepetition = RepetitionLevel(path, depth);
            for (int i = 0; i < items.Count; i++)
            {
                Descend(path, depth, items[i], i == 0 ? repetition : itemRepetition, definition + 1, state);
            }
            return;
        }
        if (value is null)
        {
            if (node.Repetition == Repetition.Required)
            {
                throw new ArgumentException($"Field '{node.DottedPath}' is required but a value is null.");
            }
            state.AddLevels(repetition, definition);
            return;
        }
        Descend(path, depth, value, repetition, node.Repetition == Repetition.Optional ? definition + 1 : definition, state);
    }

    /// <summary>Passes a present value of path[depth] on to its child on the path (or stores it at the leaf).</summary>
    private static void Descend(List<SchemaField> path, int depth, object? value, int repetition, int definition, State state)
    {
        var node = path[depth];
        if (depth == path.Count - 1)
        {
            if (value is null)
            {
                throw new ArgumentException($"Field '{node.DottedPath}' is required but a value is null.");
            }
            state.AddLevels(repetition, definition);
            state.AddValue(value);
            return;
        }
        var child = path[depth + 1];
        // A LIST group hands its list to the repeated child; a repeated group of a LIST hands each item to the element.
        bool passThrough = node.LogicalType?.Kind == LogicalTypeKind.List
            || (node.Repetition == Repetition.Repeated && node.Parent?.LogicalType?.Kind == LogicalTypeKind.List);
        object? childValue = passThrough ? value
            : value is IReadOnlyDictionary<string, object?> fields ? fields.GetValueOrDefault(child.Name)
            : throw new ArgumentException($"Field '{node.DottedPath}' is a group; expected a dictionary of its fields, got {value?.GetType().Name}.");
        Visit(path, depth + 1, childValue, repetition, definition, state);
    }

    private static int RepetitionLevel(List<SchemaField> path, int depth)
    {
        int level = 0;
        for (int i = 0; i <= depth; i++)
        {
            if (path[i].Repetition == Repetition.Repeated)
            {
                level++;
            }
        }
        return level;
    }

    /// <summary>Growing levels and typed values of the column being shredded.</summary>
    private sealed class State(ColumnDescriptor column)
    {
        private readonly List<short> definitions = [];
        private readonly List<short> repetitions = [];
        private readonly List<bool> bools = [];
        private readonly List<int> ints = [];
        private readonly List<long> longs = [];
        private readonly List<float> floats = [];
        private readonly List<double> doubles = [];
        private readonly List<Int96> int96s = [];
        private readonly BinaryValues binary = new();

        public void AddLevels(int repetition, int definition)
        {
            this.definitions.Add((short)definition);
            this.repetitions.Add((short)repetition);
        }

        public void AddValue(object value)
        {
            switch (column.PhysicalType)
            {
                case PhysicalType.Boolean: this.bools.Add((bool)value); break;
                case PhysicalType.Int32: this.ints.Add(ToInt32(value)); break;
                case PhysicalType.Int64: this.longs.Add(ToInt64(value)); break;
                case PhysicalType.Int96: this.int96s.Add((Int96)value); break;
                case PhysicalType.Float: this.floats.Add(Convert.ToSingle(value, System.Globalization.CultureInfo.InvariantCulture)); break;
                case PhysicalType.Double: this.doubles.Add(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)); break;
                default: this.binary.Add(ToBytes(value)); break;
            }
        }

        private int ToInt32(object value) => value switch
        {
            DateOnly date => date.DayNumber - UnixEpochDayNumber,
            TimeValue time => checked((int)time.Value),
            DecimalValue d => (int)Rescale(d),
            uint u => unchecked((int)u),
            _ => Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture),
        };

        private long ToInt64(object value) => value switch
        {
            TimestampValue t => t.Value,
            TimeValue time => time.Value,
            DecimalValue d => (long)Rescale(d),
            ulong u => unchecked((long)u),
            _ => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
        };

        private byte[] ToBytes(object value)
        {
            byte[] bytes = value switch
            {
                string text => Encoding.UTF8.GetBytes(text),
                byte[] raw => raw,
                Guid guid => guid.ToByteArray(bigEndian: true),
                Half half => BitConverter.GetBytes(half),
                DecimalValue d => DecimalBytes(Rescale(d)),
                _ => throw new ArgumentException($"Column '{column}' cannot store a {value.GetType().Name}."),
            };
            if (column.PhysicalType == PhysicalType.FixedLenByteArray && bytes.Length != column.TypeLength)
            {
                throw new ArgumentException($"Column '{column}' holds {column.TypeLength}-byte values, not {bytes.Length} bytes.");
            }
            return bytes;

            byte[] DecimalBytes(BigInteger unscaled)
            {
                byte[] minimal = unscaled.ToByteArray(isUnsigned: false, isBigEndian: true);
                if (column.PhysicalType != PhysicalType.FixedLenByteArray || minimal.Length >= column.TypeLength)
                {
                    return minimal;
                }
                var padded = new byte[column.TypeLength];
                padded.AsSpan().Fill(unscaled.Sign < 0 ? (byte)0xFF : (byte)0);
                minimal.CopyTo(padded, column.TypeLength - minimal.Length);
                return padded;
            }
        }

        /// <summary>The unscaled value at the column's scale; refuses values that would lose digits.</summary>
        private BigInteger Rescale(DecimalValue value)
        {
            int scale = column.Field.LogicalType?.Scale ?? 0;
            if (value.Scale > scale)
            {
                throw new ArgumentException($"Column '{column}' has scale {scale}; {value} would lose digits.");
            }
            return value.Unscaled * BigInteger.Pow(10, scale - value.Scale);
        }

        public ColumnData ToColumnData()
        {
            object values = column.PhysicalType switch
            {
                PhysicalType.Boolean => this.bools.ToArray(),
                PhysicalType.Int32 => this.ints.ToArray(),
                PhysicalType.Int64 => this.longs.ToArray(),
                PhysicalType.Int96 => this.int96s.ToArray(),
                PhysicalType.Float => this.floats.ToArray(),
                PhysicalType.Double => this.doubles.ToArray(),
                _ => this.binary,
            };
            int count = values is Array array ? array.Length : this.binary.Count;
            return new ColumnData(column, values, count,
                column.MaxDefinitionLevel > 0 ? [.. this.definitions] : null,
                column.MaxRepetitionLevel > 0 ? [.. this.repetitions] : null,
                this.definitions.Count);
        }
    }
}
