using System.Text.Json;

namespace Tessera;

public static partial class JsonShapes
{
    /// <summary><c>{code, exit, message}</c>: code is the kebab-case name (<see cref="ErrorCodes.Name"/>), exit the process exit code.</summary>
    public static void WriteError(Utf8JsonWriter w, ErrorCode code, string message)
    {
        w.WriteStartObject();
        w.WriteString("code", code.Name());
        w.WriteNumber("exit", code.ExitCode());
        w.WriteString("message", message);
        w.WriteEndObject();
    }
}
