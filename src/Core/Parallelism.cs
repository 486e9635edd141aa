namespace Tessera;

/// <summary>Work spread over every core.</summary>
internal static class Parallelism
{
    /// <summary><see cref="Parallel.For(int, int, Action{int})"/> that rethrows the first failure itself, not wrapped: callers catch Tessera's exceptions by type.</summary>
    public static void For(int count, Action<int> body)
    {
        try
        {
            Parallel.For(0, count, body);
        }
        catch (AggregateException e)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }
}
