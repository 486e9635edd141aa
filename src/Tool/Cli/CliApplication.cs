using System.CommandLine;
using System.CommandLine.Invocation;
using Tessera.Tool.Commands;

namespace Tessera.Tool.Cli;

/// <summary>Builds the command tree and runs one command line.</summary>
internal static class CliApplication
{
    public static int Run(string[] args)
    {
        var root = Build();
        var parse = root.Parse(args);
        if (RenamedOption(parse) is { } renamed)
            return ErrorReporter.ReportUsage(parse, $"'{renamed.Old}' is now '{renamed.New}'.", parse.GetValue(GlobalOptions.Json));
        if (parse.Action is ParseErrorAction)
            return ErrorReporter.ReportUsage(parse, parse.GetValue(GlobalOptions.Json));
        if (UnknownOption(parse) is { } unknown)
            return ErrorReporter.ReportUsage(parse, $"Unknown option '{unknown}'.", parse.GetValue(GlobalOptions.Json));
        return parse.Invoke();
    }

    /// <summary>An option name of an earlier version and the one name of its concept now.</summary>
    private sealed record Renamed(string Old, string New);

    private static readonly Renamed[] RenamedOptions = [new Renamed("--ref", "--rev"), new Renamed("--codec", "--compression")];

    /// <summary>An old option name the parser did not take as an option (with or without <c>=VALUE</c>).</summary>
    private static Renamed? RenamedOption(ParseResult parse) =>
        parse.Tokens.Where(t => t.Type != System.CommandLine.Parsing.TokenType.Option)
            .Select(t => t.Value.Split('=', ':')[0])
            .Select(name => RenamedOptions.FirstOrDefault(r => r.Old == name))
            .FirstOrDefault(r => r is not null);

    /// <summary>
    /// A command argument that looks like an option (<c>-d</c>, <c>--frobnicate</c>): the parser
    /// would take it as a name or a path. Negative numbers and slices (<c>-1</c>, <c>-3:</c>) are values.
    /// </summary>
    private static string? UnknownOption(ParseResult parse) =>
        parse.CommandResult.Children.OfType<System.CommandLine.Parsing.ArgumentResult>()
            .SelectMany(a => a.Tokens).Select(t => t.Value)
            .FirstOrDefault(v => v.Length > 1 && v[0] == '-' && (char.IsAsciiLetter(v[1]) || v[1] == '-'));

    private static RootCommand Build()
    {
        var root = new RootCommand("Tessera: version control for tensor data. Commit, branch, merge and diff datasets of arrays and strings.");
        GlobalOptions.AddTo(root);
        Command[] commands =
        [
            InitCommand.Create(),
            StatusCommand.Create(),
            TreeCommand.Create(),
            ColumnCommands.Create(),
            ArrayCommands.Create(),
            NodeCommands.CreateGroup(),
            NodeCommands.CreateMove(),
            AttrsCommands.Create(),
            SampleCommands.CreatePut(),
            SampleCommands.CreateGet(),
            KeysCommand.Create(),
            SampleCommands.CreateRemove(),
            CommitCommand.Create(),
            HistoryCommands.CreateLog(),
            HistoryCommands.CreateShow(),
            HistoryCommands.CreateSummary(),
            LinkCommands.Create(),
            BranchCommands.CreateBranch(),
            BranchCommands.CreateTag(),
            BranchCommands.CreateCheckout(),
            BranchCommands.CreateSwitch(),
            DiffCommand.Create(),
            OverlapCommand.Create(),
            MergeCommands.CreateMerge(),
            MergeCommands.CreateConflicts(),
            MergeCommands.CreateResolve(),
            RewriteCommands.CreateCherryPick(),
            RewriteCommands.CreateRevert(),
            RewriteCommands.CreateRefLog(),
            PurgeCommand.Create(),
            ExpireCommand.Create(),
            MaintenanceCommands.CreateReset(),
            MaintenanceCommands.CreateVerify(),
            MaintenanceCommands.CreateGc(),
            MaintenanceCommands.CreateLock(),
            QuickstartCommand.Create(),
            PinCommands.CreatePin(),
            PinCommands.CreatePins(),
            ImportCommands.Create(),
            ExportCommands.Create(),
            LspCommand.Create(),
            RemoteCommands.Create(),
            PushCommand.Create(),
            FetchCommands.CreateFetch(),
            FetchCommands.CreateFetchData(),
            PullCommand.Create(),
            CloneCommand.Create(),
            ServeCommand.Create(),
        ];
        foreach (var command in commands)
            root.Subcommands.Add(command);
        root.SetAction(_ => root.Parse("--help").Invoke());
        return root;
    }
}
