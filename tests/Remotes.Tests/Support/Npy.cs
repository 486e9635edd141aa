namespace Tessera.Remotes.Tests.Support;

/// <summary>NumPy files for the command-line tests.</summary>
public static class Npy
{
    /// <summary>Writes a .npy of one int64 of shape (1,) (a label of <see cref="Datasets"/>) and returns its path.</summary>
    public static string Label(string path, long value)
    {
        var header = "{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }";
        header = header.PadRight(64 - 10 - 1) + "\n";
        using var f = File.Create(path);
        f.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, (byte)header.Length, 0]);
        f.Write(System.Text.Encoding.ASCII.GetBytes(header));
        f.Write(BitConverter.GetBytes(value));
        return path;
    }
}
