using System.CommandLine;
using Tessera.Tool.Output;

namespace Tessera.Tool.Cli;

/// <summary>Binds a command to a handler that gets a <see cref="CommandContext"/> and has every error reported the same way.</summary>
internal static class CommandActions
{
    public static TCommand Handle<TCommand>(this TCommand command, Func<CommandContext, int> handler) where TCommand : Command
    {
        command.SetAction(parse =>
        {
            var context = new CommandContext(parse);
            try
            {
                return handler(context);
            }
            catch (Exception ex)
            {
                return ErrorReporter.Report(ex, context.Json);
            }
        });
        return command;
    }

    /// <summary>Opens the repository, runs <paramref name="work"/> with it and closes it.</summary>
    public static TCommand HandleWithRepository<TCommand>(this TCommand command, Func<CommandContext, Repository, int> work) where TCommand : Command =>
        command.Handle(context =>
        {
            using var repo = context.OpenRepository();
            return work(context, repo);
        });

    /// <summary>Opens the repository and its writer (taking the writer lock) around <paramref name="work"/>.</summary>
    public static TCommand HandleWithWriter<TCommand>(this TCommand command, Func<CommandContext, Repository, WriteCheckout, int> work, Func<CommandContext, WriterOptions>? options = null) where TCommand : Command =>
        command.HandleWithRepository((context, repo) =>
        {
            using var writer = repo.OpenWriter(options?.Invoke(context));
            if (writer.DiscardedOperation is { } discarded && !context.Json)
                Console.Error.WriteLine($"{Paint.ForStderr().Warning("warning:")} {OperationText.Discarded(discarded)}");
            return work(context, repo, writer);
        });
}
