using PureHDF;

namespace Tessera.Formats.Hdf5;

/// <summary>How an HDF5 data type maps onto Tessera: a dtype, text, bytes, or nothing (with the reason).</summary>
internal enum Hdf5ValueKind
{
    Numeric,
    Text,
    FixedBytes,
}

/// <summary>The mapping of one HDF5 data type.</summary>
internal sealed record Hdf5Type(Hdf5ValueKind Kind, DType? DType, int Size)
{
    /// <summary>
    /// Integers (1, 2, 4, 8 bytes), floats (2, 4, 8 bytes), enumerations (h5py's bool, FALSE = 0 / TRUE = 1, is bool;
    /// others their integer base type), fixed-length strings (bytes, trailing NULs dropped, as NumPy's 'S') and
    /// variable-length strings (text). Everything else is refused: <paramref name="what"/> names the object in the message.
    /// </summary>
    public static Hdf5Type Of(IH5DataType type, string what)
    {
        switch (type.Class)
        {
            case H5DataTypeClass.FixedPoint:
                return new(Hdf5ValueKind.Numeric, Integer(type.Size, type.FixedPoint.IsSigned, what), type.Size);
            case H5DataTypeClass.FloatingPoint:
                return new(Hdf5ValueKind.Numeric, type.Size switch
                {
                    2 => Tessera.DType.Float16,
                    4 => Tessera.DType.Float32,
                    8 => Tessera.DType.Float64,
                    _ => throw Refused(what, $"a {type.Size * 8}-bit float", "Store it as float16, float32 or float64"),
                }, type.Size);
            case H5DataTypeClass.Enumerated:
                var baseType = type.Enumeration.BaseType;
                if (baseType.Class != H5DataTypeClass.FixedPoint)
                    throw Refused(what, "an enumeration over a non-integer type", "Store the values as integers");
                if (baseType.Size == 1 && IsBool(type.Enumeration))
                    return new(Hdf5ValueKind.Numeric, Tessera.DType.Bool, 1);
                return new(Hdf5ValueKind.Numeric, Integer(baseType.Size, baseType.FixedPoint.IsSigned, what), baseType.Size);
            case H5DataTypeClass.String:
                return new(Hdf5ValueKind.FixedBytes, null, type.Size);
            case H5DataTypeClass.VariableLength when IsVariableString(type):
                return new(Hdf5ValueKind.Text, null, 0);
            case H5DataTypeClass.VariableLength when type.VariableLength.BaseType.Class == H5DataTypeClass.VariableLength:
                throw Refused(what, "a variable-length sequence of variable-length sequences", "Flatten it into a padded numeric dataset (with a length dataset beside it)");
            case H5DataTypeClass.VariableLength:
                throw Refused(what, "a variable-length sequence of numbers", "Store it as a padded numeric dataset (with a length dataset beside it)");
            case H5DataTypeClass.Compound:
                throw Refused(what, "a compound (struct or complex) type", "Store each field as a dataset of its own (h5py: f[name][field])");
            case H5DataTypeClass.Reference:
                throw Refused(what, "a reference to other objects", "Store what the references point to, or their paths as strings");
            default:
                throw Refused(what, $"of the HDF5 class {type.Class}", "Store it as numbers or strings");
        }
    }

    private static DType Integer(int size, bool signed, string what) => (size, signed) switch
    {
        (1, true) => Tessera.DType.Int8,
        (2, true) => Tessera.DType.Int16,
        (4, true) => Tessera.DType.Int32,
        (8, true) => Tessera.DType.Int64,
        (1, false) => Tessera.DType.UInt8,
        (2, false) => Tessera.DType.UInt16,
        (4, false) => Tessera.DType.UInt32,
        (8, false) => Tessera.DType.UInt64,
        _ => throw Refused(what, $"a {size * 8}-bit integer", "Store it as an 8-, 16-, 32- or 64-bit integer"),
    };

    private static bool IsBool(IEnumerationType enumeration)
    {
        var members = enumeration.GetMembers<sbyte>();
        return members.Count == 2 && members.TryGetValue("FALSE", out var no) && no == 0 && members.TryGetValue("TRUE", out var yes) && yes == 1;
    }

    /// <summary>
    /// h5py's variable-length strings. PureHDF reports them as sequences of 1-byte integers (the characters), as it would
    /// a sequence of bytes, which h5py hardly writes; so that is taken as text.
    /// </summary>
    private static bool IsVariableString(IH5DataType type) =>
        type.VariableLength.BaseType is { Class: H5DataTypeClass.String } or { Class: H5DataTypeClass.FixedPoint, Size: 1 };

    public static Mapping.InvalidFileException Refused(string what, string type, string fix) =>
        new($"{what} is {type}, which Tessera does not map. {fix}, or leave it out of the file; nothing was imported.");
}
