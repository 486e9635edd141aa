namespace Tessera;

/// <summary>
/// Where a partial clone gets the samples it lacks: a remote. Tessera.Remotes gives one per
/// configured remote (<c>repo.Remotes.Samples("origin")</c>); Core itself reaches no remote.
/// </summary>
public interface ISampleSource
{
    /// <summary>Opens a connection for one or more fetches; disposing it closes the connection.</summary>
    ISampleConnection Connect();
}

/// <summary>An open connection of an <see cref="ISampleSource"/>.</summary>
public interface ISampleConnection : IDisposable
{
    /// <summary>Fetches these samples (ids the repository lacks) into the repository, verifying each; returns how many it stored.</summary>
    int Fetch(IReadOnlyList<ObjectId> ids);
}
