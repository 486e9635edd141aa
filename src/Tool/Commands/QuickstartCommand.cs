using System.CommandLine;
using Tessera.Tool.Cli;
using Tessera.Tool.Quickstart;

namespace Tessera.Tool.Commands;

/// <summary><c>quickstart DIR</c>: a demo repository to explore, and what to try in it.</summary>
internal static class QuickstartCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("DIR") { Description = "Folder to create (must not exist, or be empty)" };
        var digits = new Option<int>("--digits")
        {
            Description = $"How many digits to draw ({DemoRepository.MinDigits} to {DemoRepository.MaxDigits}; a few thousand to train on)",
            DefaultValueFactory = _ => DemoRepository.DefaultDigits,
        };
        var command = new Command("quickstart", "Create a demo repository of drawn digits to explore (with a conflict to resolve)") { dir, digits };
        return command.Handle(context =>
        {
            int count = context.Get(digits);
            if (count is < DemoRepository.MinDigits or > DemoRepository.MaxDigits)
                throw new InvalidInputException(ErrorCode.InvalidArgument, $"--digits {count} is out of range: the demo draws {DemoRepository.MinDigits} to {DemoRepository.MaxDigits} digits.");
            var target = context.ResolveFile(context.Get(dir));
            if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
                throw new StateException(ErrorCode.AlreadyARepository, $"'{target}' exists and is not empty; pick a new folder for the quick start.");
            var steps = new List<string>();
            using (var repo = Repository.Init(target, new InitOptions
            {
                UserName = GitConfig.Get("user.name") ?? "Tessera Quickstart",
                UserEmail = GitConfig.Get("user.email") ?? "quickstart@example.com",
            }))
            {
                steps.Add($"created a repository in {repo.Root}");
                new DemoRepository(repo, steps.Add, count).Build();
            }
            if (context.Json)
            {
                context.WriteJson(w => JsonShapes.WriteQuickstart(w, target, DemoRepository.SideBranch, steps));
                return 0;
            }
            PrintGuide(context, target, steps);
            return 0;
        });
    }

    private static void PrintGuide(CommandContext context, string target, List<string> steps)
    {
        var o = context.Out;
        o.WriteLine(context.Paint.Strong("Tessera quick start"));
        foreach (var step in steps)
            o.WriteLine($"  - {step}");
        string relative = Path.GetRelativePath(context.Directory, target);
        if (relative.StartsWith("..", StringComparison.Ordinal))
            relative = target;
        string tool = ToolInvocation.From(target);
        o.WriteLine();
        o.WriteLine(context.Paint.Strong("Try next") + " (a merge is waiting for you on branch " + DemoRepository.SideBranch + "):");
        (string Command, string Why)[] tryNext =
        [
            ($"cd {Quote(relative)}", ""),
            ("status", "branch, head, the merge in progress"),
            ("tree", "columns, dtypes, shapes, counts"),
            ("log --graph --all", "the history as a graph"),
            ($"get {DemoRepository.Images} 3", "a 28x28 image as numbers"),
            ($"get {DemoRepository.Images} 3 --out three.npy", "the same image as a NumPy file"),
            ("diff v1..main --stat", "what changed since the tag"),
            ("conflicts", "what the merge could not decide"),
            ($"diff --path {DemoRepository.Captions}", "the captions, staged against the branch tip"),
            ($"resolve {DemoRepository.Captions} {DemoRepository.ConflictKey} --theirs", "take main's caption"),
            ("commit -m \"Merge main, keeping main's caption\"", "finish the merge"),
            ("verify", "re-hash everything"),
        ];
        var lines = tryNext.Select(t => (Text: t.Why.Length == 0 ? t.Command : $"{tool} {t.Command}", t.Why)).ToList();
        int width = lines.Max(l => l.Text.Length);
        foreach (var (text, why) in lines)
            o.WriteLine(why.Length == 0 ? $"  {text}" : $"  {text.PadRight(width)}  # {why}");
        if (tool != "dotnet tensor")
            o.WriteLine("('dotnet tensor' does not reach this folder: it works inside the Tessera clone after ./tensor-setup.sh, or anywhere once installed for your user; see the set-up in docs/cli.md.)");
    }

    private static string Quote(string path) => path.Contains(' ', StringComparison.Ordinal) ? $"\"{path}\"" : path;
}
