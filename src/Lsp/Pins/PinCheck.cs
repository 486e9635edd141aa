using Tessera.Lsp.Protocol;
using Tessera.Pins;

namespace Tessera.Lsp.Pins;

/// <summary>
/// Resolves the pins of a project file with Core's <see cref="PinResolver"/> (the same codes and
/// words as the MSBuild tasks and <c>dotnet tensor pin --check</c>) and places each finding on
/// the metadata value it is about.
/// </summary>
public static class PinCheck
{
    public static IReadOnlyList<PinState> Run(IReadOnlyList<PinSite> sites, string projectDirectory)
    {
        var duplicates = PinResolver.FindDuplicates(sites.Select(s => s.Pin)).ToDictionary(d => d.Name, d => d.Error, StringComparer.OrdinalIgnoreCase);
        return sites.Select(site =>
        {
            var resolution = PinResolver.Resolve(site.Pin, projectDirectory);
            var findings = duplicates.TryGetValue(site.Pin.Name, out var duplicate) ? resolution.Diagnostics.Append(duplicate) : resolution.Diagnostics;
            return new PinState(site, resolution, findings.Select(d => Place(site, d)).ToList());
        }).ToList();
    }

    private static PinProblem Place(PinSite site, PinDiagnostic diagnostic)
    {
        var range = diagnostic.Code switch
        {
            PinCodes.RepositoryNotFound => site["Repository"]?.Range,
            PinCodes.CommitNotFound or PinCodes.AmbiguousCommit or PinCodes.Stale => site["Commit"]?.Range,
            PinCodes.ColumnMissing => site.ColumnEntries.FirstOrDefault(c => diagnostic.Message.Contains($"'/{c.Path.Trim('/')}'", StringComparison.Ordinal))?.Range
                ?? site["Columns"]?.Range,
            PinCodes.MergeInProgress or PinCodes.NotOnBranch => site["Branch"]?.Range,
            PinCodes.DuplicateName => site["Include"]?.Range,
            _ => null,
        };
        return new PinProblem(diagnostic.Code, diagnostic.IsError ? 1 : 2, PinAdvice.Text(diagnostic), range ?? site.Name);
    }
}
