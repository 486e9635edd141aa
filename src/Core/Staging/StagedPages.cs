namespace Tessera.Staging;

/// <summary>
/// Reads of pages that only the staging area names (the trees of tree records, prepared
/// manifests): one missing or damaged makes the staging area unreadable, and discarding it is the
/// remedy, since no committed data depends on them.
/// </summary>
internal static class StagedPages
{
    /// <param name="subject">What names the pages, as the start of the error's sentence.</param>
    public static void Read(string subject, Action read)
    {
        try
        {
            read();
        }
        catch (TesseraException e) when (e.Code is ErrorCode.CorruptObject or ErrorCode.MissingObject && e.Details.GetValueOrDefault(ErrorDetail.Area) != "staging")
        {
            throw new CorruptObjectException($"{subject}, and a page of it is missing or damaged. Discard the staging area.")
                .With(ErrorDetail.Area, "staging");
        }
    }
}
