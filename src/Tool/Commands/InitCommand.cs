using System.CommandLine;
using Tessera.Tool.Cli;

namespace Tessera.Tool.Commands;

/// <summary><c>init [DIR] [--user NAME] [--email EMAIL]</c>.</summary>
internal static class InitCommand
{
    public static Command Create()
    {
        var dir = new Argument<string?>("DIR") { Description = "Folder to create the repository in (default: -C or the current folder)", Arity = ArgumentArity.ZeroOrOne };
        var user = new Option<string?>("--user") { Description = "Author name for commits (default: git config user.name)" };
        var email = new Option<string?>("--email") { Description = "Author email for commits (default: git config user.email)" };
        var command = new Command("init", "Create an empty repository") { dir, user, email };
        return command.Handle(context =>
        {
            var target = Path.GetFullPath(context.Get(dir) ?? ".", context.Directory);
            var options = new InitOptions
            {
                UserName = context.Get(user) ?? GitConfig.Get("user.name"),
                UserEmail = context.Get(email) ?? GitConfig.Get("user.email"),
            };
            using var repo = Repository.Init(target, options);
            var identity = repo.Identity();
            if (context.Json)
            {
                context.WriteJson(w => JsonShapes.WriteInit(w, repo.Root, repo.HeadBranch, identity));
                return 0;
            }
            context.Out.WriteLine($"Initialized an empty Tessera repository in {repo.Root} (branch {repo.HeadBranch}, author {identity}).");
            context.Out.WriteLine($"Next: '{ToolInvocation.From(repo.Root)} column add /images --dtype uint8 --shape 28,28', then 'put' samples and 'commit -m ...'.");
            return 0;
        });
    }
}
