using System.Runtime.Versioning;
using Conformance.Scenarios;
using Conformance.Targets.Windows.Native;
using Polly;
using Polly.Retry;

namespace Conformance.Targets.Windows;

/// <summary>
/// One handle to the device per access mask the catalog uses, opened with exactly that mask
/// (FILE_READ_DATA = 1, FILE_WRITE_DATA = 2, never GENERIC_*), because the I/O manager checks an IOCTL's
/// FILE_READ_ACCESS / FILE_WRITE_ACCESS bits against the handle's granted access. NtOpenFile, not CreateFile:
/// the mask reaches the object manager unchanged. A device that is not there yet (the driver still starting)
/// is retried. NOT YET RUN ON WINDOWS; under Wine it runs for real.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class DeviceHandles(string devicePath) : IDisposable
{
    private const int StatusObjectNameNotFound = unchecked((int)0xC0000034);
    private const int StatusObjectPathNotFound = unchecked((int)0xC000003A);
    private const int StatusNoSuchDevice = unchecked((int)0xC000000E);
    private const int StatusDeviceNotReady = unchecked((int)0xC00000A3);
    private const int StatusDeletePending = unchecked((int)0xC0000056); // the old device object still going away after a restart

    private static readonly ResiliencePipeline<int> WhileDeviceAppears = new ResiliencePipelineBuilder<int>()
        .AddRetry(new RetryStrategyOptions<int>
        {
            ShouldHandle = new PredicateBuilder<int>().HandleResult(status =>
                status is StatusObjectNameNotFound or StatusObjectPathNotFound or StatusNoSuchDevice or StatusDeviceNotReady or StatusDeletePending),
            MaxRetryAttempts = 40,
            Delay = TimeSpan.FromMilliseconds(250),
            BackoffType = DelayBackoffType.Constant,
        })
        .Build();

    private readonly Dictionary<uint, nint> handles = [];

    /// <summary>The NT name opened for <paramref name="win32Path"/>: \\.\X is \??\X; an NT path stays as it is.</summary>
    public static string NtPathOf(string win32Path)
    {
        ArgumentNullException.ThrowIfNull(win32Path);
        return win32Path.StartsWith(@"\\.\", StringComparison.Ordinal) ? @"\??\" + win32Path[4..] : win32Path;
    }

    /// <summary>The handle granted <paramref name="access"/> (FILE_READ_DATA | FILE_WRITE_DATA bits), opened on first use.</summary>
    public nint For(uint access)
    {
        if (handles.TryGetValue(access, out nint open))
        {
            return open;
        }

        nint handle = 0;
        int status = WhileDeviceAppears.Execute(() => Open(access, out handle));
        if (status < 0)
        {
            throw new WindowsTargetException(
                $"cannot open {devicePath} with access 0x{access:X} ({NtStatus.Format(status)}): is the driver started and does it create this device? (device path: the profile's open.windows.path or --device-path)");
        }

        handles[access] = handle;
        return handle;
    }

    private unsafe int Open(uint access, out nint handle)
    {
        string name = NtPathOf(devicePath);
        fixed (char* buffer = name)
        {
            var unicode = new UnicodeString { Length = (ushort)(name.Length * 2), MaximumLength = (ushort)(name.Length * 2), Buffer = buffer };
            var attributes = new ObjectAttributes
            {
                Length = (uint)sizeof(ObjectAttributes),
                ObjectName = &unicode,
                Attributes = NtDll.ObjCaseInsensitive,
            };
            IoStatusBlock ioStatus;
            return NtDll.NtOpenFile(out handle, access | NtDll.Synchronize, &attributes, &ioStatus, NtDll.FileShareReadWrite, NtDll.FileSynchronousIoNonAlert);
        }
    }

    /// <summary>Close every handle (before the driver is stopped: an open handle keeps it loaded).</summary>
    public void Dispose()
    {
        foreach (nint handle in handles.Values)
        {
            _ = NtDll.NtClose(handle); // nothing to do about a handle that will not close
        }

        handles.Clear();
    }
}
