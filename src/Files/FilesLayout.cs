namespace Tessera.Files;

/// <summary>The names an imported folder gets inside its group (shared by import and export).</summary>
public static class FilesLayout
{
    /// <summary>Decoded images: uint8 (H, W, C).</summary>
    public const string ImageColumn = "image";

    /// <summary>The files' bytes as they are (<c>--raw</c>).</summary>
    public const string FileColumn = "file";

    /// <summary>int64 class index of each file.</summary>
    public const string LabelColumn = "label";

    /// <summary>Group attribute: the class names, the label of class <c>classes[i]</c> being i.</summary>
    public const string ClassesAttribute = "classes";
}
