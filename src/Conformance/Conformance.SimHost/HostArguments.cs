using System.Globalization;

namespace Conformance.SimHost;

/// <summary>SimHost's command line; SimulatorTarget is its only real caller.</summary>
internal sealed record HostArguments(
    string SocketPath,
    string DriverPath,
    string BugcheckFile,
    IReadOnlyList<KeyValuePair<string, uint>> Registry,
    string DeviceName,
    int? ClientProcessId)
{
    /// <summary>The kernel secret to plant (the run's, the same in every boot), or null for a random one.</summary>
    public byte[]? KernelSecret { get; init; }

    /// <summary>Whether the access trace records the driver's touches of user memory (on unless --access-trace off).</summary>
    public bool AccessTrace { get; init; } = true;

    /// <summary>The host folder that is the driver's volume C: (--sandbox); null: no file system, every ZwCreateFile fails.</summary>
    public string? Sandbox { get; init; }

    /// <summary>Whether to open the device after DriverEntry (on unless --open-device off, which only loads: build-driver's check).</summary>
    public bool OpenDevice { get; init; } = true;

    public const string DefaultDeviceName = @"\Device\ConformanceSample";

    public const string Usage =
        "usage: Conformance.SimHost --socket <path> --driver <driver.so> --bugcheck-file <path> " +
        "[--registry Name=Value ...] [--device \\Device\\Name] [--client-pid N] [--kernel-secret <64 hex digits>] [--access-trace on|off] " +
        "[--sandbox <folder>] [--open-device on|off]";

    /// <exception cref="HostArgumentException">Missing or malformed option.</exception>
    public static HostArguments Parse(IReadOnlyList<string> args)
    {
        string? socket = null;
        string? driver = null;
        string? bugcheck = null;
        string device = DefaultDeviceName;
        int? client = null;
        byte[]? secret = null;
        bool accessTrace = true;
        bool openDevice = true;
        string? sandbox = null;
        var registry = new List<KeyValuePair<string, uint>>();
        for (int i = 0; i < args.Count; i++)
        {
            string option = args[i];
            string value = i + 1 < args.Count ? args[++i] : throw new HostArgumentException($"{option} needs a value.");
            switch (option)
            {
                case "--socket":
                    socket = value;
                    break;
                case "--driver":
                    driver = value;
                    break;
                case "--bugcheck-file":
                    bugcheck = value;
                    break;
                case "--device":
                    device = value;
                    break;
                case "--registry":
                    registry.Add(ParseRegistryValue(value));
                    break;
                case "--client-pid":
                    client = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && pid > 0
                        ? pid
                        : throw new HostArgumentException($"--client-pid expects a process id, got '{value}'.");
                    break;
                case "--kernel-secret":
                    secret = ParseSecret(value);
                    break;
                case "--access-trace":
                    accessTrace = OnOff(option, value);
                    break;
                case "--open-device":
                    openDevice = OnOff(option, value);
                    break;
                case "--sandbox":
                    sandbox = value.Length > 0 ? value : throw new HostArgumentException("--sandbox expects a folder.");
                    break;
                default:
                    throw new HostArgumentException($"Unknown option '{option}'.");
            }
        }

        return new HostArguments(
            socket ?? throw new HostArgumentException("--socket is required."),
            driver ?? throw new HostArgumentException("--driver is required."),
            bugcheck ?? throw new HostArgumentException("--bugcheck-file is required."),
            registry,
            device,
            client)
        {
            KernelSecret = secret,
            AccessTrace = accessTrace,
            OpenDevice = openDevice,
            Sandbox = sandbox,
        };
    }

    private static bool OnOff(string option, string value) => value switch
    {
        "on" => true,
        "off" => false,
        _ => throw new HostArgumentException($"{option} expects on or off, got '{value}'."),
    };

    /// <summary>Bytes of the kernel secret (SIM_KERNEL_SECRET_BYTES).</summary>
    public const int KernelSecretBytes = 32;

    private static byte[] ParseSecret(string text)
    {
        try
        {
            byte[] secret = Convert.FromHexString(text);
            if (secret.Length == KernelSecretBytes)
            {
                return secret;
            }
        }
        catch (FormatException)
        {
        }

        throw new HostArgumentException($"--kernel-secret expects {KernelSecretBytes} bytes as {2 * KernelSecretBytes} hex digits.");
    }

    // Registry values are REG_DWORDs under the driver's Parameters key: decimal or 0x-prefixed hex.
    private static KeyValuePair<string, uint> ParseRegistryValue(string text)
    {
        int equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new HostArgumentException($"--registry expects Name=Value, got '{text}'.");
        }

        string name = text[..equals];
        string number = text[(equals + 1)..];
        bool parsed = number.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? uint.TryParse(number.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out uint value)
            : uint.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        return parsed
            ? new KeyValuePair<string, uint>(name, value)
            : throw new HostArgumentException($"--registry {name}: '{number}' is not a DWORD (decimal or 0x hex).");
    }
}

/// <summary>A command-line error: SimHost prints it with the usage and exits with <see cref="HostExitCode.BadArguments"/>.</summary>
internal sealed class HostArgumentException(string message) : Exception(message);
