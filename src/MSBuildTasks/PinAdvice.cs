namespace Tessera.Pins;

/// <summary>
/// A pin finding as the build, <c>dotnet tensor pin --check</c> and the editor report it: Core's message
/// and the <c>dotnet tensor pin</c> (or other) command that fixes it, made from the finding's details.
/// One file, compiled into Tessera.MSBuildTasks, Tessera.Lsp and the tool, so the three say the same.
/// </summary>
internal static class PinAdvice
{
    public static string Text(PinDiagnostic finding) => For(finding) is { } advice ? $"{finding.Message} {advice}" : finding.Message;

    private static string? For(PinDiagnostic finding)
    {
        string? Get(ErrorDetail detail) => finding.Details.GetValueOrDefault(detail);
        string? name = Get(ErrorDetail.Dataset), repository = Get(ErrorDetail.Repository), branch = Get(ErrorDetail.Branch);
        return finding.Code switch
        {
            PinCodes.CommitNotFound when name is not null && repository is not null && branch is not null =>
                $"'dotnet tensor -C \"{repository}\" log --oneline' lists its commits; 'dotnet tensor pin PROJECT --dataset {name} --repository DIR --branch {branch}' pins the tip.",
            PinCodes.InvalidPin when name is not null && repository is not null && Get(ErrorDetail.Revision) is { } revision =>
                $"'dotnet tensor pin PROJECT --dataset {name} --repository {repository} --commit {revision}' writes the id.",
            PinCodes.InvalidPin when name is not null && repository is not null =>
                $"'dotnet tensor pin PROJECT --dataset {name} --repository {repository} --branch main' pins the tip of main.",
            PinCodes.MergeInProgress when repository is not null =>
                $"Finish it with 'dotnet tensor -C \"{repository}\" commit' or abort it with 'dotnet tensor -C \"{repository}\" merge --abort'.",
            PinCodes.Stale or PinCodes.NotOnBranch when name is not null && branch is not null =>
                $"'dotnet tensor pin PROJECT --dataset {name} --branch {branch}' pins the tip.",
            PinCodes.CorruptData when repository is not null => $"'dotnet tensor -C \"{repository}\" verify' lists the damage.",
            _ => null,
        };
    }
}
