using System.Diagnostics;
using System.IO.Pipes;
using System.Text;
using System.Text.Json;
using Tessera.Lsp.JsonRpc;
using Tessera.Lsp.Server;

namespace Tessera.Bench;

/// <summary>
/// The language server on a repository of 1,000,000 samples (uint8 (16,)) with 1,000 changes
/// in its last commit, in process over pipes: the time from <c>didOpen</c> of a project pinning
/// the previous commit to its diagnostics (the pin is stale by one commit), and a
/// <c>tessera/diff</c> of the 1,000 changes with every key listed.
/// </summary>
internal static class WorkloadLsp
{
    private const int Samples = 1_000_000;

    public static List<PhaseResult> Run(int seed)
    {
        var rec = new Recorder("lsp");
        using var scratch = new Scratch();
        string repository = Path.Combine(scratch.Dir, "repo");
        string baseCommit = Build(repository, seed);
        string project = Path.Combine(scratch.Dir, "app.csproj");
        File.WriteAllText(project, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
                <TensorDataset Include="small" Repository="repo" Commit="{baseCommit}" Branch="main" Columns="/small" />
              </ItemGroup>
            </Project>
            """);
        using var session = new Session();
        session.Request("initialize", new { processId = (int?)null, rootUri = new Uri(scratch.Dir).AbsoluteUri, capabilities = new { } });
        var diagnostics = rec.Time("diagnostics_didOpen", 0, Samples, () =>
        {
            session.Notify("textDocument/didOpen", new { textDocument = new { uri = new Uri(project).AbsoluteUri, languageId = "xml", version = 1, text = File.ReadAllText(project) } });
            return session.Next(m => m.TryGetProperty("method", out var method) && method.GetString() == "textDocument/publishDiagnostics");
        });
        Recorder.Check(diagnostics.GetProperty("params").GetProperty("diagnostics")[0].GetProperty("code").GetString() == "TSR2001", "the pin is reported stale");
        var diff = rec.Time("tessera_diff_1k_changes", 0, Samples, () =>
            session.Request("tessera/diff", new { repository, from = "main~1", to = "main", limit = 1000 }));
        var node = diff.GetProperty("result").GetProperty("nodes")[0];
        Recorder.Check(node.GetProperty("mutated").GetInt64() is > 990 and <= 1000 && node.GetProperty("keys").GetArrayLength() == node.GetProperty("mutated").GetInt64(),
            "tessera/diff lists the changes");
        session.Request("shutdown", null);
        return rec.Results;
    }

    /// <summary>A base commit of 1,000,000 samples and one of 1,000 changes on top; returns the base's id.</summary>
    private static string Build(string path, int seed)
    {
        var rng = new Random(seed);
        var data = new byte[Samples * 16];
        rng.NextBytes(data);
        using var repo = Repository.Init(path, new InitOptions { UserName = "bench", UserEmail = "bench@localhost" });
        using var w = repo.OpenWriter();
        w.CreateColumn("/small", ColumnSchema.NDArray(DType.UInt8, 16)).AddRange<byte>(Enumerable.Range(0, Samples).Select(i => SampleKey.Of(i)).ToArray(), data);
        string baseCommit = w.Commit("base").Id.ToString();
        var column = w.Column("/small");
        var sample = new byte[16];
        for (int k = 0; k < 1000; k++)
        {
            rng.NextBytes(sample);
            column.Add<byte>(rng.Next(Samples), sample);
        }
        w.Commit("1,000 changes");
        return baseCommit;
    }

    /// <summary>A client of an in-process server over OS pipes.</summary>
    private sealed class Session : IDisposable
    {
        private readonly AnonymousPipeServerStream toServer = new(PipeDirection.Out);
        private readonly AnonymousPipeServerStream fromServer = new(PipeDirection.In);
        private readonly AnonymousPipeClientStream serverInput;
        private readonly AnonymousPipeClientStream serverOutput;
        private readonly LanguageServer server;
        private readonly Task<int> running;
        private readonly MessageReader reader;
        private int nextId;

        public Session()
        {
            this.serverInput = new AnonymousPipeClientStream(PipeDirection.In, this.toServer.ClientSafePipeHandle);
            this.serverOutput = new AnonymousPipeClientStream(PipeDirection.Out, this.fromServer.ClientSafePipeHandle);
            this.server = new LanguageServer(this.serverInput, this.serverOutput, TextWriter.Null);
            this.running = Task.Run(this.server.RunAsync);
            this.reader = new MessageReader(this.fromServer);
        }

        public JsonElement Request(string method, object? parameters)
        {
            int id = ++this.nextId;
            this.Send(new { jsonrpc = "2.0", id, method, @params = parameters });
            return this.Next(m => m.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.Number && i.GetInt32() == id);
        }

        public void Notify(string method, object parameters) => this.Send(new { jsonrpc = "2.0", method, @params = parameters });

        public JsonElement Next(Func<JsonElement, bool> match)
        {
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < TimeSpan.FromMinutes(1))
            {
                var frame = this.reader.ReadAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromMinutes(1)).GetAwaiter().GetResult();
                var message = JsonDocument.Parse(frame.Body).RootElement.Clone();
                if (match(message))
                    return message;
            }
            throw new TimeoutException("The language server did not answer.");
        }

        public void Dispose()
        {
            this.toServer.Dispose();
            this.running.Wait(TimeSpan.FromSeconds(10));
            this.server.Dispose();
            this.serverInput.Dispose();
            this.serverOutput.Dispose();
            this.fromServer.Dispose();
        }

        private void Send(object message)
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(message);
            this.toServer.Write(Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"));
            this.toServer.Write(body);
            this.toServer.Flush();
        }
    }
}
