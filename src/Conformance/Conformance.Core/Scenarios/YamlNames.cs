using Conformance.Scenarios.Syntax;

namespace Conformance.Scenarios;

/// <summary>The spellings a device profile uses for enumerations, for writers of profiles (discover) and scenarios (generate).</summary>
public static class YamlNames
{
    /// <summary>buffered, in_direct, out_direct or neither.</summary>
    public static string Of(TransferMethod method) => DeviceProfileSyntax.Methods.NameOf(method);

    /// <summary>any, read, write or read_write.</summary>
    public static string Of(RequiredAccess access) => DeviceProfileSyntax.Accesses.NameOf(access);

    /// <summary>none, read, write or read_write.</summary>
    public static string Of(HandleAccess access) => ScenarioSyntax.HandleAccesses.NameOf(access);
}
