using System.CommandLine;
using System.CommandLine.Invocation;
using Tessera.Tool.Commands;

namespace Tessera.Tool.Cli;

/// <summary>Builds the command tree and runs one command line.</summary>
internal static class CliApplication
{
    public static int Run(string[] args)
    {
        Tessera.Server.ObjectStorage.ObjectStorageRemotes.Register();
        var root = Build();
        var parse = root.Parse(args);
        if (parse.Action is ParseErrorAction)
            return ErrorReporter.ReportUsage(parse, parse.GetValue(GlobalOptions.Json));
        return parse.Invoke();
    }

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
            DiffCommand.Create(),
            MergeCommands.CreateMerge(),
            MergeCommands.CreateConflicts(),
            MergeCommands.CreateResolve(),
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
