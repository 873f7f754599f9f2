using Conformance.Scenarios.Yaml;

namespace Conformance.Scenarios.Syntax;

/// <summary>
/// Every key a device profile may contain, in one place, compared by a test with
/// scenarios/schema/device.schema.json.
/// </summary>
internal static class DeviceProfileSyntax
{
    public static readonly KeySet Document = new("$root", "device profile",
        ["name", "description", "device_type", "event_provider", "proofs", "liveness", "open", "ioctls", "sequences"]);

    public static readonly KeySet Liveness = new("liveness", "liveness call",
        ["ioctl", "input", "output", "status"]);

    public static readonly KeySet Proofs = new("proofs", "proofs section",
        ["validation_failed", "exception_handled", "request_completed"]);

    public static readonly KeySet Proof = new("proof", "proof event",
        ["event", "field"]);

    public static readonly KeySet Open = new("open", "open section",
        ["simulator", "windows"]);

    public static readonly KeySet SimulatorOpen = new("simulator_open", "simulator open section",
        ["driver", "device"]);

    public static readonly KeySet WindowsOpen = new("windows_open", "windows open section",
        ["path", "service", "driver", "inf"]);

    public static readonly KeySet Ioctl = new("ioctl", "IOCTL entry",
        ["name", "description", "code", "device_type", "function", "method", "access", "input", "output", "handle_check"]);

    public static readonly KeySet HandleCheck = new("handle_check", "handle check",
        ["access", "status"]);

    public static readonly KeySet DocumentedSize = new("documented_size", "documented size",
        ["min", "max", "too_short", "too_long", "bad_pointer", "pointers"]);

    public static readonly KeySet Sequence = new("sequence", "sequence entry",
        ["name", "description", "create", "handle", "use", "release", "handle_at", "success", "invalid_handle"]);

    public static readonly KeySet SequenceHandle = new("sequence_handle", "handle location",
        ["from", "offset", "size"]);

    public static readonly KeySet SequenceHandleAt = new("sequence_handle_at", "handle_at",
        ["offset"]);

    /// <summary>All mapping kinds, for the schema consistency test.</summary>
    public static readonly IReadOnlyList<KeySet> All = [Document, Proofs, Proof, Liveness, Open, SimulatorOpen, WindowsOpen, Ioctl, HandleCheck, DocumentedSize, Sequence, SequenceHandle, SequenceHandleAt];

    public static readonly NameTable<TransferMethod> Methods = new("transfer method",
        ("buffered", TransferMethod.Buffered),
        ("in_direct", TransferMethod.InDirect),
        ("out_direct", TransferMethod.OutDirect),
        ("neither", TransferMethod.Neither));

    public static readonly NameTable<RequiredAccess> Accesses = new("required access",
        ("any", RequiredAccess.Any),
        ("read", RequiredAccess.Read),
        ("write", RequiredAccess.Write),
        ("read_write", RequiredAccess.ReadWrite));

    /// <summary>The buffers the create IOCTL may return the handle in (true: the output).</summary>
    public static readonly NameTable<bool> HandleBuffers = new("handle buffer",
        ("output", true),
        ("input", false));

    /// <summary>The word that makes an output's documented minimum "at least the input length".</summary>
    public const string InputLengthWord = "input";
}
