using Microsoft.Data.Sqlite;

namespace Tessera.Formats.Tests.TestSupport;

/// <summary>Reads a repository's database as another process would: read-only, without the writer lock, while a writer may run.</summary>
public static class RepositoryDatabase
{
    /// <summary>The number a query of the database at <paramref name="repositoryRoot"/> returns.</summary>
    public static long Scalar(string repositoryRoot, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(repositoryRoot, ".tensor", "tensor.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The rows of the pages table.</summary>
    public static long PageRows(string repositoryRoot) => Scalar(repositoryRoot, "SELECT count(*) FROM pages");
}
