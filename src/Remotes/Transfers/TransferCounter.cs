namespace Tessera.Remotes;

/// <summary>Counts objects as they stream past, by kind, with their framed size.</summary>
internal sealed class TransferCounter
{
    private int commits;
    private int pages;
    private int blobs;
    private int links;
    private long bytes;

    public TransferStats Stats => new(this.commits, this.pages, this.blobs, this.links, this.bytes);

    public IEnumerable<TransferObject> Count(IEnumerable<TransferObject> objects)
    {
        foreach (var obj in objects)
        {
            switch (obj.Kind)
            {
                case ObjectKind.Commit:
                    this.commits++;
                    break;
                case ObjectKind.Page:
                    this.pages++;
                    break;
                case ObjectKind.Link:
                    this.links++;
                    break;
                default:
                    this.blobs++;
                    break;
            }
            this.bytes += ObjectFrames.HeaderSize + obj.Data.Length;
            yield return obj;
        }
    }
}
