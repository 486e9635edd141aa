using Spectre.Console;

namespace Tessera.Tool.Cli;

/// <summary>A Spectre.Console progress bar on stderr, so stdout stays clean for output and JSON.</summary>
internal static class ProgressBar
{
    public static T Run<T>(string description, Func<IProgress<double>, T> work)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(description, maxValue: 1.0);
                return work(new Reporter(task));
            });
    }

    /// <summary>Reports straight to the task (thread-safe), unlike <see cref="Progress{T}"/> which posts.</summary>
    private sealed class Reporter(ProgressTask task) : IProgress<double>
    {
        public void Report(double value) => task.Value = Math.Clamp(value, 0, 1);
    }
}
