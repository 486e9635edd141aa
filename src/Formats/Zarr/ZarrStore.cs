namespace Tessera.Formats.Zarr;

/// <summary>Reads the node hierarchy of a Zarr v3 directory store: every folder with a zarr.json, parents first.</summary>
internal static class ZarrStore
{
    /// <summary>The file name of every node's metadata.</summary>
    public const string MetadataFile = "zarr.json";

    public static List<ZarrNode> ReadHierarchy(string directory)
    {
        if (!File.Exists(Path.Combine(directory, MetadataFile)))
        {
            throw new InvalidInputException(ErrorCode.InvalidArgument,
                $"'{directory}' is not a Zarr v3 store: it has no {MetadataFile}. Give the folder that holds the root group's or the array's zarr.json.");
        }
        var nodes = new List<ZarrNode>();
        Walk(directory, "", nodes);
        return nodes;
    }

    private static void Walk(string directory, string relativePath, List<ZarrNode> nodes)
    {
        var node = ZarrNode.Read(directory, relativePath);
        nodes.Add(node);
        if (node.Array is not null)
            return;
        // Zarr v3 has no implicit groups: folders without a zarr.json are not nodes.
        foreach (var child in Directory.GetDirectories(directory).Order(StringComparer.Ordinal))
        {
            if (!File.Exists(Path.Combine(child, MetadataFile)))
                continue;
            string name = Path.GetFileName(child);
            if (!Names.IsValid(name))
            {
                throw new InvalidInputException(ErrorCode.InvalidName,
                    $"The Zarr node '{Path.Combine(relativePath, name)}' has a name Tessera cannot hold. Rename the folder (1 to 64 ASCII letters, digits, '_', '-' or '.', not starting with '.' or '-') and import again.");
            }
            Walk(child, relativePath.Length == 0 ? name : relativePath + "/" + name, nodes);
        }
    }
}
