namespace Tessera.Tests.Support;

/// <summary>
/// A column of short samples for the runs' model test (<c>SampleRunTests</c>): how it makes a random
/// value, stores values in one batch (runs) or one by one, and reads a value back to store again.
/// </summary>
internal abstract class RunModel
{
    public abstract ColumnSchema Schema { get; }

    public abstract object Make(Random rnd);

    public abstract object ValueOf(Sample sample);

    public abstract void AddBatch(WritableColumn column, List<long> keys, List<object> values);

    public abstract void Add(WritableColumn column, long key, object value);

    public static RunModel Of(string name) => name switch
    {
        "vectors" => new Vectors(),
        "texts" => new Texts(),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    /// <summary>float32[16] vectors: runs of fixed-size items against hashed samples.</summary>
    private sealed class Vectors : RunModel
    {
        private const int Width = 16;

        public override ColumnSchema Schema => ColumnSchema.NDArray(DType.Float32, Width);

        public override object Make(Random rnd) => Enumerable.Range(0, Width).Select(_ => (float)rnd.NextDouble()).ToArray();

        public override object ValueOf(Sample sample) => sample.ToArray<float>();

        public override void AddBatch(WritableColumn column, List<long> keys, List<object> values) =>
            column.AddRange<float>([.. keys.Select(k => (SampleKey)k)], values.SelectMany(v => (float[])v).ToArray());

        public override void Add(WritableColumn column, long key, object value) => column.Add<float>(key, (float[])value);
    }

    /// <summary>Texts of 0 to 60 UTF-8 bytes: text runs against inline ids (up to 23 bytes) and hashed samples.</summary>
    private sealed class Texts : RunModel
    {
        public override ColumnSchema Schema => ColumnSchema.Str();

        public override object Make(Random rnd) => string.Concat(Enumerable.Range(0, rnd.Next(0, 31)).Select(_ => rnd.Next(8) == 0 ? "é" : ((char)('a' + rnd.Next(26))).ToString()));

        public override object ValueOf(Sample sample) => sample.AsString();

        public override void AddBatch(WritableColumn column, List<long> keys, List<object> values) =>
            column.AddStrings([.. keys.Select(k => (SampleKey)k)], [.. values.Cast<string>()]);

        public override void Add(WritableColumn column, long key, object value) => column.AddString(key, (string)value);
    }
}
