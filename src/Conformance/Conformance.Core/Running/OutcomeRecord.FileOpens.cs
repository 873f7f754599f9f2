using System.Text.Json;
using Conformance.Targets;

namespace Conformance.Running;

/// <summary>The files a call opened, in a journal line: "file_opens": [[routine, path, status, traits], ...] (traits: 1 OBJ_FORCE_ACCESS_CHECK, 2 OBJ_KERNEL_HANDLE, 4 user context).</summary>
public static partial class OutcomeRecord
{
    private static void WriteFileOpens(Utf8JsonWriter json, IReadOnlyList<KernelFileOpen> opens)
    {
        if (opens.Count == 0)
        {
            return;
        }

        json.WriteStartArray("file_opens");
        foreach (var open in opens)
        {
            json.WriteStartArray();
            json.WriteStringValue(open.Routine);
            json.WriteStringValue(open.Path);
            json.WriteNumberValue(open.Status);
            json.WriteNumberValue((open.ForceAccessCheck ? 1 : 0) | (open.KernelHandle ? 2 : 0) | (open.UserContext ? 4 : 0));
            json.WriteEndArray();
        }

        json.WriteEndArray();
    }

    private static KernelFileOpen[] ReadFileOpens(JsonElement root) =>
        root.TryGetProperty("file_opens", out var opens)
            ? [.. opens.EnumerateArray().Select(o => new KernelFileOpen(
                o[0].GetString()!,
                o[1].GetString()!,
                o[2].GetInt32(),
                (o[3].GetInt32() & 1) != 0,
                (o[3].GetInt32() & 2) != 0,
                (o[3].GetInt32() & 4) != 0))]
            : [];
}
